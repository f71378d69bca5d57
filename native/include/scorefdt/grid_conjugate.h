// grid_conjugate.h — per-cell bodies of the GFDT conjugates B = −s that the reproduction job forms on
// the device (cuda/kernels/grid_conjugate.cu). They are the expressions of the Java scores, written in
// the same operation order so that the device agrees with the host to the rounding of what lies
// between them (the CNN's summation order, cuFFT against JTransforms), not further:
//  * dsm_input: DsmScore.input, in_i = (y_i − μ_i) / √(s_i² + σ²) (IEEE division and square root
//    on both sides, so this step is bitwise);
//  * allen_cahn_negative_score: −AllenCahnScore.score per cell, −(P·(α(u − u³) + lin)) with lin the
//    inverse transform of κ(−|k|² − |k|⁴)·û.
//  * spectral_score_mode: one Fourier mode of a Gaussian score with a circulant covariance,
//    ŝ(k) = g(k)·v̂(k) with g = −N²/S(k) (SpectralQuasiGaussianScore.score, OuExact.score; the CPU
//    tier's native/cpu/spectral_score.cpp).
#pragma once
#include <math.h>
#include "scorefdt/hd.h"

namespace sfdt {

SFDT_HD double dsm_input(double y, double mean, double std, double sigma2) {
  return (y - mean) / sqrt(std * std + sigma2);
}

SFDT_HD double allen_cahn_negative_score(double u, double lin, double prefactor, double alpha) {
  return -(prefactor * (alpha * (u - u * u * u) + lin));
}

// ŝ(k) = g·v̂(k) in place, re and im each multiplied by the same g (the Java loop's two products).
template <typename T>
SFDT_HD void spectral_score_mode(T* re, T* im, T gain) {
  *re = *re * gain;
  *im = *im * gain;
}

}  // namespace sfdt
