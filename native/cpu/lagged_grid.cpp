// lagged_grid.cpp — the lagged GFDT sums of a translation-invariant grid (abi.h; java:
// response/LaggedGridAccumulator). Two phases:
//  * push, OpenMP over members: r2c of each member's conjugate into its ring slot and of its field
//    into its held slot (no conjugate: B = u, the field's own spectrum copied to the ring) (FFTW plans from fft_plans.h, per-thread scratch), stored as [re | im] planes;
//  * sums, OpenMP over (block, group of lags): for the held saves in order, then the block's members in
//    order, acc += û(t)·conj B̂(t − τ) in double. Every (block, lag) row is owned by one thread and summed in
//    the Java accumulator's order, so results do not depend on the thread count or on how many saves
//    are held per call; holding saves lets one pass over the ring serve several saves (the ring is
//    the bulk of the memory traffic: members × slots × 2h values).
#include <cstdlib>
#include <cstring>
#include "fft_plans.h"
#include "scorefdt/abi.h"
#include "threads.h"

namespace {

using sfdt_cpu::Fft;

template <typename T>
using Scratch = sfdt_cpu::FftScratch<T>;

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
    const Fft<T>* fft = s.plan(n, status);
#pragma omp for schedule(static)
    for (int64_t m = 0; m < p.members; ++m) {
      if (!fft) continue;
      T* u = held + ((size_t)m * p.batch + hslot) * row;
      T* b = ring + ((size_t)m * p.slots + slot) * row;
      transform(*fft, s, p.states + m * (int64_t)nreal, nreal, h, u);
      if (p.conjugates) transform(*fft, s, p.conjugates + m * (int64_t)nreal, nreal, h, b);
      else std::memcpy(b, u, sizeof(T) * row);  // B = u: one transform serves both
    }
  }
  return status;
}

// Rows are taken kLagGroup lags at a time and modes kChunk at a time: the partial sums of a group's
// lags on one chunk of modes stay in L1 (kLagGroup × kChunk × 2 doubles) while the block's held û and
// ring B̂ stream past, each û chunk serving every lag of the group. Per (lag, mode) the order is still
// held saves ascending, then members ascending.
constexpr int kLagGroup = 32;
constexpr int kChunk = 32;

// acc[j] (re, im) += u·conj b_j for the lags j of the group that the save reaches; products of T values
// in double, in the Java accumulator's expression order. KN is the chunk width (kChunk, or the tail's).
template <typename T, int KN>
inline __attribute__((always_inline)) void chunk_products(double (*are)[kChunk], double (*aim)[kChunk], int nlag,
                                                          const T* __restrict ure, const T* __restrict uim,
                                                          const T* const* bre, size_t h, int kn) {
  const int w = KN > 0 ? KN : kn;
  for (int j = 0; j < nlag; ++j) {
    const T* __restrict br = bre[j];
    const T* __restrict bi = bre[j] + h;
    double* __restrict ar = are[j];
    double* __restrict ai = aim[j];
    for (int k = 0; k < w; ++k) {
      const double ur = ure[k], ui = uim[k], vr = br[k], vi = bi[k];
      ar[k] += ur * vr + ui * vi;
      ai[k] += ui * vr - ur * vi;
    }
  }
}

// One group of rows: block b, lags tau0 … tau0 + nlag − 1.
template <typename T>
inline __attribute__((always_inline)) void group_sums(const sfdt_lagged_grid_params& p, int64_t b, int tau0, int nlag) {
  const size_t h = (size_t)p.n * (p.n / 2 + 1), row = 2 * h;
  const T* ring = static_cast<const T*>(p.ring);
  const T* held = static_cast<const T*>(p.held_spectra);
  double* acc = p.sums + ((size_t)b * p.lags + tau0) * row;
  const int64_t from = p.block_start[b], to = p.block_start[b + 1];
  if (from == to) return;  // no members here (a shard's other blocks): the sums stay as they are, unread
  alignas(64) double are[kLagGroup][kChunk];
  alignas(64) double aim[kLagGroup][kChunk];
  const T* bptr[kLagGroup];
  for (size_t k0 = 0; k0 < h; k0 += kChunk) {
    const int kn = h - k0 < (size_t)kChunk ? (int)(h - k0) : kChunk;
    for (int j = 0; j < nlag; ++j) {
      for (int k = 0; k < kn; ++k) {
        are[j][k] = acc[j * row + k0 + k];
        aim[j][k] = acc[j * row + h + k0 + k];
      }
    }
    for (int s = 0; s < p.held; ++s) {
      const int64_t t = p.held_from + s;
      if (t < tau0) continue;
      const int reach = (int)(t - tau0 + 1 < nlag ? t - tau0 + 1 : nlag);  // lags τ ≤ t of the group
      for (int64_t m = from; m < to; ++m) {
        const T* u = held + ((size_t)m * p.batch + s) * row + k0;
        const T* base = ring + (size_t)m * p.slots * row + k0;
        for (int j = 0; j < reach; ++j) bptr[j] = base + (size_t)((t - tau0 - j) % p.slots) * row;
        if (kn == kChunk) chunk_products<T, kChunk>(are, aim, reach, u, u + h, bptr, h, kn);
        else chunk_products<T, 0>(are, aim, reach, u, u + h, bptr, h, kn);
      }
    }
    for (int j = 0; j < nlag; ++j) {
      for (int k = 0; k < kn; ++k) {
        acc[j * row + k0 + k] = are[j][k];
        acc[j * row + h + k0 + k] = aim[j][k];
      }
    }
  }
}

// The same loop compiled for AVX2 and for baseline x86-64 (the same IEEE operations), picked at load.
template <typename T>
__attribute__((target("avx2"))) void group_sums_avx2(const sfdt_lagged_grid_params& p, int64_t b, int tau0, int nlag) {
  group_sums<T>(p, b, tau0, nlag);
}

template <typename T>
void group_sums_plain(const sfdt_lagged_grid_params& p, int64_t b, int tau0, int nlag) {
  group_sums<T>(p, b, tau0, nlag);
}

const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

template <typename T>
int32_t sums(const sfdt_lagged_grid_params& p) {
  const int groups = (p.lags + kLagGroup - 1) / kLagGroup;
  const int64_t items = (int64_t)p.blocks * groups;
  const int nt = sfdt_cpu::thread_count(p.threads, items);
  // Groups run lag-fastest, so a thread's consecutive groups share the block's held spectra.
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int64_t r = 0; r < items; ++r) {
    const int64_t b = r / groups;
    const int tau0 = (int)(r % groups) * kLagGroup;
    const int nlag = p.lags - tau0 < kLagGroup ? p.lags - tau0 : kLagGroup;
    if (kHaveAvx2) group_sums_avx2<T>(p, b, tau0, nlag);
    else group_sums_plain<T>(p, b, tau0, nlag);
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
  if (!p->states) return SFDT_E_NULL;  // conjugates NULL: B = u
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
