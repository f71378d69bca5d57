// cuda_emulation_tests.cpp — ctest, no GPU: the kernel sources in cuda/kernels/ run on the host
// through cuda_emulation.h, launched with the configurations the Java side uses, and compared bit
// for bit with the CPU library (low-dimensional integrators, Philox normals) or with the plain loops
// they decompose (spectral update and scale, lagged and cyclic sums).
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
#include "../../cuda/kernels/truth.cu"

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
  std::vector<double> jring(members * lags), ref(blocks * lags * d, 0.0), marg(blocks * lags * (d + 1), 0.0), ref_marg(marg);
  for (int64_t t = 0; t < saves; ++t) {
    for (int i = 0; i < members * d; ++i) { x[i] = std::sin(0.4 * i + t); conj[i] = x[i] * x[i] * x[i] - x[i]; }
    const int slot = (int)(t % lags), max_lag = t < lags - 1 ? (int)t : lags - 1;
    LaggedPushParams pp{members, 1, d, j, lags, slot, conj.data(), ring.data()};
    emu_launch(sfdt_lagged_push, 1, 256, pp, false);
    LaggedColumnParams cp{members, blocks, t, d, lags, max_lag, 0, x.data(), ring.data(), sums.data(), marg.data()};
    emu_launch(sfdt_lagged_column_f64, (unsigned)((blocks * (max_lag + 1) * d + 255) / 256), 256, cp, false);
    for (int m = 0; m < members; ++m) jring[m * lags + slot] = conj[m * d + j];  // LaggedColumnAccumulator.observe
    for (int b = 0; b < blocks; ++b) {
      const int from = (b * members + blocks - 1) / blocks, to = ((b + 1) * members + blocks - 1) / blocks;
      for (int m = from; m < to; ++m)
        for (int tau = 0; tau <= max_lag; ++tau) {
          const double bj = jring[m * lags + (int)((t - tau) % lags)];
          for (int i = 0; i < d; ++i) {
            ref[(b * lags + tau) * d + i] += x[m * d + i] * bj;
            ref_marg[(b * lags + tau) * (d + 1) + i] += x[m * d + i];
          }
          ref_marg[(b * lags + tau) * (d + 1) + d] += bj;
        }
    }
  }
  CHECK(std::memcmp(sums.data(), ref.data(), 8 * ref.size()) == 0, "lagged push + column kernels == Java loop order");
  CHECK(std::memcmp(marg.data(), ref_marg.data(), 8 * ref_marg.size()) == 0, "column sums of A and B == Java loop order");
}

// The cyclic (position-averaged) kernels, launched as CudaLaggedColumnAccumulator.cyclic does (push of the
// whole B vector, then one thread per (block, lag, offset) cell), against LaggedColumnAccumulator.cyclic's
// loops written out as in Java (members, lags, j, then k split where the index wraps). Several launch
// blocks (blocks·lags·d > 256) and blocks of unequal size.
static void cyclic_case(int members, int blocks, int d, int lags, int saves) {
  std::vector<double> x(members * d), conj(members * d), ring(members * lags * d, 0.0), sums(blocks * lags * d, 0.0);
  std::vector<double> jring(members * lags * d), ref(blocks * lags * d, 0.0), marg(blocks * lags * 2, 0.0), ref_marg(marg);
  for (int64_t t = 0; t < saves; ++t) {
    for (int i = 0; i < members * d; ++i) { x[i] = std::sin(0.37 * i + 1.3 * t); conj[i] = x[i] * x[i] * x[i] - 0.7 * x[i]; }
    const int slot = (int)(t % lags), max_lag = t < lags - 1 ? (int)t : lags - 1;
    LaggedPushParams pp{members, d, d, 0, lags, slot, conj.data(), ring.data()};
    emu_launch(sfdt_lagged_push, (unsigned)((members * d + 255) / 256), 256, pp, false);
    LaggedColumnParams cp{members, blocks, t, d, lags, max_lag, 0, x.data(), ring.data(), sums.data(), marg.data()};
    emu_launch(sfdt_lagged_cyclic_f64, (unsigned)((blocks * (max_lag + 1) * d + 255) / 256), 256, cp, false);
    for (int m = 0; m < members; ++m)
      for (int j = 0; j < d; ++j) jring[(m * lags + slot) * d + j] = conj[m * d + j];
    for (int b = 0; b < blocks; ++b) {
      const int from = (b * members + blocks - 1) / blocks, to = ((b + 1) * members + blocks - 1) / blocks;
      double* acc = ref.data() + b * lags * d;
      for (int m = from; m < to; ++m)
        for (int tau = 0; tau <= max_lag; ++tau) {
          const int bo = (m * lags + (int)((t - tau) % lags)) * d, base = tau * d, xo = m * d;
          for (int j = 0; j < d; ++j) {
            const double bj = jring[bo + j];
            const int wrap = d - j;
            for (int k = 0; k < wrap; ++k) acc[base + k] += x[xo + j + k] * bj;
            for (int k = wrap; k < d; ++k) acc[base + k] += x[xo + j + k - d] * bj;
            ref_marg[(b * lags + tau) * 2] += x[xo + j];
            ref_marg[(b * lags + tau) * 2 + 1] += bj;
          }
        }
    }
  }
  CHECK(std::memcmp(sums.data(), ref.data(), 8 * ref.size()) == 0,
        "cyclic push + cell kernels == cyclic column loop order (M %d, B %d, d %d, L %d)", members, blocks, d, lags);
  CHECK(std::memcmp(marg.data(), ref_marg.data(), 8 * ref_marg.size()) == 0, "cyclic sums of A and B == Java loop order");
}

