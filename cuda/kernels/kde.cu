// kde.cu — the Gaussian-KDE score as a tiled all-pairs interaction (abi.h sfdt_kde_params for the
// maths). Two tiers:
//
//  * F64 (sfdt_kde_f64_*): one query per thread, the pair body of kde.h (kde_sq_step, kde_logit,
//    kde_shift, kde_weight, kde_finish) in the same order as the CPU and Java tiers, tiles of
//    sfdt::KDE_TILE data rows: with --fmad=false the results equal theirs bit for bit. The tile's
//    logits are recomputed in a second pass instead of being kept (a [KDE_TILE] array per thread
//    would live in local memory); recomputation repeats the same operations, so the bits agree.
//  * F32 (sfdt_kde_f32_*): the throughput kernel of kde_fast.h: pre-scaled coordinates, base-2
//    weights on the SFU, a lazy reference instead of a per-tile max, blocked partial sums,
//    QUERIES_PER_THREAD queries per thread so that each shared-memory load of a data row feeds
//    several queries. Read-off in double. Accuracy bound in kde_fast.h.
//
// Kernels specialised for d = 1…8, 16 (y and the sums in registers, the data tile in shared
// memory) and a generic one for any d (sums in a global scratch array). Block size: KDE_THREADS.
#include "scorefdt/kde.h"
#include "scorefdt/kde_fast.h"
#include "scorefdt/cuda_params.h"

constexpr int KDE_THREADS = 128;

// ------------------------------------------------------------------------------------------ F64

template <int D>
__device__ __forceinline__ void f64_run(const KdeF64Params& p, double* xs, double* qs) {
  const long long q = (long long)blockIdx.x * KDE_THREADS + threadIdx.x;
  const bool active = q < p.n_query;
  const int d = D > 0 ? D : p.dim;
  const long long self = active && p.self_index ? p.self_index[q] : -1;
  const bool want_s2 = p.want_div != 0;
  double yr[D > 0 ? D : 1], s1r[D > 0 ? D : 1];
  const double* y = D > 0 ? yr : p.query + (active ? q : 0) * d;
  double* s1 = D > 0 ? s1r : p.scratch + (active ? q : 0) * d;
  if (D > 0) {
#pragma unroll
    for (int k = 0; k < (D > 0 ? D : 1); ++k) yr[k] = active ? p.query[q * D + k] : 0.0;
  }
  double mx, s0, s2;
  if (D > 0 || active) sfdt::kde_init<1>(d, &mx, &s0, &s2, s1);
  for (long long j0 = 0; j0 < p.n_data; j0 += sfdt::KDE_TILE) {
    const int t = p.n_data - j0 < sfdt::KDE_TILE ? (int)(p.n_data - j0) : sfdt::KDE_TILE;
    const double* xt;
    const double* qt;
    if (D > 0) {
      __syncthreads();
      for (int i = threadIdx.x; i < t * D; i += KDE_THREADS) xs[i] = p.data[j0 * D + i];
      if (want_s2)
        for (int i = threadIdx.x; i < t; i += KDE_THREADS) qs[i] = p.data_sq[j0 + i];
      __syncthreads();
      xt = xs;
      qt = qs;
    } else {
      xt = p.data + j0 * d;
      qt = want_s2 ? p.data_sq + j0 : nullptr;
    }
    if (!active) continue;
    // 1. the tile's largest logit
    double tmax = -INFINITY;
    for (int j = 0; j < t; ++j) {
      double acc = 0.0;
#pragma unroll
      for (int k = 0; k < (D > 0 ? D : 1); ++k) acc = sfdt::kde_sq_step(acc, y[k], xt[j * d + k]);
      for (int k = D > 0 ? D : 1; k < d; ++k) acc = sfdt::kde_sq_step(acc, y[k], xt[j * d + k]);
      const double v = sfdt::kde_logit(acc, p.neg_inv_2h2, self == j0 + j);
      tmax = v > tmax ? v : tmax;
    }
    // 2. rescale once
    double shift;
    const double sc = sfdt::kde_shift(tmax, &mx, &shift);
    s0 = s0 * sc;
    s2 = s2 * sc;
    for (int k = 0; k < d; ++k) s1[k] = s1[k] * sc;
    // 3. the same logits again (same operations, same bits), their weights into the sums
    for (int j = 0; j < t; ++j) {
      double acc = 0.0;
#pragma unroll
      for (int k = 0; k < (D > 0 ? D : 1); ++k) acc = sfdt::kde_sq_step(acc, y[k], xt[j * d + k]);
      for (int k = D > 0 ? D : 1; k < d; ++k) acc = sfdt::kde_sq_step(acc, y[k], xt[j * d + k]);
      const double e = sfdt::kde_weight(sfdt::kde_logit(acc, p.neg_inv_2h2, self == j0 + j), shift);
      s0 = s0 + e;
      if (want_s2) s2 = s2 + e * qt[j];
#pragma unroll
      for (int k = 0; k < (D > 0 ? D : 1); ++k) s1[k] = s1[k] + e * xt[j * d + k];
      for (int k = D > 0 ? D : 1; k < d; ++k) s1[k] = s1[k] + e * xt[j * d + k];
    }
  }
  if (!active) return;
  sfdt::kde_finish<1>(0, d, y, p.inv_h2, &mx, &s0, &s2, s1, p.score ? p.score + q * d : nullptr,
                      p.divergence ? p.divergence + q : nullptr, p.log_sum ? p.log_sum + q : nullptr);
}

