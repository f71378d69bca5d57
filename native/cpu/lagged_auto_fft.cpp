// lagged_auto_fft.cpp — the lagged autocorrelation sums z(τ) = Σ_t û(t)·conj û(t − τ) of a grid field by
// FFT over time (abi.h sfdt_lagged_auto_*; java: backend/cpu/NativeLaggedAutoFft). They are the sums of
// lagged_grid_fft.cpp with B = u, which is all a conjugate linear per Fourier mode needs
// (B̂ = g·û + c·δ_k0: the caller applies g and c when it reads the sums), and they cost about half:
//  * time blocks of P ≥ L − 1 saves, transforms of length F = 2P. Block j's û at positions 0 … P − 1
//    and block j − 1's at P … 2P − 1 fill the circle, so the circular correlation of X_j = FFT(block j)
//    with Y_j = X_j + (−1)^ω X_{j−1} (a shift by F/2 is a sign per frequency, exact) pairs every save t
//    of block j with t − τ for every τ ≤ P, with no wrap-around. So each block needs one forward
//    transform per member and mode (the cross sums need two), and X_{j−1} is kept instead of a ring
//    of raw spectra;
//  * push, OpenMP over members: r2c of each member's field into the block's slot, stored per chunk of
//    kTimeModes modes as [chunk][slot][mode][re, im], so the sums read each chunk's series contiguously;
//  * sums, OpenMP over (member block, chunk): per member in order, X of the block (zero past the saves
//    pushed), g += X·conj(X + (−1)^ω X_prev) (lagged.h), X kept as the next block's X_prev when the block
//    is committed; one inverse transform per (block, chunk) adds z(τ), τ < L, to the sums.
// Every (member block, chunk) is one thread's, so results do not depend on the thread count. Time
// transforms run in double whatever the storage precision (as lagged_grid_fft.cpp).
#include <cstring>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "scorefdt/lagged.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;
using sfdt_cpu::TimeFft;
constexpr int kModes = sfdt_cpu::kTimeModes;

template <typename T>
int32_t push(const sfdt_lagged_auto_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, h = (size_t)n * (n / 2 + 1), chunks = (h + kModes - 1) / kModes;
  const size_t P = p.block_len, slot = (size_t)(p.save - p.block_from);
  T* ub = static_cast<T*>(p.u_block);
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    sfdt_cpu::FftScratch<T> s(nreal, h);
    const Fft<T>* fft = s.plan(n, status);
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!fft) continue;
      const double* f = p.states + m * (int64_t)nreal;
      for (size_t i = 0; i < nreal; ++i) s.real[i] = (T)f[i];
      fft->forward(s.real, s.spec);
      T* row = ub + (size_t)m * chunks * P * (2 * kModes);
      for (size_t c = 0; c < chunks; ++c) {
        T* out = row + (c * P + slot) * (2 * kModes);
        for (int j = 0; j < kModes; ++j) {
          const size_t k = c * kModes + j;
          out[2 * j] = k < h ? s.spec[k][0] : (T)0;  // modes past h (a last partial chunk) stay 0
          out[2 * j + 1] = k < h ? s.spec[k][1] : (T)0;
        }
      }
    }
  }
  return status;
}

