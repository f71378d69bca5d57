// integrators.h — one time step of each fixed-step scheme for additive noise, per member, shared
// by CPU and CUDA. Itô, σ dW convention: the increment of component i is s_i·z_i with
// s_i = σ_i·√dt and z_i ~ N(0,1) from philox.h. Twin of java/org/scorefdt/backend/java/JavaIntegrator.java.
//   EM      x' = x + dt·f(x) + s·z                                   (strong 1/2→1 for additive noise, weak 1)
//   HEUN    x̃ = x + dt·f(x) + s·z;  x' = x + (dt/2)·(f(x) + f(x̃)) + s·z   (weak 2 for additive noise)
//   RK4_EM  x' = RK4_drift(x, dt) + s·z        (the authors' scheme: deterministic RK4, then the noise)
#pragma once
#include "models.h"

namespace sfdt {

enum SchemeId : int32_t { SCHEME_EM = 1, SCHEME_HEUN = 2, SCHEME_RK4_EM = 3 };

// The per-component updates of each scheme, written once: lowdim_step below applies them to whole
// vectors (CPU), the CUDA kernel to one component per thread. Each is one fixed expression.
template <typename T>
SFDT_HD T em_update(T x, T dt, T f0, T s, T z) {  // EM step, and Heun's predictor
  return x + dt * f0 + s * z;
}
template <typename T>
SFDT_HD T heun_correct(T x, T half_dt, T f0, T f1, T s, T z) {
  return x + half_dt * (f0 + f1) + s * z;
}
template <typename T>
SFDT_HD T rk4_stage(T x, T h, T f) {  // the argument x + h·f of the next RK4 drift evaluation
  return x + h * f;
}
template <typename T>
SFDT_HD T rk4_combine(T x, T dt6, T f0, T f1, T f2, T f3, T s, T z) {
  return x + dt6 * (((f0 + (T)2 * f1) + (T)2 * f2) + f3) + s * z;
}

// scratch: at least 5·d elements. z: the d normals of this step. s: σ_i·√dt per component.
template <typename T>
SFDT_HD void lowdim_step(int32_t model, const double* params, int32_t scheme, T* x, int d, T dt,
                         const T* s, const T* z, T* scratch) {
  T* f0 = scratch;
  T* f1 = scratch + d;
  T* xt = scratch + 2 * d;
  lowdim_drift(model, params, x, f0, d);
  if (scheme == SCHEME_EM) {
    for (int i = 0; i < d; ++i) x[i] = em_update(x[i], dt, f0[i], s[i], z[i]);
  } else if (scheme == SCHEME_HEUN) {
    for (int i = 0; i < d; ++i) xt[i] = em_update(x[i], dt, f0[i], s[i], z[i]);
    lowdim_drift(model, params, xt, f1, d);
    T half_dt = (T)0.5 * dt;
    for (int i = 0; i < d; ++i) x[i] = heun_correct(x[i], half_dt, f0[i], f1[i], s[i], z[i]);
  } else {  // SCHEME_RK4_EM
    T* f2 = scratch + 3 * d;
    T* f3 = scratch + 4 * d;
    T half_dt = (T)0.5 * dt;
    for (int i = 0; i < d; ++i) xt[i] = rk4_stage(x[i], half_dt, f0[i]);
    lowdim_drift(model, params, xt, f1, d);
    for (int i = 0; i < d; ++i) xt[i] = rk4_stage(x[i], half_dt, f1[i]);
    lowdim_drift(model, params, xt, f2, d);
    for (int i = 0; i < d; ++i) xt[i] = rk4_stage(x[i], dt, f2[i]);
    lowdim_drift(model, params, xt, f3, d);
    T dt6 = dt / (T)6;
    for (int i = 0; i < d; ++i) x[i] = rk4_combine(x[i], dt6, f0[i], f1[i], f2[i], f3[i], s[i], z[i]);
  }
}

// Linear spectral step, one Fourier mode: û' = a·û + b·ŵ (complex). The coefficients (a, b) encode
// the scheme — exact OU (a = e^{m dt}), EM (a = 1 + m dt), Heun, RK4 — and are computed once in
// Java (integrate/LinearSpectralStep.java) so every backend applies the same numbers.
template <typename T>
SFDT_HD void spectral_mode_update(T* u_re, T* u_im, T w_re, T w_im, T a_re, T a_im, T b_re, T b_im) {
  T ur = *u_re, ui = *u_im;
  *u_re = (a_re * ur - a_im * ui) + (b_re * w_re - b_im * w_im);
  *u_im = (a_re * ui + a_im * ur) + (b_re * w_im + b_im * w_re);
}

}  // namespace sfdt
