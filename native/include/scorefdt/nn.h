// nn.h — per-element bodies of the dense networks (the MLP of org.scorefdt.score.nn.Mlp), written
// once for the CPU loops (native/cpu/mlp.cpp, train.cpp) and the CUDA kernels (cuda/kernels/mlp.cu).
// The matrix products are not here: the CPU library calls OpenBLAS (cblas_dgemm), the GPU cuBLAS (or,
// for small nets, the fused kernel of mlp.cu). Activation bodies are templates on float/double.
//
// Conventions (identical to Mlp.java / Activation.java):
//  * hidden layer: v = z + b (z the GEMM output), aux = act_aux(v), a = act_apply(v, aux); the
//    forward pass keeps aux (σ(v) for SiLU, 0 for tanh) and a for the backward pass;
//  * output layer: linear, a = z + b;
//  * backward: δ_{l−1} = (δ_l W_l) ⊙ act_derivative(aux, a), the derivative from the kept values only.
// Transcendentals come from the C library (exp, tanh), Java uses StrictMath (fdlibm): the two may
// differ in the last bit, which is why native/Java parity is checked to a tolerance, not bitwise.
#pragma once
#include <math.h>
#include "scorefdt/hd.h"

namespace sfdt {

// Activation ids: the ordinals of org.scorefdt.score.nn.Activation, and SFDT_ACT_* in abi.h.
enum NnActivation : int32_t { NN_SILU = 0, NN_TANH = 1 };

// exp and tanh of either precision (libm's on the host, CUDA's accurate ones on the device).
SFDT_HD double nn_exp(double v) { return exp(v); }
SFDT_HD float nn_exp(float v) { return expf(v); }
SFDT_HD double nn_tanh(double v) { return tanh(v); }
SFDT_HD float nn_tanh(float v) { return tanhf(v); }

// 1/(1 + e^{−v}), written so that neither branch overflows (as Activation.logistic).
template <typename T>
SFDT_HD T nn_logistic(T v) {
  if (v >= 0) return T(1) / (T(1) + nn_exp(-v));
  const T e = nn_exp(v);
  return e / (T(1) + e);
}

// The value the forward pass keeps besides the activation: σ(v) for SiLU, 0 for tanh.
template <typename T>
SFDT_HD T nn_act_aux(int32_t act, T v) { return act == NN_SILU ? nn_logistic(v) : T(0); }

// φ(v) given v and nn_act_aux(v).
template <typename T>
SFDT_HD T nn_act_apply(int32_t act, T v, T aux) { return act == NN_SILU ? v * aux : nn_tanh(v); }

// φ'(v) from the kept aux and a = φ(v): SiLU σ + a(1 − σ), tanh 1 − a².
template <typename T>
SFDT_HD T nn_act_derivative(int32_t act, T aux, T a) {
  return act == NN_SILU ? aux + a * (T(1) - aux) : T(1) - a * a;
}

// Hidden unit: bias add and activation in place. On entry *za holds the GEMM output z; on exit it
// holds a = φ(z + b), and *aux the kept auxiliary value.
template <typename T>
SFDT_HD void nn_hidden_unit(int32_t act, T* za, T b, T* aux) {
  const T v = *za + b;
  const T s = nn_act_aux(act, v);
  *aux = s;
  *za = nn_act_apply(act, v, s);
}

// Output unit: bias add only (linear output layer).
template <typename T>
SFDT_HD void nn_output_unit(T* z, T b) { *z = *z + b; }

// Backward through a hidden unit: *d (= (δW)_k on entry) times φ'.
template <typename T>
SFDT_HD void nn_hidden_delta(int32_t act, T* d, T aux, T a) { *d = *d * nn_act_derivative(act, aux, a); }

// ---- Training bodies (org.scorefdt.score.nn.Adam, Ema, DsmTrainer), same operations in the same
// order as the Java reference, so that without FMA contraction they agree bit for bit.

// One Adam coordinate: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g·g, θ ← θ − η(m/c₁)/(√(v/c₂) + ε), with
// the bias corrections c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ computed once per step by the caller.
SFDT_HD void nn_adam_update(double* theta, double* m, double* v, double g, double beta1, double beta2, double eps,
                            double lr, double c1, double c2) {
  const double mi = beta1 * *m + (1 - beta1) * g;
  const double vi = beta2 * *v + (1 - beta2) * g * g;
  *m = mi;
  *v = vi;
  *theta = *theta - lr * (mi / c1) / (sqrt(vi / c2) + eps);
}

// One EMA coordinate: θ̄ ← bθ̄ + (1 − b)θ, b the step's ramped decay (Ema.update).
SFDT_HD void nn_ema_update(double* avg, double theta, double b) { *avg = b * *avg + (1 - b) * theta; }

// One DSM residual: e = out + z (the network predicts −z); returns e² for the loss and writes
// ∂loss/∂out = scale·e (scale = 2/(B·d)) over out.
SFDT_HD double nn_dsm_residual(double* out, double z, double scale) {
  const double e = *out + z;
  *out = scale * e;
  return e * e;
}

}  // namespace sfdt
