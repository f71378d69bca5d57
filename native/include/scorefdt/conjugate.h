// conjugate.h — per-row bodies of the device GFDT conjugates B = −s(x) of low-dimensional scores
// (cuda/kernels/conjugate.cu, the CUDA backend's DeviceConjugates). Each body repeats the
// operation order of the Java score it stands for, so that — with the fatbins' --fmad=false — the
// device values equal the host ones bit for bit given the same inputs:
//  * conj_affine_element: (y − sub_c) / div_c · scale (either step skipped when absent), the
//    DsmScore input normalisation ((y_i − μ_i)/√(s_i² + σ²)), its output scaling (B = out·(−1/σ),
//    equal to −(out·(1/σ)) since rounding is sign-symmetric), the KDE's centring (y − c) and a
//    negation (scale −1);
//  * conj_gaussian_row: QuasiGaussianScore.score's per-member Cholesky solves, B = C_ρ⁻¹(x − μ)
//    (forward substitution L y = x − μ, back substitution Lᵀ z = y, in place; = −s exactly);
//  * conj_matvec_element: AmplitudeCorrectedScore's Σ_j T_ij·v_j in order j = 0 … d−1;
//  * conj_linear_element: off_i + Σ_j T_ij·(v_j − sub_j), the affine part of a DsmScore over a Gaussian
//    base (its base at σ = 0 and its linear correction, folded into one matrix on the host);
//  * conj_local_poly_element: LocalPolynomialScore.score at one (member, component), negated.
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

SFDT_HD double conj_linear_element(const double* t_row, const double* v, const double* sub, double off, int d) {
  double acc = off;
  for (int j = 0; j < d; ++j) acc += t_row[j] * (v[j] - sub[j]);
  return acc;
}

// z_j = (x_j − μ)·inv of LocalPolynomialScore.score (the same two roundings as its z array), j taken mod d.
SFDT_HD double conj_local_poly_z(const double* x, int d, int j, double mu, double inv) {
  j %= d;
  if (j < 0) j += d;
  return (x[j] - mu) * inv;
}

// B_i = −(s_i·inv) of LocalPolynomialScore at component i of one member x[0 … d), with
// s_i = Σ_k θ_k φ_k(z; i) summed in the host's feature order: θ₀·1, the linear offsets
// θ_{1+m}·z_{i+lo+m} (m = 0 … d−1), then the nonlinear monomials θ_{1+d+q}·φ_q. Monomial q's window
// offsets (0 … 2r, the value z_{i+v−r}) are vars[q·degree …], in the host tree's multiplication
// order (tp[k] = tp[parent]·win[v], whose first factor is 1·win[v₁] = win[v₁] exactly), −1-padded
// below the maximal degree. z is recomputed per use instead of stored: no per-thread array.
SFDT_HD double conj_local_poly_element(const double* x, int d, int i, double mu, double inv, const double* theta, int lo,
                                       const int* vars, int nonlinear, int degree, int radius) {
  double s = 0;
  s += theta[0] * 1.0;
  for (int m = 0; m < d; ++m) s += theta[1 + m] * conj_local_poly_z(x, d, i + lo + m, mu, inv);
  for (int q = 0; q < nonlinear; ++q) {
    const int* v = vars + (long long)q * degree;
    double p = conj_local_poly_z(x, d, i + v[0] - radius, mu, inv);
    for (int g = 1; g < degree && v[g] >= 0; ++g) p = p * conj_local_poly_z(x, d, i + v[g] - radius, mu, inv);
    s += theta[1 + d + q] * p;
  }
  return -(s * inv);
}

}  // namespace sfdt