#define SFDT_KDE_F64(D)                                                                      \
  extern "C" __global__ void __launch_bounds__(KDE_THREADS) sfdt_kde_f64_d##D(KdeF64Params p) { \
    __shared__ double xs[sfdt::KDE_TILE * D];                                                \
    __shared__ double qs[sfdt::KDE_TILE];                                                    \
    f64_run<D>(p, xs, qs);                                                                   \
  }
SFDT_KDE_F64(1)
SFDT_KDE_F64(2)
SFDT_KDE_F64(3)
SFDT_KDE_F64(4)
SFDT_KDE_F64(5)
SFDT_KDE_F64(6)
SFDT_KDE_F64(7)
SFDT_KDE_F64(8)

// Any d: data read through the cache, S1 in p.scratch ([n_query][dim]).
extern "C" __global__ void __launch_bounds__(KDE_THREADS) sfdt_kde_f64_any(KdeF64Params p) {
  f64_run<0>(p, nullptr, nullptr);
}

// ------------------------------------------------------------------------------------------ F32

// Queries per thread: enough to reuse each shared-memory load, few enough for the registers.
template <int D>
struct KdeQ {
  static constexpr int value = D <= 8 ? 4 : (D <= 16 ? 2 : 1);
};

// Read-off in double: m'_k = S1_k/S0 (scaled units), score = (m' − y')/(√c h²),
// ∇·s = ((S2/S0 − |m'|²)/c /h² − d)/h², lse = ln2 · (log₂ S0 − ref).
__device__ __forceinline__ void f32_finish(const KdeF32Params& p, long long q, int d, const float* y, int ystride,
                                           const float* s1, int sstride, float s0, float s2, float ref) {
  const double inv_s0 = 1.0 / (double)s0, to_state = p.inv_scale * p.inv_h2;
  double msq = 0.0;
  for (int k = 0; k < d; ++k) {
    const double m = (double)s1[k * sstride] * inv_s0;
    if (p.score) p.score[q * d + k] = (m - (double)y[k * ystride]) * to_state;
    msq += m * m;
  }
  if (p.divergence) {
    const double var = ((double)s2 * inv_s0 - msq) * p.inv_scale * p.inv_scale;
    p.divergence[q] = (var * p.inv_h2 - (double)d) * p.inv_h2;
  }
  if (p.log_sum) p.log_sum[q] = 0.69314718055994530942 * (log2((double)s0) - (double)ref);
}

