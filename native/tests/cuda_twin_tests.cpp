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
#include "scorefdt/lagged.h"
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

// The lagged sums as the Java accumulators loop (block, member, lag, component), against the
// kernel's decomposition (one cell per block, lag, component, members inside), over several saves.
static void lagged_cases() {
  const int members = 37, blocks = 5, d = 3, lags = 4, saves = 9;
  const int64_t modes = 6;
  std::vector<double> ring_c(members * lags), ring_m(members * lags * modes * 2);
  std::vector<double> ref_c(blocks * lags * d, 0.0), cell_c(ref_c), ref_m(blocks * lags * modes * 2, 0.0), cell_m(ref_m);
  std::vector<double> ref_ca(blocks * lags * (d + 1), 0.0), cell_ca(ref_ca), ref_ma(blocks * lags * 2, 0.0), cell_ma(ref_ma);
  std::vector<float> x(members * d);
  std::vector<double> u(members * modes * 2);
  for (int64_t t = 0; t < saves; ++t) {
    for (int i = 0; i < members * d; ++i) x[i] = (float)std::sin(0.3 * i + 1.1 * t);
    for (int i = 0; i < members * modes * 2; ++i) u[i] = std::cos(0.7 * i - 0.4 * t) * (1 + i % 5);
    const int slot = (int)(t % lags), max_lag = t < lags - 1 ? (int)t : lags - 1;
    for (int m = 0; m < members; ++m) {
      ring_c[m * lags + slot] = std::cos(0.11 * m * (t + 1)) / 3.0;
      for (int64_t k = 0; k < 2 * modes; ++k) ring_m[(m * lags + slot) * modes * 2 + k] = std::sin(0.05 * (m + 1) * (k + t));
    }
    for (int b = 0; b < blocks; ++b) {
      const int64_t from = sfdt::member_block_start(b, members, blocks), to = sfdt::member_block_start(b + 1, members, blocks);
      for (int64_t m = from; m < to; ++m)      // the Java loop order
        for (int tau = 0; tau <= max_lag; ++tau) {
          const double bj = ring_c[m * lags + (t - tau) % lags];
          for (int i = 0; i < d; ++i) {
            ref_c[(b * lags + tau) * d + i] += (double)x[m * d + i] * bj;
            ref_ca[(b * lags + tau) * (d + 1) + i] += (double)x[m * d + i];
          }
          ref_ca[(b * lags + tau) * (d + 1) + d] += bj;
          const double* r = &ring_m[(m * lags + (t - tau) % lags) * modes * 2];
          ref_ma[(b * lags + tau) * 2] += u[m * modes * 2];
          ref_ma[(b * lags + tau) * 2 + 1] += r[0];
          for (int64_t k = 0; k < 2 * modes; k += 2) {
            const double ur = u[m * modes * 2 + k], ui = u[m * modes * 2 + k + 1], br = r[k], bi = r[k + 1];
            ref_m[(b * lags + tau) * modes * 2 + k] += ur * br + ui * bi;
            ref_m[(b * lags + tau) * modes * 2 + k + 1] += ui * br - ur * bi;
          }
        }
      for (int tau = 0; tau <= max_lag; ++tau) {  // the kernel's cells
        for (int i = 0; i < d; ++i)
          sfdt::lagged_column_cell(x.data(), d, i, ring_c.data(), lags, from, to, t, tau, &cell_c[(b * lags + tau) * d + i],
                                   &cell_ca[(b * lags + tau) * (d + 1)]);
        for (int64_t k = 0; k < modes; ++k)
          sfdt::lagged_mode_cell(u.data(), modes, k, ring_m.data(), lags, from, to, t, tau, &cell_m[((b * lags + tau) * modes + k) * 2],
                                 &cell_ma[(b * lags + tau) * 2]);
      }
    }
  }
  double mag = 0;
  for (double v : ref_c) mag += std::fabs(v);
  CHECK(mag > 1, "lagged column sums are non-trivial (%g)", mag);
  CHECK(std::memcmp(ref_c.data(), cell_c.data(), 8 * ref_c.size()) == 0, "lagged column cells == Java loop order bitwise");
  CHECK(std::memcmp(ref_m.data(), cell_m.data(), 8 * ref_m.size()) == 0, "lagged mode cells == Java loop order bitwise");
  CHECK(std::memcmp(ref_ca.data(), cell_ca.data(), 8 * ref_ca.size()) == 0, "column sums of A and B == Java loop order bitwise");
  CHECK(std::memcmp(ref_ma.data(), cell_ma.data(), 8 * ref_ma.size()) == 0, "mode-0 sums of A and B == Java loop order bitwise");
  // Block starts as MemberBlocks.java: sizes differ by at most one and cover all members.
  int64_t prev = 0;
  bool ok = sfdt::member_block_start(0, members, blocks) == 0 && sfdt::member_block_start(blocks, members, blocks) == members;
  for (int b = 1; b <= blocks; ++b) {
    const int64_t s = sfdt::member_block_start(b, members, blocks);
    ok = ok && (s - prev == members / blocks || s - prev == members / blocks + 1);
    prev = s;
  }
  CHECK(ok, "member blocks partition the members evenly");
}

int main() {
  lagged_cases();
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
