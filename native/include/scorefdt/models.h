// models.h — per-member drift bodies of the built-in low-dimensional models, shared by the CPU
// loops and the CUDA kernels. Itô SDE dx = f(x) dt + σ dW (σ dW: no implied √2).
// Twins of java/org/scorefdt/model/{DoubleWell,Lorenz96}.java: same operations, same order.
#pragma once
#include "hd.h"

namespace sfdt {

enum ModelId : int32_t { MODEL_DOUBLE_WELL = 1, MODEL_LORENZ96 = 2 };

// Double well, each component independent: f(x) = x − x³.
template <typename T>
SFDT_HD T double_well_component(T x) {
  return x - x * x * x;
}

template <typename T>
SFDT_HD void double_well_drift(const T* x, T* f, int d) {
  for (int i = 0; i < d; ++i) f[i] = double_well_component(x[i]);
}

// Lorenz-96: f_i = (x_{i+1} − x_{i−2}) x_{i−1} − x_i + F, indices mod d (d ≥ 4). The three
// wrap-around components are done apart so the interior loop is branch-free and vectorises; the
// arithmetic of every component is the same expression in the same order.
template <typename T>
SFDT_HD T lorenz96_component(T xp1, T xm2, T xm1, T xi, T forcing) {
  return (xp1 - xm2) * xm1 - xi + forcing;
}

template <typename T>
SFDT_HD void lorenz96_drift(const T* x, T* f, int d, T forcing) {
  f[0] = lorenz96_component(x[1], x[d - 2], x[d - 1], x[0], forcing);
  f[1] = lorenz96_component(x[2], x[d - 1], x[0], x[1], forcing);
  for (int i = 2; i < d - 1; ++i) f[i] = lorenz96_component(x[i + 1], x[i - 2], x[i - 1], x[i], forcing);
  f[d - 1] = lorenz96_component(x[0], x[d - 3], x[d - 2], x[d - 1], forcing);
}

// Component i of the drift alone, reading the whole state x with indices wrapped mod d: the same
// expression as lowdim_drift's component i (CUDA runs one thread per component, see
// cuda/kernels/lowdim.cu). forcing: Lorenz-96 F, (T)params[0]; unused by the double well.
template <typename T>
SFDT_HD T lowdim_drift_component(int32_t model, T forcing, const T* x, int i, int d) {
  if (model == MODEL_LORENZ96) {
    const int ip1 = i + 1 == d ? 0 : i + 1;
    const int im1 = i == 0 ? d - 1 : i - 1;
    const int im2 = i >= 2 ? i - 2 : i - 2 + d;
    return lorenz96_component(x[ip1], x[im2], x[im1], x[i], forcing);
  }
  return double_well_component(x[i]);
}

// Dispatch on the model id; params: Lorenz-96 {F}; double well {}.
template <typename T>
SFDT_HD void lowdim_drift(int32_t model, const double* params, const T* x, T* f, int d) {
  switch (model) {
    case MODEL_DOUBLE_WELL: double_well_drift(x, f, d); break;
    case MODEL_LORENZ96: lorenz96_drift(x, f, d, (T)params[0]); break;
    default: break;
  }
}

}  // namespace sfdt
