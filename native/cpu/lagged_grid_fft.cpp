// lagged_grid_fft.cpp — the lagged GFDT sums of a translation-invariant grid by FFT over time (abi.h
// sfdt_lagged_fft_*; java: backend/cpu/NativeLaggedGridFft). The direct sums (lagged_grid.cpp) cost
// 8·L flops per member, mode and save; here a block of P saves is correlated with the B̂ of its P + L − 1
// saves by complex FFTs of length F ≥ P + L − 1, ≈ (2·5·F·log₂F + 8F)/P flops, a few times fewer at
// L ≳ 50. Two phases:
//  * push, OpenMP over members: r2c of each member's field and conjugate (as lagged_grid.cpp), û into
//    the block's row save − block_from, B̂ into the ring row save mod (L − 1 + P);
//  * sums, OpenMP over (member block, chunk of 8 modes): per member and mode, x = û of the block placed at positions
//    L − 1 … L − 2 + filled and y = B̂ of saves block_from − (L − 1) … at 0 … (zero before save 0 and
//    past the block), both zero-padded to F; Σ_members FFT(x)·conj FFT(y) in member order, then one
//    inverse FFT gives z(τ) = Σ_t û(t)·conj B̂(t − τ) for τ < L without wrap-around, added to the sums.
// Time transforms run in double whatever the storage precision, so F32 only rounds the spatial
// transforms, as the direct F32 path does.
#include <cstring>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;
using sfdt_cpu::TimeFft;
constexpr int kModes = sfdt_cpu::kTimeModes;

// r2c of one field (rounded to T) into the row planes out[0 … h) (re) and out[h … 2h) (im).
template <typename T>
inline void transform(const Fft<T>& fft, T* real, typename Fft<T>::C* spec, const double* field, size_t nreal,
                      size_t h, T* out) {
  for (size_t i = 0; i < nreal; ++i) real[i] = (T)field[i];
  fft.forward(real, spec);
  for (size_t k = 0; k < h; ++k) {
    out[k] = spec[k][0];
    out[h + k] = spec[k][1];
  }
}

template <typename T>
int32_t push(const sfdt_lagged_fft_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, h = (size_t)n * (n / 2 + 1), row = 2 * h;
  const size_t P = p.block_len, W = (size_t)p.lags - 1 + P;
  const size_t uslot = (size_t)(p.save - p.block_from), bslot = (size_t)(p.save % (int64_t)W);
  T* ub = static_cast<T*>(p.u_block);
  T* br = static_cast<T*>(p.b_ring);
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    T* real = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    auto* spec = static_cast<typename Fft<T>::C*>(fftw_malloc(sizeof(typename Fft<T>::C) * h));
    const Fft<T>* fft = real && spec ? Fft<T>::get(n, real, spec) : nullptr;
    if (!fft) {
#pragma omp critical
      status = real && spec ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!fft) continue;
      transform(*fft, real, spec, p.conjugates + m * (int64_t)nreal, nreal, h, br + ((size_t)m * W + bslot) * row);
      transform(*fft, real, spec, p.states + m * (int64_t)nreal, nreal, h, ub + ((size_t)m * P + uslot) * row);
    }
    fftw_free(real);
    fftw_free(spec);
  }
  return status;
}

