// kde_fast.h — the float32 pair body of the Gaussian-KDE score for throughput (the CUDA F32 kernel,
// cuda/kernels/kde.cu). Same maths as kde.h, different arithmetic, chosen for the FP32 pipes:
//
//  * Pre-scaled coordinates. The caller multiplies data and queries by √c, c = log₂e/(2h²), so a
//    pair's base-2 logit is −acc with acc = |y' − x'|² = Σ_k (y'_k − x'_k)²: one subtraction and one
//    FMA per component, no multiply by −1/(2h²), and the weight is 2^(ref − acc) (ex2 on the SFU).
//  * Lazy reference. Weights are taken relative to a reference ref ≥ min acc seen, which moves only
//    when a pair beats it by more than KDE_FAST_SLACK: then ref := acc and the sums are scaled by
//    2^(acc − ref_old). Every weight is ≤ 2^SLACK (no overflow while n < 2^(127 − SLACK)), the best
//    pair's weight is ≥ 1 (S0 never underflows), and a rescale happens at most once per SLACK of
//    improvement, so the branch is almost never taken: no per-tile max, no second pass.
//  * Blocked sums. A tile's terms are summed into partials (t0, t1, t2) that are added to the
//    totals once per tile, so each sum sees ~TILE + n/TILE roundings rather than n.
//
// Counting for the roofline (per pair and query, d components, divergence wanted): d FADD + d FFMA
// (distance: 3d flops), 1 FADD (ref − acc), 1 FSETP (the lazy test: counted as 1 flop), 1 MUFU.EX2
// (not counted), 1 FADD (t0), d FFMA (t1: 2d flops), 1 FFMA (t2: 2 flops): 5d + 5 flops in 2d + 5
// FP32-pipe instructions. d = 8: 45 flops in 21 + 8 = 29 issue slots (the FFMAs count 2 flops each).
//
// Accuracy against the float64 tiers (kde.h), u = 2⁻²⁴, for a query whose relevant pairs (weights
// within 2⁻³² of the largest) have acc ≤ A and coordinates |·| ≤ R' (scaled units):
//   log₂-weight error ≤ (d + 2)u·A + 4u·√(d·A)·R'  (input rounding to float, distance roundings),
//   ex2.approx relative error ≤ 2⁻²²,  sums ≤ (2·KDE_FAST_TILE + n/KDE_FAST_TILE + 4)u relative,
// and |Δm'| ≤ 2R'·(ln2·log₂-weight error + 2⁻²² + sum error + 2⁻³²·n) for the mean m' (scaled).
#pragma once
#include "hd.h"

namespace sfdt {

constexpr int KDE_FAST_TILE = 256;   // data rows per shared-memory tile (and per blocked partial sum)
constexpr float KDE_FAST_SLACK = 16.0f;
constexpr float KDE_FAST_REF0 = 3.0e38f;  // initial reference: finite, so 2^(ref − ∞) = 0 for a skipped pair

// One component of the squared scaled distance: acc + (y − x)², with one rounding for the FMA.
SFDT_HD float kde_fast_sq_step(float acc, float y, float x) {
  const float t = y - x;
#if defined(__CUDA_ARCH__)
  return __fmaf_rn(t, t, acc);
#else
  return fmaf(t, t, acc);
#endif
}

// 2^x, x ≤ SLACK: the SFU's ex2 on the device (flushes subnormal results to 0), exp2f on the host.
SFDT_HD float kde_fast_exp2(float x) {
#if defined(__CUDA_ARCH__)
  float r;
  asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(r) : "f"(x));
  return r;
#else
  return exp2f(x);
#endif
}

SFDT_HD float kde_fast_fma(float a, float b, float c) {
#if defined(__CUDA_ARCH__)
  return __fmaf_rn(a, b, c);
#else
  return fmaf(a, b, c);
#endif
}

// Whether the pair at scaled squared distance acc moves the reference (the rare branch).
SFDT_HD bool kde_fast_moves(float acc, float ref) { return acc < ref - KDE_FAST_SLACK; }

// The factor 2^(acc − ref) that brings sums taken relative to ref to the new reference acc < ref.
SFDT_HD float kde_fast_rescale(float acc, float ref) { return kde_fast_exp2(acc - ref); }

// The pair's weight relative to the reference.
SFDT_HD float kde_fast_weight(float acc, float ref) { return kde_fast_exp2(ref - acc); }

}  // namespace sfdt
