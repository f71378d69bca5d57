// lagged_grid.cpp — the lagged GFDT sums of a translation-invariant grid (abi.h; java:
// response/LaggedGridAccumulator). Two phases:
//  * push, OpenMP over members: r2c of each member's conjugate into its ring slot and of its field
//    into its held slot (FFTW plans from fft_plans.h, per-thread scratch), stored as [re | im] planes;
//  * sums, OpenMP over (block, lag): for the held saves in order, then the block's members in order,
//    acc += û(t)·conj B̂(t − τ) in double. Every (block, lag) row is owned by one thread and summed in
//    the Java accumulator's order, so results do not depend on the thread count or on how many saves
//    are held per call; holding saves lets one pass over the ring serve several saves (the ring is
//    the bulk of the memory traffic: members × slots × 2h values).
#include <cstdlib>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;

template <typename T>
struct Scratch {
  T* real; typename Fft<T>::C* spec;
  Scratch(size_t nreal, size_t nhalf) {
    real = static_cast<T*>(fftw_malloc(sizeof(T) * nreal));
    spec = static_cast<typename Fft<T>::C*>(fftw_malloc(sizeof(typename Fft<T>::C) * nhalf));
  }
  ~Scratch() { fftw_free(real); fftw_free(spec); }
  bool ok() const { return real && spec; }
};

// r2c of one field (rounded to T) into the planes out[0 … h) (re) and out[h … 2h) (im).
template <typename T>
inline void transform(const Fft<T>& fft, Scratch<T>& s, const double* field, size_t nreal, size_t h, T* out) {
  for (size_t i = 0; i < nreal; ++i) s.real[i] = (T)field[i];
  fft.forward(s.real, s.spec);
  for (size_t k = 0; k < h; ++k) {
    out[k] = s.spec[k][0];
    out[h + k] = s.spec[k][1];
  }
}

template <typename T>
int32_t push(const sfdt_lagged_grid_params& p) {
  const int n = p.n;
  const size_t nreal = (size_t)n * n, h = (size_t)n * (n / 2 + 1), row = 2 * h;
  T* ring = static_cast<T*>(p.ring);
  T* held = static_cast<T*>(p.held_spectra);
  const int64_t slot = p.save % p.slots, hslot = p.save - p.held_from;
  const int nt = sfdt_cpu::thread_count(p.threads, p.members);
  int32_t status = SFDT_OK;
#pragma omp parallel num_threads(nt)
  {
    Scratch<T> s(nreal, h);
    const Fft<T>* fft = s.ok() ? Fft<T>::get(n, s.real, s.spec) : nullptr;
    if (!fft) {
#pragma omp critical
      status = s.ok() ? SFDT_E_FFT : SFDT_E_NOMEM;
    }
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!fft) continue;
      transform(*fft, s, p.conjugates + m * (int64_t)nreal, nreal, h, ring + ((size_t)m * p.slots + slot) * row);
      transform(*fft, s, p.states + m * (int64_t)nreal, nreal, h, held + ((size_t)m * p.batch + hslot) * row);
    }
  }
  return status;
}

// acc(re, im) += u·conj b over the h modes of one (field, conjugate) pair of rows; products of T
// values in double, in the Java accumulator's expression order.
template <typename T>
inline __attribute__((always_inline)) void add_products(double* __restrict acc, const T* __restrict u,
                                                        const T* __restrict b, size_t h) {
  double* __restrict are = acc;
  double* __restrict aim = acc + h;
  const T* __restrict ure = u;
  const T* __restrict uim = u + h;
  const T* __restrict bre = b;
  const T* __restrict bim = b + h;
  for (size_t k = 0; k < h; ++k) {
    const double ur = ure[k], ui = uim[k], br = bre[k], bi = bim[k];
    are[k] += ur * br + ui * bi;
    aim[k] += ui * br - ur * bi;
  }
}

// One (block, lag) row: held saves ascending, then the block's members ascending.
template <typename T>
inline __attribute__((always_inline)) void row_sums(const sfdt_lagged_grid_params& p, int64_t b, int tau) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), row = 2 * h;
  const T* ring = static_cast<const T*>(p.ring);
  const T* held = static_cast<const T*>(p.held_spectra);
  double* acc = p.sums + ((size_t)b * p.lags + tau) * row;
  const int64_t from = p.block_start[b], to = p.block_start[b + 1];
  for (int s = 0; s < p.held; ++s) {
    const int64_t t = p.held_from + s;
    if (t < tau) continue;
    const int64_t slot = (t - tau) % p.slots;
    for (int64_t m = from; m < to; ++m) {
      add_products(acc, held + ((size_t)m * p.batch + s) * row, ring + ((size_t)m * p.slots + slot) * row, h);
    }
  }
}

// The same loop compiled for AVX2 and for baseline x86-64 (the same IEEE operations), picked at load.
template <typename T>
__attribute__((target("avx2"))) void row_sums_avx2(const sfdt_lagged_grid_params& p, int64_t b, int tau) {
  row_sums<T>(p, b, tau);
}

template <typename T>
void row_sums_plain(const sfdt_lagged_grid_params& p, int64_t b, int tau) {
  row_sums<T>(p, b, tau);
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

template <typename T>
int32_t sums(const sfdt_lagged_grid_params& p) {
  const int64_t rows = (int64_t)p.blocks * p.lags;
  const int nt = sfdt_cpu::thread_count(p.threads, rows);
  // Rows run lag-fastest, so a thread's consecutive rows share the block's held spectra and all but
  // one of the ring rows they read.
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t b = r / p.lags;
    const int tau = (int)(r % p.lags);
    if (kHaveAvx2) row_sums_avx2<T>(p, b, tau);
    else row_sums_plain<T>(p, b, tau);
  }
  return SFDT_OK;
}

int32_t check(const sfdt_lagged_grid_params* p) {
  if (!p || !p->ring || !p->held_spectra) return SFDT_E_NULL;
  if (p->n < 2 || p->lags < 1 || p->batch < 1 || p->blocks < 1 || p->members < 0
      || p->slots < p->lags - 1 + p->batch || p->held_from < 0) {
    return SFDT_E_ARG;
  }
  return SFDT_OK;
}

}  // namespace

extern "C" int32_t sfdt_lagged_grid_push(const sfdt_lagged_grid_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->states || !p->conjugates) return SFDT_E_NULL;
  if (p->save < p->held_from || p->save - p->held_from >= p->batch) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? push<float>(*p) : push<double>(*p);
}

extern "C" int32_t sfdt_lagged_grid_sums(const sfdt_lagged_grid_params* p) {
  int32_t c = check(p);
  if (c != SFDT_OK) return c;
  if (!p->sums || !p->block_start) return SFDT_E_NULL;
  if (p->held < 1 || p->held > p->batch) return SFDT_E_ARG;
  return p->precision == SFDT_F32 ? sums<float>(*p) : sums<double>(*p);
}