// The response-matrix kernels, launched as CudaLaggedMatrix does (gather push, then one thread per
// (block, lag, i, k) entry), against the CPU library's sfdt_lagged_matrix_add (equal to the Java loop
// bit for bit, LaggedMatrixParityTest): a permuted column subset, blocks of unequal size, several
// launch blocks, the ring wrapping.
static void matrix_case(int members, int blocks, int d, std::vector<int> columns, int lags, int saves) {
  const int cols = (int)columns.size();
  std::vector<int> start(blocks + 1);
  std::vector<int64_t> start64(blocks + 1);
  for (int b = 0; b <= blocks; ++b) start64[b] = start[b] = (int)sfdt::member_block_start(b, members, blocks);
  std::vector<double> x(members * d), conj(members * d), ring(members * lags * cols, 0.0), cpu_ring(ring);
  std::vector<double> sums(blocks * lags * d * cols, 0.0), ref(sums), marg(blocks * lags * (d + cols), 0.0), ref_marg(marg);
  for (int64_t t = 0; t < saves; ++t) {
    for (int i = 0; i < members * d; ++i) { x[i] = std::sin(0.41 * i + 1.7 * t) + 0.2; conj[i] = x[i] * x[i] * x[i] - 0.6 * x[i] + 0.1; }
    const int max_lag = t < lags - 1 ? (int)t : lags - 1;
    LaggedMatrixParams mp{members, t, d, cols, lags, max_lag, blocks, 0, columns.data(), start.data(), x.data(), conj.data(),
                          ring.data(), sums.data(), marg.data()};
    emu_launch(sfdt_lagged_matrix_push, (unsigned)((members * cols + 255) / 256), 256, mp, false);
    emu_launch(sfdt_lagged_matrix, (unsigned)((blocks * (max_lag + 1) * d * cols + 255) / 256), 256, mp, false);
    sfdt_lagged_matrix_params cp{d, cols, columns.data(), lags, blocks, 1, members, start64.data(), t, x.data(), conj.data(),
                                 cpu_ring.data(), ref.data(), ref_marg.data()};
    CHECK(sfdt_lagged_matrix_add(&cp) == SFDT_OK, "sfdt_lagged_matrix_add");
  }
  double mag = 0;
  for (double v : ref) mag += std::fabs(v);
  CHECK(mag > 1, "matrix sums are non-trivial (%g)", mag);
  CHECK(std::memcmp(sums.data(), ref.data(), 8 * ref.size()) == 0,
        "matrix push + cell kernels == sfdt_lagged_matrix_add (M %d, B %d, d %d, %d columns, L %d)", members, blocks, d, cols, lags);
  CHECK(std::memcmp(marg.data(), ref_marg.data(), 8 * ref_marg.size()) == 0, "matrix sums of x and B == sfdt_lagged_matrix_add");
}

// The perturbed-ensemble kernels, launched per save as CudaPerturbedEnsemble does (kick at a window
// start, moment blocks + merge, pair values, projection blocks + merge at a window end), against
// PerturbedEnsemble.runOnHost's loops (BlockedMoments.foldBlock/merge) transcribed below, on states
// moved by a nonlinear map (the same for both copies, as shared noise). Several windows, observed < d,
// an impulse and a profile, 1…300 members in blocks of 256 (the production B: one block, or one full
// and a partial one) and of 4 and 7 (many blocks, a partial last one); then a NaN in one member's copy
// must be recorded at the right save and member.
static void truth_step(std::vector<double>& s, int members, int d, int64_t save) {
  for (int r = 0; r < members; ++r)
    for (int i = 0; i < d; ++i) {
      double& v = s[r * d + i];
      v = v + 0.3 * std::sin(v + 0.1 * i) + 0.05 * std::cos(0.37 * r + 0.11 * save);
    }
}