// One tile for Q queries held in registers; CHECK: some query of the warp skips a row of this tile.
template <int D, int Q, bool DIV, bool CHECK>
__device__ __forceinline__ void f32_tile(const float* xs, const float* qs, int t, long long j0, const float (&y)[Q][D],
                                         const long long (&self)[Q], float (&ref)[Q], float (&s0)[Q], float (&s1)[Q][D],
                                         float (&s2)[Q]) {
  float t0[Q], t1[Q][D], t2[Q];
#pragma unroll
  for (int i = 0; i < Q; ++i) {
    t0[i] = 0.f;
    t2[i] = 0.f;
#pragma unroll
    for (int k = 0; k < D; ++k) t1[i][k] = 0.f;
  }
#pragma unroll 2
  for (int j = 0; j < t; ++j) {
    float x[D];
#pragma unroll
    for (int k = 0; k < D; ++k) x[k] = xs[j * D + k];
    const float xq = DIV ? qs[j] : 0.f;
    float acc[Q];
    bool moves = false;
#pragma unroll
    for (int i = 0; i < Q; ++i) {
      float a = 0.f;
#pragma unroll
      for (int k = 0; k < D; ++k) a = sfdt::kde_fast_sq_step(a, y[i][k], x[k]);
      if (CHECK && self[i] == j0 + j) a = INFINITY;
      acc[i] = a;
      moves |= sfdt::kde_fast_moves(a, ref[i]);
    }
    // One branch for the Q queries, almost never taken: kept as a jump (a large body), so the
    // rescale costs nothing per pair, where per-query branches might be if-converted into
    // always-executed predicated multiplies.
    if (moves) {
#pragma unroll
      for (int i = 0; i < Q; ++i) {
        if (sfdt::kde_fast_moves(acc[i], ref[i])) {  // the reference moves down to acc
          const float f = sfdt::kde_fast_rescale(acc[i], ref[i]);
          ref[i] = acc[i];
          s0[i] *= f;
          t0[i] *= f;
          s2[i] *= f;
          t2[i] *= f;
#pragma unroll
          for (int k = 0; k < D; ++k) {
            s1[i][k] *= f;
            t1[i][k] *= f;
          }
        }
      }
    }
#pragma unroll
    for (int i = 0; i < Q; ++i) {
      const float e = sfdt::kde_fast_weight(acc[i], ref[i]);
      t0[i] += e;
      if (DIV) t2[i] = sfdt::kde_fast_fma(e, xq, t2[i]);
#pragma unroll
      for (int k = 0; k < D; ++k) t1[i][k] = sfdt::kde_fast_fma(e, x[k], t1[i][k]);
    }
  }
#pragma unroll
  for (int i = 0; i < Q; ++i) {
    s0[i] += t0[i];
    s2[i] += t2[i];
#pragma unroll
    for (int k = 0; k < D; ++k) s1[i][k] += t1[i][k];
  }
}

template <int D, bool DIV>
__device__ __forceinline__ void f32_run(const KdeF32Params& p) {
  constexpr int Q = KdeQ<D>::value;
  __shared__ float xs[sfdt::KDE_FAST_TILE * D];
  __shared__ float qs[DIV ? sfdt::KDE_FAST_TILE : 1];
  const long long base = (long long)blockIdx.x * (KDE_THREADS * Q) + threadIdx.x;
  float y[Q][D], s1[Q][D], s0[Q], s2[Q], ref[Q];
  long long self[Q];
#pragma unroll
  for (int i = 0; i < Q; ++i) {
    const long long q = base + (long long)i * KDE_THREADS;
    const bool on = q < p.n_query;
#pragma unroll
    for (int k = 0; k < D; ++k) {
      y[i][k] = on ? p.query[q * D + k] : 0.f;
      s1[i][k] = 0.f;
    }
    s0[i] = 0.f;
    s2[i] = 0.f;
    ref[i] = sfdt::KDE_FAST_REF0;
    self[i] = on && p.self_index ? p.self_index[q] : -1;
  }
  for (long long j0 = 0; j0 < p.n_data; j0 += sfdt::KDE_FAST_TILE) {
    const int t = p.n_data - j0 < sfdt::KDE_FAST_TILE ? (int)(p.n_data - j0) : sfdt::KDE_FAST_TILE;
    __syncthreads();
    for (int i = threadIdx.x; i < t * D; i += KDE_THREADS) xs[i] = p.data[j0 * D + i];
    if (DIV)
      for (int i = threadIdx.x; i < t; i += KDE_THREADS) qs[i] = p.data_sq[j0 + i];
    __syncthreads();
    bool hit = false;
#pragma unroll
    for (int i = 0; i < Q; ++i) hit |= self[i] >= j0 && self[i] < j0 + t;
    // Warp-uniform choice: the self test costs two instructions per pair, paid only in the few
    // tiles that hold a skipped row of some query of the warp.
    if (__any_sync(0xffffffffu, hit))
      f32_tile<D, Q, DIV, true>(xs, qs, t, j0, y, self, ref, s0, s1, s2);
    else
      f32_tile<D, Q, DIV, false>(xs, qs, t, j0, y, self, ref, s0, s1, s2);
  }
#pragma unroll
  for (int i = 0; i < Q; ++i) {
    const long long q = base + (long long)i * KDE_THREADS;
    if (q < p.n_query) f32_finish(p, q, D, y[i], 1, s1[i], 1, s0[i], s2[i], ref[i]);
  }
}