// z(τ), τ < L, of block b and modes k0 … k0 + kModes − 1 (those < h), added to the sums; x, y, g:
// per-thread scratch of f·kModes values, [time][mode].
template <typename T>
void chunk_sums(const sfdt_lagged_fft_params& p, const TimeFft& tf, int64_t b, size_t k0, fftw_complex* x,
                fftw_complex* y, fftw_complex* g) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), row = 2 * h, P = p.block_len, L = p.lags, W = L - 1 + P;
  const size_t f = p.fft_len, used = L - 1 + (size_t)p.filled, kn = h - k0 < (size_t)kModes ? h - k0 : kModes;
  const T* ub = static_cast<const T*>(p.u_block);
  const T* br = static_cast<const T*>(p.b_ring);
  const int64_t first = p.block_from - (int64_t)(L - 1);  // the save at y[0]
  const size_t bytes = sizeof(fftw_complex) * f * kModes;
  const int64_t from = p.block_start[b], to = p.block_start[b + 1];
  // A block with no members here (a shard holds a few of the run's blocks) adds nothing: skip its transforms.
  if (from == to) return;
  std::memset(g, 0, bytes);
  for (int64_t m = from; m < to; ++m) {
    std::memset(x, 0, bytes);
    std::memset(y, 0, bytes);
    for (int s = 0; s < p.filled; ++s) {  // x: û of the block at L − 1 …
      const T* r = ub + ((size_t)m * P + s) * row + k0;
      fftw_complex* xs = x + (L - 1 + s) * kModes;
      for (size_t j = 0; j < kn; ++j) {
        xs[j][0] = r[j];
        xs[j][1] = r[h + j];
      }
    }
    for (size_t i = first < 0 ? (size_t)(-first) : 0; i < used; ++i) {  // y: B̂ of saves first … (≥ 0)
      const T* r = br + ((size_t)m * W + (size_t)((first + (int64_t)i) % (int64_t)W)) * row + k0;
      fftw_complex* ys = y + i * kModes;
      for (size_t j = 0; j < kn; ++j) {
        ys[j][0] = r[j];
        ys[j][1] = r[h + j];
      }
    }
    fftw_execute_dft(tf.fwd, x, x);
    fftw_execute_dft(tf.fwd, y, y);
    for (size_t i = 0; i < f * kModes; ++i) {  // X·conj Y
      const double xr = x[i][0], xi = x[i][1], yr = y[i][0], yi = y[i][1];
      g[i][0] += xr * yr + xi * yi;
      g[i][1] += xi * yr - xr * yi;
    }
  }
  fftw_execute_dft(tf.inv, g, g);
  double* acc = p.sums + (size_t)b * L * row + k0;
  const double scale = (double)f;
  for (size_t tau = 0; tau < L; ++tau) {
    for (size_t j = 0; j < kn; ++j) {
      acc[tau * row + j] += g[tau * kModes + j][0] / scale;
      acc[tau * row + h + j] += g[tau * kModes + j][1] / scale;
    }
  }
}

template <typename T>
int32_t sums(const sfdt_lagged_fft_params& p) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), f = p.fft_len;
  const int64_t chunks = (int64_t)((h + kModes - 1) / kModes), items = (int64_t)p.blocks * chunks;
  const int nt = sfdt_cpu::thread_count(p.threads, items);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    auto* x = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * f * kModes));
    auto* y = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * f * kModes));
    auto* g = static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * f * kModes));
    const TimeFft* tf = x && y && g ? TimeFft::get((int)f, x) : nullptr;
    if (!tf) {
#pragma omp critical
      status = x && y && g ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
    // Each (block, chunk of modes) is one item, summed over the block's members in order.
#pragma omp for schedule(static)
    for (int64_t r = 0; r < items; ++r) {
      if (tf) chunk_sums<T>(p, *tf, r / chunks, (size_t)(r % chunks) * kModes, x, y, g);
    }
    fftw_free(x);
    fftw_free(y);
    fftw_free(g);
  }
  return status;
}

int32_t check(const sfdt_lagged_fft_params* p) {
  if (!p || !p->u_block || !p->b_ring) return SFDT_E_NULL;
  if (p->n < 2 || p->lags < 1 || p->block_len < 1 || p->blocks < 1 || p->members < 0 || p->block_from < 0
      || (int64_t)p->fft_len < (int64_t)p->lags - 1 + p->block_len) {
    return SFDT_E_ARG;
  }
  return SFDT_OK;
}

}  // namespace

extern "C" int32_t sfdt_lagged_fft_push(const sfdt_lagged_fft_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->states || !p->conjugates) return SFDT_E_NULL;
  if (p->save < p->block_from || p->save - p->block_from >= p->block_len) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? push<float>(*p) : push<double>(*p);
}

extern "C" int32_t sfdt_lagged_fft_sums(const sfdt_lagged_fft_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->sums || !p->block_start) return SFDT_E_NULL;
  if (p->filled < 1 || p->filled > p->block_len) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? sums<float>(*p) : sums<double>(*p);
}
