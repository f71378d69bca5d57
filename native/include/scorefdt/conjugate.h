// conjugate.h — per-row bodies of the device GFDT conjugates B = −s(x) of low-dimensional scores
// (cuda/kernels/conjugate.cu, org.scorefdt.backend.cuda.DeviceConjugates). Each body repeats the
// operation order of the Java score it stands for, so that — with the fatbins' --fmad=false — the
// device values equal the host ones bit for bit given the same inputs:
//  * conj_affine_element: (y − sub_c) / div_c · scale (either step skipped when absent), the
//    DsmScore input normalisation ((y_i − μ_i)/√(s_i² + σ²)), its output scaling (B = out·(−1/σ),
//    equal to −(out·(1/σ)) since rounding is sign-symmetric), the KDE's centring (y − c) and a
//    negation (scale −1);
//  * conj_gaussian_row: QuasiGaussianScore.score's per-member Cholesky solves, B = C_ρ⁻¹(x − μ)
//    (forward substitution L y = x − μ, back substitution Lᵀ z = y, in place; = −s exactly);
//  * conj_matvec_element: AmplitudeCorrectedScore's Σ_j T_ij·v_j in order j = 0 … d−1.
#pragma once
#include "hd.h"

namespace sfdt {

SFDT_HD double conj_affine_element(double y, const double* sub, const double* div, double scale, int c) {
  if (sub != nullptr) y = y - sub[c];
  if (div != nullptr) y = y / div[c];
  return y * scale;  // × 1 is exact
}

// One member: out[0 … d) ← solve(L Lᵀ, x − μ); l row-major d×d lower triangular (Cholesky.java).
SFDT_HD void conj_gaussian_row(const double* x, double* out, const double* mean, const double* l, int d) {
  for (int i = 0; i < d; ++i) out[i] = x[i] - mean[i];
  for (int i = 0; i < d; ++i) {
    double v = out[i];
    for (int k = 0; k < i; ++k) v -= l[i * d + k] * out[k];
    out[i] = v / l[i * d + i];
  }
  for (int i = d - 1; i >= 0; --i) {
    double v = out[i];
    for (int k = i + 1; k < d; ++k) v -= l[k * d + i] * out[k];
    out[i] = v / l[i * d + i];
  }
}

// Σ_j t_row[j]·v[j], j in order (v one member's row, t_row row i of T).
SFDT_HD double conj_matvec_element(const double* t_row, const double* v, int d) {
  double acc = 0;
  for (int j = 0; j < d; ++j) acc += t_row[j] * v[j];
  return acc;
}

}  // namespace sfdt
