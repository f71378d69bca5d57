// truth.h — the perturbed-ensemble ground truth (java/org/scorefdt/response/PerturbedEnsemble.java)
// one cell at a time, shared by the CUDA kernels (cuda/kernels/truth.cu) and the host reference
// of native/tests/cuda_emulation_tests.cpp. PerturbedEnsemble, at a save inside a window (lag τ):
//
//   for r in members:            n = ++count[τ]
//     for i in observed:         v = (x_δ[r][i] − x[r][i]) / δ
//                                Welford(mean[τ][i], m2[τ][i], v, n)
//                                for q: pair[r][q] += w_q[τ][i]·v
//   at τ = L − 1, for r:         pCount++; for q: Welford(pMean[q], pM2[q], pair[r][q], pCount)
//
// Each accumulator is touched by one loop only, so the decomposition keeps every operation's
// operands and order: a moment cell (τ, i) runs the members in member order with n = count₀ + r + 1;
// a pair value (r, q) runs the observed components in order (and the lags in save order, one call
// per save); a projection cell q runs the members in order. In double the results are those of the
// Java loops bit for bit (no contraction: fatbins are built with --fmad=false, the CPU with
// -ffp-contract=off).
#pragma once
#include "hd.h"

namespace sfdt {

// One Welford update as PerturbedEnsemble writes it: dv = v − mean; mean += dv/n; m2 += dv·(v − mean).
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

// Moment cell (lag τ, observed component i) at one save: members [0, members) in member order,
// member r being pair number count0 + r + 1 of this lag. mean, m2 point at the cell [τ][i].
// first_bad/bad_value: the first non-finite difference this cell meets, as 1 + save·members + r and
// its value (first_bad stays 0 while none: a zeroed buffer starts it); one thread owns the cell.
SFDT_HD void truth_moment_cell(const double* x, const double* xd, int d, int i, int64_t members, double delta,
                               int64_t count0, int64_t save, double* mean, double* m2, long long* first_bad,
                               double* bad_value) {
  double mu = *mean, s = *m2;
  long long bad = *first_bad;
  double bad_v = *bad_value;
  for (int64_t r = 0; r < members; ++r) {
    const double v = truth_difference(x, xd, d, r, i, delta);
    welford_update(v, count0 + r + 1, &mu, &s);
    if (bad == 0 && !truth_finite(v)) {
      bad = 1 + save * members + r;
      bad_v = v;
    }
  }
  *mean = mu;
  *m2 = s;
  *first_bad = bad;
  *bad_value = bad_v;
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

// Projection cell q at the end of a window: the members' pair values [r][q] in member order, member r
// being projection pair number count0 + r + 1.
SFDT_HD void truth_projection_cell(const double* pair_values, int projections, int q, int64_t members, int64_t count0,
                                   double* mean, double* m2) {
  double mu = *mean, s = *m2;
  for (int64_t r = 0; r < members; ++r) welford_update(pair_values[r * projections + q], count0 + r + 1, &mu, &s);
  *mean = mu;
  *m2 = s;
}

}  // namespace sfdt
