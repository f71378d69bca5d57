// cuda_emulation_tests.cpp — ctest, no GPU: the kernel sources in cuda/kernels/ run on the host
// through cuda_emulation.h, launched with the configurations the Java side uses, and compared bit
// for bit with the CPU library (low-dimensional integrators, Philox normals) or with the plain loops
// they decompose (spectral update and scale, lagged sums).
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>
#include "cuda_emulation.h"
#include "scorefdt/abi.h"
#include "../../cuda/kernels/lowdim.cu"
#include "../../cuda/kernels/philox_normals.cu"
#include "../../cuda/kernels/spectral.cu"
#include "../../cuda/kernels/lagged.cu"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { std::printf("FAIL: " __VA_ARGS__); std::printf("\n"); ++failures; } } while (0)

// CudaLowDimIntegrator's launch: ⌊256/d⌋ teams (≥ 1, ≤ rows) of d threads, 2·teams·d values of shared memory.
template <typename T>
static void lowdim_case(int model, int d, int scheme, int members, bool paired) {
  const int nsteps = 12;
  const int64_t offset = 1000, step0 = 77;
  const uint64_t seed = 0x5eed;
  const double dt = 0.01, forcing = 8.0;
  std::vector<double> sigma(d), s(d);
  for (int i = 0; i < d; ++i) { sigma[i] = 0.5 + 0.01 * i; s[i] = sigma[i] * std::sqrt(dt); }
  std::vector<T> lib(members * d), lib2, dev, dev2;
  for (int i = 0; i < members * d; ++i) lib[i] = (T)(0.3 * std::sin(0.7 * i + 0.1));
  lib2 = lib;
  for (int m = 0; m < members; ++m) lib2[m * d + d / 2] += (T)1e-3;
  dev = lib;
  dev2 = lib2;
  sfdt_lowdim_params p{};
  p.model = model; p.scheme = scheme; p.precision = sizeof(T) == 8 ? SFDT_F64 : SFDT_F32; p.dim = d; p.members = members;
  p.member_offset = offset; p.step0 = step0; p.nsteps = nsteps; p.threads = 1; p.seed = seed; p.dt = dt;
  p.sigma = sigma.data(); p.params = &forcing; p.nparams = 1; p.state = lib.data();
  CHECK(sfdt_lowdim_advance(&p) == SFDT_OK, "library advance");
  p.state = lib2.data();
  CHECK(sfdt_lowdim_advance(&p) == SFDT_OK, "library advance (copy)");
  const int teams = std::max(1, std::min(256 / d, members));
  const unsigned blocks = (unsigned)((members + teams - 1) / teams);
  LowdimParams k{};
  k.seed = seed; k.members = members; k.member_offset = offset; k.step0 = step0; k.nsteps = nsteps; k.dim = d;
  k.model = model; k.scheme = scheme; k.teams = teams; k.dt = dt; k.forcing = forcing; k.s = s.data();
  k.state = dev.data(); k.state2 = paired ? dev2.data() : nullptr;
  CHECK(2 * teams * d * (int)sizeof(T) <= (int)sizeof(smem), "shared memory");
  emu_launch(sizeof(T) == 8 ? (void (*)(LowdimParams))sfdt_lowdim_f64 : (void (*)(LowdimParams))sfdt_lowdim_f32,
             blocks, (unsigned)(teams * d), k, true);
  CHECK(std::memcmp(lib.data(), dev.data(), sizeof(T) * lib.size()) == 0,
        "lowdim kernel == library (model %d, d %d, scheme %d, members %d, %s)", model, d, scheme, members,
        sizeof(T) == 8 ? "f64" : "f32");
  if (paired)
    CHECK(std::memcmp(lib2.data(), dev2.data(), sizeof(T) * lib2.size()) == 0,
          "paired copy == separate library run (model %d, d %d, scheme %d)", model, d, scheme);
}

static void philox_case() {
  const int64_t members = 5, count = 9;
  std::vector<double> dev(members * count), ref(members * count);
  PhiloxNormalsParams p{0xC0FFEEULL, 1, 1LL << 31, (1LL << 40) + 17, members, count, dev.data()};
  const unsigned threads = (unsigned)(members * ((count + 1) / 2));
  emu_launch(sfdt_philox_normals_kernel, (threads + 127) / 128, 128, p, false);
  for (int64_t m = 0; m < members; ++m)
    sfdt_philox_normals(0xC0FFEEULL, 1, (1LL << 31) + m, (1LL << 40) + 17, &ref[m * count], count);
  CHECK(std::memcmp(dev.data(), ref.data(), 8 * ref.size()) == 0, "philox normals kernel == library");
}