// z(τ), τ < L, of member block b and chunk c added to the sums; x, g, zero: per-thread scratch of
// F·kModes complex values, [time][mode] (zero stays 0: the previous block of a batch's first block).
template <typename T>
void chunk_sums(const sfdt_lagged_auto_params& p, const TimeFft& tf, int64_t b, size_t c, fftw_complex* x,
                fftw_complex* g, const fftw_complex* zero) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), chunks = (h + kModes - 1) / kModes, row = 2 * h;
  const size_t P = p.block_len, F = 2 * P, L = p.lags, k0 = c * kModes, kn = h - k0 < (size_t)kModes ? h - k0 : kModes;
  const T* ub = static_cast<const T*>(p.u_block);
  const size_t series = F * kModes;  // complex values of one member's chunk
  const bool has_prev = p.block_from > 0;
  const int64_t from = p.block_start[b], to = p.block_start[b + 1];
  // A block with no members here (a shard holds a few of the run's blocks) adds nothing: skip its transforms.
  if (from == to) return;
  std::memset(g, 0, sizeof(fftw_complex) * series);
  for (int64_t m = from; m < to; ++m) {
    const T* u = ub + ((size_t)m * chunks + c) * P * (2 * kModes);
    for (size_t i = 0; i < (size_t)p.filled * kModes; ++i) {
      x[i][0] = u[2 * i];
      x[i][1] = u[2 * i + 1];
    }
    std::memset(x + (size_t)p.filled * kModes, 0, sizeof(fftw_complex) * (series - (size_t)p.filled * kModes));
    fftw_execute_dft(tf.fwd, x, x);
    fftw_complex* kept = reinterpret_cast<fftw_complex*>(p.x_prev) + ((size_t)m * chunks + c) * series;
    const fftw_complex* prev = has_prev ? kept : zero;
    for (size_t w = 0; w < F; ++w) {
      const double sign = (w & 1) ? -1.0 : 1.0;
      for (int j = 0; j < kModes; ++j) sfdt::lagged_auto_frequency(x[w * kModes + j], prev[w * kModes + j], sign, g[w * kModes + j]);
    }
    if (p.commit) std::memcpy(kept, x, sizeof(fftw_complex) * series);
  }
  fftw_execute_dft(tf.inv, g, g);
  double* acc = p.sums + (size_t)b * L * row + k0;
  const double scale = (double)F;
  for (size_t tau = 0; tau < L; ++tau) {
    for (size_t j = 0; j < kn; ++j) {
      acc[tau * row + j] += g[tau * kModes + j][0] / scale;
      acc[tau * row + h + j] += g[tau * kModes + j][1] / scale;
    }
  }
}

template <typename T>
int32_t sums(const sfdt_lagged_auto_params& p) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), series = 2 * (size_t)p.block_len * kModes;
  const int64_t chunks = (int64_t)((h + kModes - 1) / kModes), items = (int64_t)p.blocks * chunks;
  const int nt = sfdt_cpu::thread_count(p.threads, items);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    auto* x = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * series));
    auto* g = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * series));
    auto* zero = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * series));
    if (zero) std::memset(zero, 0, sizeof(fftw_complex) * series);
    const TimeFft* tf = x && g && zero ? TimeFft::get(2 * p.block_len, x) : nullptr;
    if (!tf) {
#pragma omp critical
      status = x && g && zero ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
#pragma omp for schedule(static)
    for (int64_t r = 0; r < items; ++r) {
      if (tf) chunk_sums<T>(p, *tf, r / chunks, (size_t)(r % chunks), x, g, zero);
    }
    fftw_free(x);
    fftw_free(g);
    fftw_free(zero);
  }
  return status;
}

int32_t check(const sfdt_lagged_auto_params* p) {
  if (!p || !p->u_block || !p->x_prev) return SFDT_E_NULL;
  if (p->n < 2 || p->lags < 1 || p->block_len < 1 || p->block_len < p->lags - 1 || p->blocks < 1 || p->members < 0
      || p->block_from < 0 || p->block_from % p->block_len != 0) {
    return SFDT_E_ARG;
  }
  return SFDT_OK;
}

}  // namespace

extern "C" int32_t sfdt_lagged_auto_push(const sfdt_lagged_auto_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->states) return SFDT_E_NULL;
  if (p->save < p->block_from || p->save - p->block_from >= p->block_len) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? push<float>(*p) : push<double>(*p);
}

extern "C" int32_t sfdt_lagged_auto_sums(const sfdt_lagged_auto_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->sums || !p->block_start) return SFDT_E_NULL;
  if (p->filled < 1 || p->filled > p->block_len || (p->commit && p->filled != p->block_len)) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? sums<float>(*p) : sums<double>(*p);
}
