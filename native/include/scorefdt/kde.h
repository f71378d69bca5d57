// kde.h — the Gaussian-KDE score as a tiled all-pairs particle interaction, written once for the
// CPU loops (native/cpu/kde.cpp, L = 16 query lanes) and the CUDA F64 kernel (cuda/kernels/kde.cu:
// one query per thread, the pair bodies kde_sq_step/kde_logit/kde_shift/kde_weight and kde_finish<1>,
// the tile's logits recomputed in the second pass instead of kept). The exact twin of the Java
// reference org.scorefdt.score.KdeScore: same operations in the same order per query, so the tiers
// agree bit for bit (portable_exp/portable_log, no FMA contraction). The float32 throughput variant
// is kde_fast.h.
//
// Maths. Data x_j (j < n, d components, already centred by the caller), bandwidth h, query y:
//   a_j = −|y − x_j|²/(2h²)                   (logits; a_j = −∞ for the excluded self-pair)
//   w_j = exp(a_j − M) / Σ_i exp(a_i − M),    M = max_j a_j (softmax, safe for any |y|)
//   m   = Σ_j w_j x_j,   s(y) = (m − y)/h²,   ∇·s(y) = (Σ_j w_j |x_j − m|²/h² − d)/h²
//   log Σ_j exp(a_j) = M + log Σ_j exp(a_j − M)   (for likelihood cross-validation)
// Σ_j w_j |x_j − m|² is taken as Σ_j w_j |x_j|² − |m|², accurate to ~ε·max|x_j|²: centring the
// data keeps that small against h².
//
// Online log-sum-exp over tiles of KDE_TILE data points: per query the state is the running max
// mx, S0 = Σ e_j, S2 = Σ e_j |x_j|² and S1[k] = Σ e_j x_jk with e_j = exp(a_j − mx). A tile first
// computes its logits (kept in scratch), then rescales the state once by exp(mx_old − mx_new) and
// adds its terms: one exp per pair plus one per tile. The tile size is part of the arithmetic
// (where the rescales happen), so Java and C++ share KDE_TILE.
//
// Layout of the lane-major arrays: y, S1 are [d][L]; a is [KDE_TILE][L]; everything per lane [L].
#pragma once
#include "hd.h"
#include "portable_math.h"

// Lane loops (trip count L) are the loops to vectorise: without the hint GCC fully unrolls them and
// vectorises the d-loop around them instead, with a shuffle per lane (3× slower). `omp simd`
// changes no arithmetic (each lane's operations stay in order); it is honoured under -fopenmp.
#if defined(__CUDACC__) || !defined(_OPENMP)
#define SFDT_LANES
#else
#define SFDT_LANES _Pragma("omp simd")
#endif