// The spectral kernels with CudaSpectralIntegrator's launch sizes (256 threads, rows·pairs, rows·modes, rows·cells).
static void spectral_case() {
  const int n = 6, rows = 3;
  const int64_t cells = n * n, modes = n * (n / 2 + 1);
  std::vector<float> noise(rows * cells), ref(rows * cells);
  SpectralNoiseParams np{42, rows, 10, 5, cells, noise.data()};
  emu_launch(sfdt_spectral_noise_f32, (unsigned)((rows * cells / 2 + 255) / 256), 256, np, false);
  for (int m = 0; m < rows; ++m) sfdt::fill_normals(sfdt::noise_key(42, sfdt::STREAM_NOISE, 10 + m, 5), &ref[m * cells], cells);
  CHECK(std::memcmp(noise.data(), ref.data(), 4 * ref.size()) == 0, "spectral noise kernel == fill_normals (f32)");
  std::vector<double> are(modes), aim(modes), bre(modes), bim(modes), u(2 * rows * modes), w(2 * rows * modes), want;
  for (int64_t i = 0; i < modes; ++i) { are[i] = 0.9 - 0.01 * i; aim[i] = 0.02 * i; bre[i] = 0.1 + 0.001 * i; bim[i] = -0.003 * i; }
  for (int64_t i = 0; i < 2 * rows * modes; ++i) { u[i] = std::sin(0.3 * i); w[i] = std::cos(0.7 * i); }
  want = u;
  for (int m = 0; m < rows; ++m)
    for (int64_t i = 0; i < modes; ++i) {
      double* q = &want[2 * (m * modes + i)];
      sfdt::spectral_mode_update(&q[0], &q[1], w[2 * (m * modes + i)], w[2 * (m * modes + i) + 1], are[i], aim[i], bre[i], bim[i]);
    }
  SpectralUpdateParams up{rows, modes, are.data(), aim.data(), bre.data(), bim.data(), u.data(), w.data()};
  emu_launch(sfdt_spectral_update_f64, (unsigned)((rows * modes + 255) / 256), 256, up, false);
  CHECK(std::memcmp(u.data(), want.data(), 8 * u.size()) == 0, "spectral update kernel == per-mode loop");
  std::vector<double> x(rows * cells), xs;
  for (int64_t i = 0; i < rows * cells; ++i) x[i] = 1.0 + i;
  xs = x;
  SpectralScaleParams sp{rows * cells, cells, x.data()};
  emu_launch(sfdt_spectral_scale_f64, (unsigned)((rows * cells + 255) / 256), 256, sp, false);
  bool ok = true;
  for (int64_t i = 0; i < rows * cells; ++i) ok = ok && x[i] == xs[i] * (1.0 / (double)cells);
  CHECK(ok, "spectral scale kernel == ×(1/n²)");
}

// The lagged kernels, launched as CudaLaggedColumnAccumulator does (push, then one thread per cell),
// against the Java accumulator's loop order.
static void lagged_case() {
  const int members = 11, blocks = 3, d = 2, lags = 3, saves = 7, j = 1;
  std::vector<double> x(members * d), conj(members * d), ring(members * lags, 0.0), sums(blocks * lags * d, 0.0);
  std::vector<double> jring(members * lags), ref(blocks * lags * d, 0.0);
  for (int64_t t = 0; t < saves; ++t) {
    for (int i = 0; i < members * d; ++i) { x[i] = std::sin(0.4 * i + t); conj[i] = x[i] * x[i] * x[i] - x[i]; }
    const int slot = (int)(t % lags), max_lag = t < lags - 1 ? (int)t : lags - 1;
    LaggedPushParams pp{members, 1, d, j, lags, slot, conj.data(), ring.data()};
    emu_launch(sfdt_lagged_push, 1, 256, pp, false);
    LaggedColumnParams cp{members, blocks, t, d, lags, max_lag, 0, x.data(), ring.data(), sums.data()};
    emu_launch(sfdt_lagged_column_f64, (unsigned)((blocks * (max_lag + 1) * d + 255) / 256), 256, cp, false);
    for (int m = 0; m < members; ++m) jring[m * lags + slot] = conj[m * d + j];  // LaggedColumnAccumulator.observe
    for (int b = 0; b < blocks; ++b) {
      const int from = (b * members + blocks - 1) / blocks, to = ((b + 1) * members + blocks - 1) / blocks;
      for (int m = from; m < to; ++m)
        for (int tau = 0; tau <= max_lag; ++tau) {
          const double bj = jring[m * lags + (int)((t - tau) % lags)];
          for (int i = 0; i < d; ++i) ref[(b * lags + tau) * d + i] += x[m * d + i] * bj;
        }
    }
  }
  CHECK(std::memcmp(sums.data(), ref.data(), 8 * ref.size()) == 0, "lagged push + column kernels == Java loop order");
}

int main() {
  philox_case();
  spectral_case();
  lagged_case();
  const int shapes[][3] = {{2, 40, 3}, {2, 7, 40}, {1, 1, 260}, {1, 3, 33}};  // model, d, members
  for (auto& sh : shapes)
    for (int scheme = sfdt::SCHEME_EM; scheme <= sfdt::SCHEME_RK4_EM; ++scheme) {
      lowdim_case<double>(sh[0], sh[1], scheme, sh[2], scheme == sfdt::SCHEME_RK4_EM);
      if (scheme != sfdt::SCHEME_HEUN) lowdim_case<float>(sh[0], sh[1], scheme, sh[2], false);
    }
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
