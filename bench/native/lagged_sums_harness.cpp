// bench/native/lagged_sums_harness.cpp — per-save cost of the direct (sfdt_lagged_grid_*) and FFT-over-time
// (sfdt_lagged_fft_*) lagged grid sums at N = 32, 16 blocks, F64, on random-ish fields; picks
// LaggedSumsMethod.FFT_FROM_LAGS. Build (after mvn package has unpacked FFTW into target/deps):
//   FD=target/deps/fftw/org/bytedeco/fftw/linux-x86_64; g++ -O3 -ffp-contract=off -fopenmp -std=c++17 \
//     -Inative/include -Inative/cpu bench/native/lagged_sums_harness.cpp native/cpu/lagged_grid.cpp \
//     native/cpu/lagged_grid_fft.cpp $FD/libfftw3.so.3 $FD/libfftw3f.so.3 -Wl,-rpath,$FD -o /tmp/lagged_sums
// Run: [SFDT_CPU_TIME=1] /tmp/lagged_sums L [members saves threads F]; CPU time is the robust measure
// on a shared machine (1 thread). Results: bench/results/lagged-grid.json "fft_over_time".

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <cmath>
#include "scorefdt/abi.h"
#include <ctime>
// wall clock, or with SFDT_CPU_TIME=1 the process CPU time (robust on a loaded machine at 1 thread)
static const bool kCpu = getenv("SFDT_CPU_TIME") != nullptr;
static double now() {
  if (kCpu) { timespec ts; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return ts.tv_sec + 1e-9 * ts.tv_nsec; }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
int main(int argc, char** argv) {
  int L = atoi(argv[1]), M = argc > 2 ? atoi(argv[2]) : 128, saves = argc > 3 ? atoi(argv[3]) : 400, threads = argc > 4 ? atoi(argv[4]) : 2;
  int n = 32, B = 16, nreal = n * n, h = n * (n / 2 + 1);
  std::vector<double> u((size_t)M * nreal), c((size_t)M * nreal);
  for (size_t i = 0; i < u.size(); ++i) { u[i] = std::sin(i * 0.37) + 0.1; c[i] = std::cos(i * 0.11); }
  std::vector<int64_t> bs(B + 1);
  for (int b = 0; b <= B; ++b) bs[b] = ((int64_t)b * M + B - 1) / B;
  // direct
  int batch = 16, slots = L - 1 + batch;
  std::vector<double> ring((size_t)M * slots * 2 * h), held((size_t)M * batch * 2 * h), sums((size_t)B * L * 2 * h);
  sfdt_lagged_grid_params p{};
  p.n = n; p.precision = SFDT_F64; p.lags = L; p.slots = slots; p.batch = batch; p.blocks = B; p.threads = threads; p.members = M;
  p.block_start = bs.data(); p.states = u.data(); p.conjugates = c.data(); p.ring = ring.data(); p.held_spectra = held.data(); p.sums = sums.data();
  double tp = 0, ts = 0, t0;
  for (int64_t t = 0; t < saves; ++t) {
    if (t % batch == 0) p.held_from = t;
    p.save = t; t0 = now(); sfdt_lagged_grid_push(&p); tp += now() - t0;
    if ((t + 1) % batch == 0) { p.held = batch; t0 = now(); sfdt_lagged_grid_sums(&p); ts += now() - t0; }
  }
  printf("L=%d direct: push %.3f ms/save, sums %.3f ms/save\n", L, 1e3 * tp / saves, 1e3 * ts / saves);
  // fft
  int F = std::max(2 * L - 1, L + 15);
  for (;; ++F) { int r = F; for (int q : {2, 3, 5}) while (r % q == 0) r /= q; if (r == 1) break; }
  if (argc > 5) F = atoi(argv[5]);
  int P = F - L + 1, W = L - 1 + P;
  std::vector<double> ub((size_t)M * h * P * 2), br((size_t)M * h * W * 2), s2((size_t)B * L * 2 * h);
  sfdt_lagged_fft_params q{};
  q.n = n; q.precision = SFDT_F64; q.lags = L; q.block_len = P; q.fft_len = F; q.blocks = B; q.threads = threads; q.members = M;
  q.block_start = bs.data(); q.states = u.data(); q.conjugates = c.data(); q.u_block = ub.data(); q.b_ring = br.data(); q.sums = s2.data();
  tp = ts = 0;
  for (int64_t t = 0; t < saves; ++t) {
    if (t % P == 0) q.block_from = t;
    q.save = t; t0 = now(); sfdt_lagged_fft_push(&q); tp += now() - t0;
    if ((t + 1) % P == 0) { q.filled = P; t0 = now(); int rc = sfdt_lagged_fft_sums(&q); ts += now() - t0; if (rc) printf("rc %d\n", rc); }
  }
  printf("L=%d fft F=%d P=%d: push %.3f ms/save, sums %.3f ms/save\n", L, F, P, 1e3 * tp / saves, 1e3 * ts / saves);
}
