// spdes.h — per-element bodies of the semilinear SPDEs (Allen–Cahn, docs/systems.md §2), shared by the
// CPU loops (native/cpu/semilinear.cpp) and the CUDA kernels. Twins of
// java/org/scorefdt/model/AllenCahn.java and integrate/SemiLinearStepper.java: same operations, same
// order. The drift is f(u) = L u + G r(u), with L(k) complex (−κ|k|² − i·A·kx) and g(k) real
// (α/(1 + |k|²)), both applied per Fourier mode; the ETD coefficients e = e^{L dt},
// p1 = dt·φ₁(L dt)·g, p2 = dt·φ₂(L dt)·g come precomputed (integrate/EtdCoefficients.java).
#pragma once
#include "hd.h"

namespace sfdt {

enum SemiLinearReaction : int32_t { REACTION_ALLEN_CAHN = 1 };

// Allen–Cahn reaction r(u) = u − u³, evaluated as u − (u·u)·u.
template <typename T>
SFDT_HD T allen_cahn_reaction(T u) {
  return u - u * u * u;
}

// One mode of the drift spectrum: f̂ = L·û + g·r̂ (complex L, real g).
template <typename T>
SFDT_HD void semilinear_drift_mode(T u_re, T u_im, T r_re, T r_im, T l_re, T l_im, T g, T* f_re, T* f_im) {
  *f_re = (l_re * u_re - l_im * u_im) + g * r_re;
  *f_im = (l_re * u_im + l_im * u_re) + g * r_im;
}

// One mode of the exponential Euler step: â = e·û + p1·r̂ (all complex).
template <typename T>
SFDT_HD void etd1_mode(T u_re, T u_im, T r_re, T r_im, T e_re, T e_im, T p1_re, T p1_im, T* a_re, T* a_im) {
  *a_re = (e_re * u_re - e_im * u_im) + (p1_re * r_re - p1_im * r_im);
  *a_im = (e_re * u_im + e_im * u_re) + (p1_re * r_im + p1_im * r_re);
}

// ETDRK2 corrector of one mode: â += p2·(r̂(a) − r̂(u)).
template <typename T>
SFDT_HD void etd2_correct_mode(T ra_re, T ra_im, T ru_re, T ru_im, T p2_re, T p2_im, T* a_re, T* a_im) {
  T dr = ra_re - ru_re, di = ra_im - ru_im;
  *a_re += p2_re * dr - p2_im * di;
  *a_im += p2_re * di + p2_im * dr;
}

// RK4+EM's last line per cell: the RK4 average of the four drift stages plus the step's
// correlated increment η (the stages themselves are integrators.h's rk4_stage).
template <typename T>
SFDT_HD T semilinear_rk4_combine(T x, T dt6, T f0, T f1, T f2, T f3, T inc) {
  return x + dt6 * (((f0 + (T)2 * f1) + (T)2 * f2) + f3) + inc;
}

// One mode of the noise colouring: ŵ ← Σ^{1/2}(k)·ŵ (real symbol).
template <typename T>
SFDT_HD void noise_symbol_mode(T sq, T* w_re, T* w_im) {
  *w_re *= sq;
  *w_im *= sq;
}

// One cell of the increment after the inverse FFT: η = (unnormalised c2r)·(1/n²)·noise_scale.
template <typename T>
SFDT_HD T noise_increment_cell(T v, T inv_n2, T scale) {
  return v * inv_n2 * scale;
}

// One cell at the end of an ETD step: u' = (unnormalised c2r of â)·(1/n²) + η.
template <typename T>
SFDT_HD T etd_finish_cell(T v, T inv_n2, T inc) {
  return v * inv_n2 + inc;
}

}  // namespace sfdt
