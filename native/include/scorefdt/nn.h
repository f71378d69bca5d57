// nn.h — per-element bodies of the dense networks (the MLP of org.scorefdt.score.nn.Mlp), written
// once for the CPU loops (native/cpu/mlp.cpp) and a future CUDA kernel. The matrix products are not
// here: the CPU library calls OpenBLAS (cblas_dgemm), a GPU one would call cuBLAS.
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

// 1/(1 + e^{−v}), written so that neither branch overflows (as Activation.logistic).
SFDT_HD double nn_logistic(double v) {
  if (v >= 0) return 1 / (1 + exp(-v));
  const double e = exp(v);
  return e / (1 + e);
}

// The value the forward pass keeps besides the activation: σ(v) for SiLU, 0 for tanh.
SFDT_HD double nn_act_aux(int32_t act, double v) { return act == NN_SILU ? nn_logistic(v) : 0.0; }

// φ(v) given v and nn_act_aux(v).
SFDT_HD double nn_act_apply(int32_t act, double v, double aux) { return act == NN_SILU ? v * aux : tanh(v); }

// φ'(v) from the kept aux and a = φ(v): SiLU σ + a(1 − σ), tanh 1 − a².
SFDT_HD double nn_act_derivative(int32_t act, double aux, double a) {
  return act == NN_SILU ? aux + a * (1 - aux) : 1 - a * a;
}

// Hidden unit: bias add and activation in place. On entry *za holds the GEMM output z; on exit it
// holds a = φ(z + b), and *aux the kept auxiliary value.
SFDT_HD void nn_hidden_unit(int32_t act, double* za, double b, double* aux) {
  const double v = *za + b;
  const double s = nn_act_aux(act, v);
  *aux = s;
  *za = nn_act_apply(act, v, s);
}

// Output unit: bias add only (linear output layer).
SFDT_HD void nn_output_unit(double* z, double b) { *z = *z + b; }

// Backward through a hidden unit: *d (= (δW)_k on entry) times φ'.
SFDT_HD void nn_hidden_delta(int32_t act, double* d, double aux, double a) { *d = *d * nn_act_derivative(act, aux, a); }

}  // namespace sfdt
