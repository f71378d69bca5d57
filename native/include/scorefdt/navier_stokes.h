// navier_stokes.h — per-mode and per-point bodies of the 2-D Navier–Stokes drift (docs/systems.md §3),
// shared by the CPU loop (native/cpu/navier_stokes.cpp) and CUDA kernels. Twin of
// java/org/scorefdt/model/{SpectralTables,VorticityDrift}.java (same formulas, same operation order).
//
//   ∂t ζ = −(U₀ + ∂yψ)∂xζ + ∂xψ∂yζ + Dζ + f − 0.9·mean(f) − mean(ζ),  ψ = Δ⁻¹ζ,  D = −ν_h Δ⁻² − ν Δ²
//
// Spectra are unnormalised DFTs (forward Σ_x u e^{−ik·x}), [jy][jx] with signed wavenumbers
// k = j ≤ n/2 ? j : j − n. Derivatives use the Nyquist wavenumber mapped to 0. The advection by
// u = (∂yψ, −∂xψ) is pseudo-spectral in skew-symmetric form −½(u·∇ζ + ∇·(uζ)), 2/3-dealiased
// (mode kept iff 3|kx| < n and 3|ky| < n) in the factors and the result when dealias != 0, where
// the advective form −u·∇ζ is evaluated instead (equal on truncated fields, cheaper).
// The drift of one mode is N(k) + L(k)ζ̂ + g(k), with L(k) = D(k) − i·U₀·kx (L(0) = −1, the mean
// relaxation) and g the random-wave forcing spectrum (F/2)(e^{iφ_k} + e^{−iφ_{−k}}) on K, times
// (1 − 0.9) at k = 0.
#pragma once
#include "hd.h"
#include "portable_math.h"

namespace sfdt {

// Per-mode constants: derivative wavenumbers, ψ factor −1/|k|² (0 at k = 0), mask, L(k).
struct NsMode {
  double kx, ky, psi, mask, lin_re, lin_im;
};

SFDT_HD NsMode ns_mode_constants(int n, int jy, int jx, double u0, double nu_hypo, double nu, int dealias) {
  const int h = n / 2;
  const int ky = jy <= h ? jy : jy - n, kx = jx <= h ? jx : jx - n;
  const double k2 = (double)kx * kx + (double)ky * ky;
  NsMode m;
  m.kx = jx == h ? 0.0 : (double)kx;
  m.ky = jy == h ? 0.0 : (double)ky;
  m.psi = k2 == 0 ? 0.0 : -1 / k2;
  const int akx = kx < 0 ? -kx : kx, aky = ky < 0 ? -ky : ky;
  m.mask = (!dealias || (3 * akx < n && 3 * aky < n)) ? 1.0 : 0.0;
  if (k2 == 0) {
    m.lin_re = -1.0;  // − mean(ζ): relaxation rate 1 (NavierStokes2d.MEAN_DAMPING)
  } else {
    const double k4 = k2 * k2;
    m.lin_re = -nu_hypo / k4 - nu * k4;
  }
  m.lin_im = -u0 * m.kx;
  return m;
}

// Spectra of the five physical fields the products need, from ζ̂ (masked): u = ∂yψ, v = −∂xψ, ζ,
// ∂xζ, ∂yζ. scale multiplies all five (1/n² on FFTW, whose inverse is unnormalised).
template <typename T>
SFDT_HD void ns_prepare_mode(T zr0, T zi0, const NsMode& c, T scale, T* uh, T* vh, T* mh, T* xh, T* yh) {
  const T m = (T)c.mask, kx = (T)c.kx, ky = (T)c.ky, psi = (T)c.psi;
  const T zr = m * zr0 * scale, zi = m * zi0 * scale;
  const T pr = psi * zr, pi = psi * zi;
  uh[0] = -ky * pi; uh[1] = ky * pr;
  vh[0] = kx * pi;  vh[1] = -kx * pr;
  mh[0] = zr;       mh[1] = zi;
  xh[0] = -kx * zi; xh[1] = kx * zr;
  yh[0] = -ky * zi; yh[1] = ky * zr;
}

// a = u·∂xζ + v·∂yζ (the advective form's only product).
template <typename T>
SFDT_HD T ns_advective_product(T u, T v, T zx, T zy) {
  return u * zx + v * zy;
}

// Pointwise products of the skew form: a = u·∂xζ + v·∂yζ, p = u·ζ, q = v·ζ.
template <typename T>
SFDT_HD void ns_products(T u, T v, T z, T zx, T zy, T* a, T* p, T* q) {
  *a = u * zx + v * zy;
  *p = u * z;
  *q = v * z;
}

// Drift of one mode: −½·mask·(â + i·kx·p̂ + i·ky·q̂) + L·ζ̂ (the forcing is added by ns_forcing_mode).
template <typename T>
SFDT_HD void ns_combine_mode(T ar, T ai, T pr, T pi, T qr, T qi, T zr, T zi, const NsMode& c, T* dr, T* di) {
  const T m = (T)c.mask, kx = (T)c.kx, ky = (T)c.ky, lr = (T)c.lin_re, li = (T)c.lin_im;
  const T divr = -(kx * pi + ky * qi);
  const T divi = kx * pr + ky * qr;
  const T nr = (T)-0.5 * m * (ar + divr);
  const T ni = (T)-0.5 * m * (ai + divi);
  *dr = nr + (lr * zr - li * zi);
  *di = ni + (lr * zi + li * zr);
}

// The advective form with dealiasing, −mask·â + L·ζ̂: on the 2/3-truncated fields it equals the skew
// form exactly (alias-free kept modes, ∇·u = 0), for 5 transforms per drift instead of 8.
template <typename T>
SFDT_HD void ns_combine_mode_advective(T ar, T ai, T zr, T zi, const NsMode& c, T* dr, T* di) {
  const T m = (T)c.mask, lr = (T)c.lin_re, li = (T)c.lin_im;
  const T nr = -m * ar, ni = -m * ai;
  *dr = nr + (lr * zr - li * zi);
  *di = ni + (lr * zi + li * zr);
}

// cos φ, sin φ by the portable kernels (bitwise equal on every tier): u = frac(φ/2π).
SFDT_HD void ns_phase_cos_sin(double phi, double* c, double* s) {
  const double inv_two_pi = 1.0 / (2.0 * 3.14159265358979323846);
  const double turns = phi * inv_two_pi;
  cos_sin_2pi(turns - floor(turns), c, s);
}

// Forcing of mode k from the cos/sin of its own phase (j) and of −k's (partner); scale = F/2, times
// (1 − 0.9) at k = 0.
template <typename T>
SFDT_HD void ns_forcing_mode(double scale, double cj, double sj, double cp, double sp, T* dr, T* di) {
  *dr = *dr + (T)(scale * (cj + cp));
  *di = *di + (T)(scale * (sj - sp));
}

// RK4 in Fourier space, per real or imaginary part: the accumulator acc ← acc + 2·k of the middle
// stages (the stage arguments are integrators.h's rk4_stage) and the last line ζ̂ + dt/6·(acc + k₄).
template <typename T>
SFDT_HD T ns_rk4_accumulate(T acc, T k) {
  return acc + (T)2 * k;
}
template <typename T>
SFDT_HD T ns_rk4_finish(T zh, T dt6, T acc, T k) {
  return zh + dt6 * (acc + k);
}

// EM step of one forcing phase: φ + σ√dt·z (z rounded to T first, as the CPU).
template <typename T>
SFDT_HD T ns_phase_step(T phi, T sdt, double z) {
  return phi + sdt * (T)z;
}

}  // namespace sfdt