// BlockedMoments.foldBlock + merge, verbatim: block [from, to) of value(r) into (before, mean, m2).
template <class F>
static void ref_fold_block(F value, int from, int to, long long before, double& mean, double& m2) {
  double mu = 0.0, s = 0.0;
  for (int r = from; r < to; ++r) {
    double v = value(r);
    long long n = r - from + 1;
    double dv = v - mu;
    mu = mu + dv / (double)n;
    s = s + dv * (v - mu);
  }
  long long na = before, nb = to - from;
  double w = (double)nb / (double)(na + nb);
  double dm = mu - mean;
  mean = mean + dm * w;
  m2 = (m2 + s) + ((dm * dm) * (double)na) * w;
}

static void truth_case(int members, int d, int observed, bool profile, int poison_save, int block = 256) {
  const int lags = 3, every_k = 4, saves = 15, nq = 2, j = observed - 1;
  const double delta = 1e-3;
  const int64_t windows = (saves - lags) / every_k + 1, last_start = (windows - 1) * every_k;
  std::vector<double> u(observed), w(nq * lags * observed);
  for (int i = 0; i < observed; ++i) u[i] = 0.5 + 0.25 * i;
  for (size_t k = 0; k < w.size(); ++k) w[k] = std::cos(0.9 * k);
  std::vector<double> x(members * d), xd(members * d, 0.0);
  for (int k = 0; k < members * d; ++k) x[k] = std::sin(0.7 * k + 0.2);
  std::vector<double> rx = x, rxd = xd;
  // device side
  std::vector<double> mean(lags * observed, 0.0), m2(lags * observed, 0.0), pv(members * nq, 0.0), pmean(nq, 0.0), pm2(nq, 0.0);
  std::vector<long long> first_bad(observed, 0);
  std::vector<double> bad_value(observed, 0.0);
  std::vector<long long> count(lags, 0);
  long long pcount = 0;
  const long long blocks = (members + block - 1) / block;
  std::vector<double> part_mean(blocks * std::max(observed, nq)), part_m2(part_mean.size()), part_bad_value(blocks * observed);
  std::vector<long long> part_bad(blocks * observed);
  // reference (PerturbedEnsemble.run)
  std::vector<double> rmean(lags * observed, 0.0), rm2(lags * observed, 0.0), rpv(members * nq, 0.0), rpmean(nq, 0.0), rpm2(nq, 0.0);
  std::vector<long long> rcount(lags, 0);
  long long rpcount = 0;
  int lag = -1;
  for (int64_t save = 0; save < saves; ++save) {
    if (save > 0) {
      truth_step(x, members, d, save);
      truth_step(rx, members, d, save);
      if (lag >= 0) { truth_step(xd, members, d, save); truth_step(rxd, members, d, save); }
      if (save == poison_save) { xd[(members / 2) * d + 0] = NAN; rxd[(members / 2) * d + 0] = NAN; }
    }
    TruthParams p{members, 0, save, d, observed, lags, 0, nq, j, delta, x.data(), xd.data(), profile ? u.data() : nullptr,
                  w.data(), mean.data(), m2.data(), pv.data(), pmean.data(), pm2.data(), first_bad.data(), bad_value.data(),
                  block, part_mean.data(), part_m2.data(), part_bad.data(), part_bad_value.data()};
    if (save % every_k == 0 && save <= last_start) {
      emu_launch(sfdt_truth_kick, (unsigned)((members * d + 255) / 256), 256, p, false);
      rxd = rx;
      for (int r = 0; r < members; ++r) {
        if (profile) for (int i = 0; i < observed; ++i) rxd[r * d + i] += delta * u[i];
        else rxd[r * d + j] += delta;
      }
      lag = 0;
    }
    if (lag < 0) continue;
    p.lag = lag;
    p.count0 = count[lag];
    emu_launch(sfdt_truth_moment_blocks, (unsigned)((blocks * observed + 255) / 256), 256, p, false);
    emu_launch(sfdt_truth_moment_merge, (unsigned)((observed + 255) / 256), 256, p, false);
    emu_launch(sfdt_truth_pairs, (unsigned)((members * nq + 255) / 256), 256, p, false);
    count[lag] += members;
    if (lag == lags - 1) {
      p.count0 = pcount;
      emu_launch(sfdt_truth_projection_blocks, (unsigned)((blocks * nq + 255) / 256), 256, p, false);
      emu_launch(sfdt_truth_projection_merge, 1, 256, p, false);
      pcount += members;
    }
    {  // PerturbedEnsemble.runOnHost, verbatim
      int base = lag * observed;
      long long before = rcount[lag];
      for (int r0 = 0; r0 < members; r0 += block) {
        int r1 = std::min(members, r0 + block);
        for (int i = 0; i < observed; ++i)
          ref_fold_block([&](int r) { return (rxd[r * d + i] - rx[r * d + i]) / delta; }, r0, r1, before + r0, rmean[base + i],
                         rm2[base + i]);
      }
      rcount[lag] += members;
      for (int r = 0; r < members; ++r)
        for (int i = 0; i < observed; ++i) {
          double v = (rxd[r * d + i] - rx[r * d + i]) / delta;
          for (int q = 0; q < nq; ++q) rpv[r * nq + q] += w[(q * lags + lag) * observed + i] * v;
        }
    }
    if (lag == lags - 1) {
      for (int q = 0; q < nq; ++q)
        for (int r0 = 0; r0 < members; r0 += block)
          ref_fold_block([&](int r) { return rpv[r * nq + q]; }, r0, std::min(members, r0 + block), rpcount + r0, rpmean[q], rpm2[q]);
      rpcount += members;
      std::fill(rpv.begin(), rpv.end(), 0.0);
    }
    lag = lag + 1 < lags ? lag + 1 : -1;
  }
  const char* kind = profile ? "profile" : "impulse";
  CHECK(std::memcmp(xd.data(), rxd.data(), 8 * xd.size()) == 0 || poison_save >= 0, "truth kick == copy + Perturbation.add (%s)", kind);
  CHECK(std::memcmp(mean.data(), rmean.data(), 8 * mean.size()) == 0 && std::memcmp(m2.data(), rm2.data(), 8 * m2.size()) == 0,
        "truth moments == PerturbedEnsemble bitwise (%s, %d members in blocks of %d, d %d, observed %d)", kind, members, block, d,
        observed);
  CHECK(std::memcmp(pmean.data(), rpmean.data(), 8 * nq) == 0 && std::memcmp(pm2.data(), rpm2.data(), 8 * nq) == 0,
        "truth projections == PerturbedEnsemble bitwise (%s, %d members)", kind, members);
  CHECK(count == rcount && pcount == rpcount, "truth pair counts");
  if (poison_save < 0) {
    double mag = 0;
    for (double v : rmean) mag = std::max(mag, std::fabs(v));
    CHECK(mag > 0.1 && pcount == windows * members, "truth sums are non-trivial (%g)", mag);
    bool none = true;
    for (long long b : first_bad) none = none && b == 0;
    CHECK(none, "no divergence recorded on finite states");
  } else {
    CHECK(first_bad[0] == 1 + (long long)poison_save * members + members / 2 && std::isnan(bad_value[0]),
          "NaN recorded at save %d, member %d (got %lld)", poison_save, members / 2, first_bad[0]);
  }
}