namespace sfdt {

constexpr int KDE_TILE = 128;

// One coordinate's contribution to the squared distance, in the order acc + (y − x)².
SFDT_HD double kde_sq_step(double acc, double y, double x) {
  double t = y - x;
  return acc + t * t;
}

// The pair's logit from its squared distance; the excluded self-pair gets −∞.
SFDT_HD double kde_logit(double acc, double neg_inv_2h2, bool is_self) {
  double v = acc * neg_inv_2h2;
  return is_self ? -INFINITY : v;
}

// After a tile whose largest logit is tmax: the new running max (into *mx), the shift the tile's
// weights use (into *shift: 0 while no finite logit has been seen, so exp(−∞ − 0) = 0 keeps the
// zero sums at zero instead of ∞ − ∞), and the factor exp(mx_old − shift) for the old sums.
SFDT_HD double kde_shift(double tmax, double* mx, double* shift) {
  double m = tmax > *mx ? tmax : *mx;
  double safe = m == -INFINITY ? 0.0 : m;
  double sc = portable_exp(*mx - safe);
  *mx = m;
  *shift = safe;
  return sc;
}

// The tile weight e_j = exp(a_j − shift) ≤ 1.
SFDT_HD double kde_weight(double a, double shift) { return portable_exp(a - shift); }

template <int L>
SFDT_HD void kde_init(int d, double* mx, double* s0, double* s2, double* s1) {
  SFDT_LANES for (int l = 0; l < L; ++l) { mx[l] = -INFINITY; s0[l] = 0.0; s2[l] = 0.0; }
  for (int k = 0; k < d; ++k)
    SFDT_LANES for (int l = 0; l < L; ++l) s1[k * L + l] = 0.0;
}

// Adds data rows j0 .. j0+t−1 (t ≤ KDE_TILE) of x [n][d] (|x_j|² in xx [n], read only when
// want_s2) to the state of L queries y [d][L]; self[l] is the data index lane l skips (−1: none).
template <int L>
SFDT_HD void kde_tile(const double* x, const double* xx, int64_t j0, int t, int d, const double* y,
                      const int64_t* self, double neg_inv_2h2, bool want_s2, double* a, double* mx,
                      double* s0, double* s2, double* s1) {
  double tmax[L], ms[L];
  SFDT_LANES for (int l = 0; l < L; ++l) tmax[l] = -INFINITY;
  // 1. logits of the tile, and its max per lane
  for (int j = 0; j < t; ++j) {
    const double* xj = x + (j0 + j) * d;
    double acc[L];
    SFDT_LANES for (int l = 0; l < L; ++l) acc[l] = 0.0;
    for (int k = 0; k < d; ++k) {
      const double xk = xj[k];
      SFDT_LANES for (int l = 0; l < L; ++l) acc[l] = kde_sq_step(acc[l], y[k * L + l], xk);
    }
    SFDT_LANES for (int l = 0; l < L; ++l) {
      double v = kde_logit(acc[l], neg_inv_2h2, self[l] == j0 + j);
      a[j * L + l] = v;
      tmax[l] = v > tmax[l] ? v : tmax[l];
    }
  }
  // 2. new running max; rescale the old sums once (kde_shift).
  double sc[L];
  SFDT_LANES for (int l = 0; l < L; ++l) {
    sc[l] = kde_shift(tmax[l], &mx[l], &ms[l]);
    s0[l] = s0[l] * sc[l];
    s2[l] = s2[l] * sc[l];
  }
  for (int k = 0; k < d; ++k)
    SFDT_LANES for (int l = 0; l < L; ++l) s1[k * L + l] = s1[k * L + l] * sc[l];
  // 3. the tile's weights e_j = exp(a_j − mx) ≤ 1 into the sums
  for (int j = 0; j < t; ++j) {
    const double* xj = x + (j0 + j) * d;
    double e[L];
    SFDT_LANES for (int l = 0; l < L; ++l) {
      e[l] = kde_weight(a[j * L + l], ms[l]);
      s0[l] = s0[l] + e[l];
    }
    if (want_s2) {
      const double q = xx[j0 + j];
      SFDT_LANES for (int l = 0; l < L; ++l) s2[l] = s2[l] + e[l] * q;
    }
    for (int k = 0; k < d; ++k) {
      const double xk = xj[k];
      SFDT_LANES for (int l = 0; l < L; ++l) s1[k * L + l] = s1[k * L + l] + e[l] * xk;
    }
  }
}

// Reads off lane l: score[d] = (m − y)/h² with m_k = S1_k/S0; divergence ((S2/S0 − |m|²)/h² − d)/h²;
// lse = mx + log S0 (S0 ≥ 1: the largest term enters as exp(0) and is never rescaled afterwards).
// Any output pointer may be null.
template <int L>
SFDT_HD void kde_finish(int l, int d, const double* y, double inv_h2, const double* mx, const double* s0,
                        const double* s2, const double* s1, double* score, double* div, double* lse) {
  double msq = 0.0;
  for (int k = 0; k < d; ++k) {
    double m = s1[k * L + l] / s0[l];
    if (score) score[k] = (m - y[k * L + l]) * inv_h2;
    msq = msq + m * m;
  }
  if (div) *div = ((s2[l] / s0[l] - msq) * inv_h2 - (double)d) * inv_h2;
  if (lse) *lse = mx[l] == -INFINITY ? -INFINITY : mx[l] + portable_log(s0[l]);
}

}  // namespace sfdt