#define SFDT_KDE_F32(D)                                                                                 \
  extern "C" __global__ void __launch_bounds__(KDE_THREADS, 2) sfdt_kde_f32_d##D(KdeF32Params p) {      \
    f32_run<D, false>(p);                                                                               \
  }                                                                                                     \
  extern "C" __global__ void __launch_bounds__(KDE_THREADS, 2) sfdt_kde_f32_div_d##D(KdeF32Params p) {  \
    f32_run<D, true>(p);                                                                                \
  }
SFDT_KDE_F32(1)
SFDT_KDE_F32(2)
SFDT_KDE_F32(3)
SFDT_KDE_F32(4)
SFDT_KDE_F32(5)
SFDT_KDE_F32(6)
SFDT_KDE_F32(7)
SFDT_KDE_F32(8)
SFDT_KDE_F32(16)

// Any d, one query per thread: data read through the cache, S1 and T1 in p.scratch [2][dim][n_query]
// (coalesced across the warp). Divergence always accumulated (one FFMA per pair).
extern "C" __global__ void __launch_bounds__(KDE_THREADS) sfdt_kde_f32_any(KdeF32Params p) {
  const long long q = (long long)blockIdx.x * KDE_THREADS + threadIdx.x;
  if (q >= p.n_query) return;
  const int d = p.dim;
  const long long m = p.n_query;
  const float* y = p.query + q * d;
  float* s1 = p.scratch + q;          // component k at s1[k * m]
  float* t1 = p.scratch + (long long)d * m + q;
  const long long self = p.self_index ? p.self_index[q] : -1;
  float s0 = 0.f, s2 = 0.f, ref = sfdt::KDE_FAST_REF0;
  for (int k = 0; k < d; ++k) s1[k * m] = 0.f;
  for (long long j0 = 0; j0 < p.n_data; j0 += sfdt::KDE_FAST_TILE) {
    const int t = p.n_data - j0 < sfdt::KDE_FAST_TILE ? (int)(p.n_data - j0) : sfdt::KDE_FAST_TILE;
    float t0 = 0.f, t2 = 0.f;
    for (int k = 0; k < d; ++k) t1[k * m] = 0.f;
    for (int j = 0; j < t; ++j) {
      const float* x = p.data + (j0 + j) * d;
      float acc = 0.f;
      for (int k = 0; k < d; ++k) acc = sfdt::kde_fast_sq_step(acc, y[k], x[k]);
      if (self == j0 + j) acc = INFINITY;
      if (sfdt::kde_fast_moves(acc, ref)) {
        const float f = sfdt::kde_fast_rescale(acc, ref);
        ref = acc;
        s0 *= f;
        t0 *= f;
        s2 *= f;
        t2 *= f;
        for (int k = 0; k < d; ++k) {
          s1[k * m] *= f;
          t1[k * m] *= f;
        }
      }
      const float e = sfdt::kde_fast_weight(acc, ref);
      t0 += e;
      if (p.divergence) t2 = sfdt::kde_fast_fma(e, p.data_sq[j0 + j], t2);
      for (int k = 0; k < d; ++k) t1[k * m] = sfdt::kde_fast_fma(e, x[k], t1[k * m]);
    }
    s0 += t0;
    s2 += t2;
    for (int k = 0; k < d; ++k) s1[k * m] += t1[k * m];
  }
  f32_finish(p, q, d, y, 1, s1, (int)m, s0, s2, ref);
}