int main() {
  philox_case();
  spectral_case();
  lagged_case();
  cyclic_case(1, 1, 1, 2, 5);
  cyclic_case(11, 3, 8, 4, 9);
  cyclic_case(37, 4, 40, 3, 5);
  matrix_case(1, 1, 1, {0}, 1, 3);
  matrix_case(11, 3, 4, {3, 0}, 3, 8);
  matrix_case(33, 4, 6, {0, 1, 2, 3, 4, 5}, 5, 9);  // 4·5·36 = 720 entries: three launch blocks
  for (int members : {1, 7, 300}) {
    for (int block : {256, 4, 7}) {
      truth_case(members, 5, 3, false, -1, block);
      truth_case(members, 5, 5, true, -1, block);
    }
  }
  truth_case(9, 4, 2, false, 6);
  truth_case(9, 4, 2, false, 6, 4);  // the NaN (member 4) opens the second of three blocks
  truth_case(9, 4, 2, false, 6, 2);  // … sits inside the third of five
  const int shapes[][3] = {{2, 40, 3}, {2, 7, 40}, {1, 1, 260}, {1, 3, 33}};  // model, d, members
  for (auto& sh : shapes)
    for (int scheme = sfdt::SCHEME_EM; scheme <= sfdt::SCHEME_RK4_EM; ++scheme) {
      lowdim_case<double>(sh[0], sh[1], scheme, sh[2], scheme == sfdt::SCHEME_RK4_EM);
      if (scheme != sfdt::SCHEME_HEUN) lowdim_case<float>(sh[0], sh[1], scheme, sh[2], false);
    }
  std::printf("%s (%d failures)\n", failures ? "FAILED" : "ok", failures);
  return failures ? 1 : 0;
}
