// truth.h — the perturbed-ensemble ground truth (java/org/scorefdt/response/PerturbedEnsemble.java)
// one cell at a time, shared by the CUDA kernels (cuda/kernels/truth.cu) and the host reference
// of native/tests/cuda_emulation_tests.cpp. PerturbedEnsemble, at a save inside a window (lag τ):
//
//   v[r][i] = (x_δ[r][i] − x[r][i]) / δ            for members r, observed components i
//   for i, for blocks b = members [bB, min(m, (b+1)B)) in block order:
//       partial (n_b, mean_b, M2_b): Welford over the block's members in member order from (0, 0, 0)
//       Chan-merge it into the running (count[τ] + bB, mean[τ][i], m2[τ][i])
//   for r, q:                    pair[r][q] += Σ_i w_q[τ][i]·v[r][i]   (components in order)
//   at τ = L − 1, for q:          the same blocked fold of pair[·][q] into (pCount, pMean[q], pM2[q])
//
// B (the member block, PerturbedEnsemble's BlockedMoments.BLOCK) is fixed whatever the device, the
// chunking or the thread count, so the fold is one fixed expression tree: the device computes every
// partial in its own thread (one per block × component), then one thread per component merges the
// partials in block order. Each partial and each merge is one body below, which the Java host path
// (response/BlockedMoments) transcribes operation for operation; in double the results are those of
// the Java loops bit for bit (no contraction: fatbins are built with --fmad=false, the CPU with
// -ffp-contract=off). A pair value (r, q) runs the observed components in order (and the lags in save
// order, one call per save).
#pragma once
#include "hd.h"

namespace sfdt {

// One Welford update (BlockedMoments.foldBlock): dv = v − mean; mean += dv/n; m2 += dv·(v − mean).
SFDT_HD void welford_update(double v, int64_t n, double* mean, double* m2) {
  const double dv = v - *mean;
  const double mu = *mean + dv / (double)n;
  *mean = mu;
  *m2 = *m2 + dv * (v - mu);
}

// The pair difference (x_δ − x)/δ of one member and component.
SFDT_HD double truth_difference(const double* x, const double* xd, int d, int64_t r, int i, double delta) {
  return (xd[r * d + i] - x[r * d + i]) / delta;
}

// Finite test without <cmath> (the same on host and device, no fast-math anywhere): v − v is 0 for a
// finite v and NaN for ±∞ or NaN.
SFDT_HD bool truth_finite(double v) {
  return v - v == 0.0;
}

// The copy x_δ = x + δ·u of element i of member r (PerturbedEnsemble: arraycopy, then
// Perturbation.add over the observed components). u == nullptr: an impulse at component j
// (x_δ,j = x_j + δ, the others copied unchanged, as Perturbation.Impulse.add).
SFDT_HD double truth_kicked(const double* x, int d, int observed, int64_t r, int i, double delta, const double* u, int j) {
  const double v = x[r * d + i];
  if (u != nullptr) return i < observed ? v + delta * u[i] : v;
  return i == j ? v + delta : v;
}

// Chan et al.'s pairwise combination: the running moments (na values, *mean, *m2) absorb a block of
// nb ≥ 1 values with mean mb and M₂ sb. w = nb/(na + nb) is 1 exactly for na = 0, so the first block
// is taken over unchanged (mean = 0 + mb·1, m2 = (0 + sb) + (mb²·0)·1). Java: BlockedMoments.merge.
SFDT_HD void chan_merge(int64_t na, double* mean, double* m2, int64_t nb, double mb, double sb) {
  const double w = (double)nb / (double)(na + nb);
  const double dm = mb - *mean;
  *mean = *mean + dm * w;
  *m2 = (*m2 + sb) + ((dm * dm) * (double)na) * w;
}

// First member of block b and one past its last: [b·block, min(members, (b+1)·block)).
SFDT_HD int64_t truth_block_end(int64_t members, int64_t block, int64_t b) {
  const int64_t end = (b + 1) * block;
  return end < members ? end : members;
}

// Partial moments of observed component i over the members of block b (Welford in member order from
// (0, 0, 0); Java: BlockedMoments.foldBlock). bad/bad_value: the block's first non-finite difference
// as 1 + save·members + r and its value, bad = 0 if none.
SFDT_HD void truth_moment_block(const double* x, const double* xd, int d, int i, int64_t members, int64_t block, int64_t b,
                                double delta, int64_t save, double* mean, double* m2, long long* bad, double* bad_value) {
  double mu = 0.0, s = 0.0, bad_v = 0.0;
  long long first = 0;
  const int64_t r0 = b * block, r1 = truth_block_end(members, block, b);
  for (int64_t r = r0; r < r1; ++r) {
    const double v = truth_difference(x, xd, d, r, i, delta);
    welford_update(v, r - r0 + 1, &mu, &s);
    if (first == 0 && !truth_finite(v)) {
      first = 1 + save * members + r;
      bad_v = v;
    }
  }
  *mean = mu;
  *m2 = s;
  *bad = first;
  *bad_value = bad_v;
}

// Partial moments of projection q's pair values [r][q] over the members of block b (as above).
SFDT_HD void truth_projection_block(const double* pair_values, int projections, int q, int64_t members, int64_t block,
                                    int64_t b, double* mean, double* m2) {
  double mu = 0.0, s = 0.0;
  const int64_t r0 = b * block, r1 = truth_block_end(members, block, b);
  for (int64_t r = r0; r < r1; ++r) welford_update(pair_values[r * projections + q], r - r0 + 1, &mu, &s);
  *mean = mu;
  *m2 = s;
}

// One cell's merge at one save: the partials part_mean/part_m2[b·stride] of blocks b = 0, 1, … in block
// order into the running moments, which held count0 values before this save (block b joins count0 +
// b·block values). Returns the number of blocks.
SFDT_HD int64_t truth_merge_blocks(int64_t members, int64_t block, int64_t count0, const double* part_mean,
                                   const double* part_m2, int64_t stride, double* mean, double* m2) {
  double mu = *mean, s = *m2;
  int64_t b = 0;
  for (int64_t r0 = 0; r0 < members; r0 += block, ++b)
    chan_merge(count0 + r0, &mu, &s, truth_block_end(members, block, b) - r0, part_mean[b * stride], part_m2[b * stride]);
  *mean = mu;
  *m2 = s;
  return b;
}

// The first non-finite difference over the blocks' records (block order = member order); first_bad
// keeps an earlier save's record (a zeroed buffer starts it at 0 = none).
SFDT_HD void truth_merge_bad(int64_t blocks, const long long* part_bad, const double* part_bad_value, int64_t stride,
                             long long* first_bad, double* bad_value) {
  if (*first_bad != 0) return;
  for (int64_t b = 0; b < blocks; ++b)
    if (part_bad[b * stride] != 0) {
      *first_bad = part_bad[b * stride];
      *bad_value = part_bad_value[b * stride];
      return;
    }
}

// Pair value (member r, one projection) at one save of lag τ: acc + Σ_i w[τ·observed + i]·v_i in
// component order. w: this projection's [lags][observed] weights. The window's first save starts
// from 0.0 (PerturbedEnsemble refills the pair values with 0.0 after each window).
SFDT_HD double truth_pair_value(const double* x, const double* xd, int d, int observed, int64_t r, double delta,
                                const double* w, int lag, double acc) {
  const double* wl = w + (int64_t)lag * observed;
  for (int i = 0; i < observed; ++i) acc = acc + wl[i] * truth_difference(x, xd, d, r, i, delta);
  return acc;
}

}  // namespace sfdt
