// cuda_twin_tests.cpp — ctest without a GPU: the CUDA kernels' decompositions replayed on the CPU
// with the same shared bodies, against the CPU library bit for bit. The low-dimensional kernel
// (cuda/kernels/lowdim.cu) runs one thread per component with the stage vector in shared memory;
// team_advance below executes exactly those per-thread statements, thread by thread between the
// kernel's __syncthreads, so a wrong index, stage order or noise component shows up here.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#include "scorefdt/abi.h"
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

// The lowdim.cu team loop for one member, each "for i" being the d threads of a team between barriers.
template <typename T>
static void team_advance(int model, int scheme, double forcing_d, const std::vector<double>& s_d, double dt_d,
                         uint64_t seed, uint64_t member, uint64_t step0, int nsteps, T* x, int d) {
  std::vector<T> xs(d), zs(d), f0(d), f1(d), f2(d), f3(d), s(d);
  const T dt = (T)dt_d, forcing = (T)forcing_d, half_dt = (T)0.5 * dt, dt6 = dt / (T)6;
  for (int i = 0; i < d; ++i) s[i] = (T)s_d[i];
  const int pairs = (d + 1) / 2;
  for (int k = 0; k < nsteps; ++k) {
    for (int i = 0; i < d; ++i) {
      if (i < pairs) {
        sfdt::NoiseKey key = sfdt::noise_key(seed, sfdt::STREAM_NOISE, member, step0 + k);
        double z0, z1;
        sfdt::normal_pair(key, (uint32_t)i, &z0, &z1);
        zs[2 * i] = (T)z0;
        if (2 * i + 1 < d) zs[2 * i + 1] = (T)z1;
      }
      xs[i] = x[i];
    }
    for (int i = 0; i < d; ++i) f0[i] = sfdt::lowdim_drift_component(model, forcing, xs.data(), i, d);
    if (scheme == sfdt::SCHEME_EM) {
      for (int i = 0; i < d; ++i) x[i] = sfdt::em_update(x[i], dt, f0[i], s[i], zs[i]);
    } else if (scheme == sfdt::SCHEME_HEUN) {
      for (int i = 0; i < d; ++i) xs[i] = sfdt::em_update(x[i], dt, f0[i], s[i], zs[i]);
      for (int i = 0; i < d; ++i) f1[i] = sfdt::lowdim_drift_component(model, forcing, xs.data(), i, d);
      for (int i = 0; i < d; ++i) x[i] = sfdt::heun_correct(x[i], half_dt, f0[i], f1[i], s[i], zs[i]);
    } else {
      for (int i = 0; i < d; ++i) xs[i] = sfdt::rk4_stage(x[i], half_dt, f0[i]);
      for (int i = 0; i < d; ++i) f1[i] = sfdt::lowdim_drift_component(model, forcing, xs.data(), i, d);
      for (int i = 0; i < d; ++i) xs[i] = sfdt::rk4_stage(x[i], half_dt, f1[i]);
      for (int i = 0; i < d; ++i) f2[i] = sfdt::lowdim_drift_component(model, forcing, xs.data(), i, d);
      for (int i = 0; i < d; ++i) xs[i] = sfdt::rk4_stage(x[i], dt, f2[i]);
      for (int i = 0; i < d; ++i) f3[i] = sfdt::lowdim_drift_component(model, forcing, xs.data(), i, d);
      for (int i = 0; i < d; ++i) x[i] = sfdt::rk4_combine(x[i], dt6, f0[i], f1[i], f2[i], f3[i], s[i], zs[i]);
    }
  }
}

template <typename T>
static void lowdim_case(int model, int d, int scheme, int precision) {
  const int members = 5, nsteps = 60;
  const int64_t offset = 123456789;
  const uint64_t step0 = (1ULL << 33) + 5, seed = 0xfeedbeef12345ULL;
  const double dt = 0.01, forcing = 8.0;
  std::vector<double> sigma(d), s(d);
  for (int i = 0; i < d; ++i) { sigma[i] = 0.3 + 0.05 * i; s[i] = sigma[i] * std::sqrt(dt); }
  std::vector<T> lib(members * d), twin;
  for (int i = 0; i < members * d; ++i) lib[i] = (T)(0.5 * std::sin(0.37 * i + 0.2));
  twin = lib;
  sfdt_lowdim_params p{};
  p.model = model; p.scheme = scheme; p.precision = precision; p.dim = d; p.members = members;
  p.member_offset = offset; p.step0 = (int64_t)step0; p.nsteps = nsteps; p.threads = 1; p.seed = seed; p.dt = dt;
  p.sigma = sigma.data(); p.params = &forcing; p.nparams = 1; p.state = lib.data();
  CHECK(sfdt_lowdim_advance(&p) == SFDT_OK, "lowdim advance");
  for (int m = 0; m < members; ++m)
    team_advance<T>(model, scheme, forcing, s, dt, seed, (uint64_t)(offset + m), step0, nsteps, &twin[m * d], d);
  bool finite = true;
  for (T v : lib) finite = finite && std::isfinite((double)v);
  CHECK(finite, "finite states (model %d, d %d)", model, d);
  CHECK(std::memcmp(lib.data(), twin.data(), sizeof(T) * lib.size()) == 0,
        "team decomposition == CPU library bitwise (model %d, d %d, scheme %d, %s)", model, d, scheme,
        precision == SFDT_F64 ? "f64" : "f32");
}

int main() {
  const int shapes[][2] = {{2, 40}, {2, 7}, {2, 4}, {1, 1}, {1, 3}};
  for (auto& sh : shapes)
    for (int scheme = sfdt::SCHEME_EM; scheme <= sfdt::SCHEME_RK4_EM; ++scheme) {
      lowdim_case<double>(sh[0], sh[1], scheme, SFDT_F64);
      lowdim_case<float>(sh[0], sh[1], scheme, SFDT_F32);
    }
  // The per-component drift against the vector drift, every component (wrap-around included).
  {
    const int d = 9;
    double x[d], f[d], F = 8.0;
    for (int i = 0; i < d; ++i) x[i] = std::cos(1.7 * i);
    sfdt::lowdim_drift(sfdt::MODEL_LORENZ96, &F, x, f, d);
    bool same = true;
    for (int i = 0; i < d; ++i) same = same && sfdt::lowdim_drift_component(sfdt::MODEL_LORENZ96, F, x, i, d) == f[i];
    CHECK(same, "lorenz96 component == vector drift");
  }
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
