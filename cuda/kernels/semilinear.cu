// semilinear.cu — Allen–Cahn (semilinear SPDEs, spdes.h) on the GPU: the pointwise kernels around
// cuFFT that CudaSemiLinearIntegrator calls batched over a chunk of members, with the state kept on
// the device for a whole advance call. Same steps, same order, same bodies as native/cpu/semilinear.cpp:
//   increment  w (spectral.cu's noise kernel) → r2c → ×Σ^{1/2} (noise_symbol_mode) → c2r → ×(1/n²)·scale
//   drift      r = r(x) per cell → r2c of x and r → f̂ = L·û + g·r̂ per mode → c2r → ×1/n²
//   RK4+EM     x + h·f stages (rk4_stage), then semilinear_rk4_combine with the increment
//   ETD1/ETD2  â = e·û + p1·r̂ (etd1_mode), corrector etd2_correct_mode, u' = c2r(â)/n² + η
// Two parameter structs: one for per-cell kernels (one thread per real value), one for per-mode
// kernels (one thread per half-spectrum mode of each member; arrays interleaved (re, im)).
// Scalars come as double and are rounded to T here exactly as the CPU rounds them.
#include "scorefdt/integrators.h"
#include "scorefdt/spdes.h"
#include "scorefdt/cuda_params.h"

enum SemiCellOp { CELL_REACTION, CELL_REACTION_SCALED, CELL_STAGE_HALF, CELL_STAGE_FULL, CELL_COMBINE, CELL_SCALE,
                  CELL_INCREMENT, CELL_ETD_FINISH };
enum SemiModeOp { MODE_DRIFT, MODE_NOISE, MODE_ETD1, MODE_ETD2 };

template <typename T, int OP>
__device__ __forceinline__ void cell(const SemiCellParams& p) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p.count) return;
  T* x = static_cast<T*>(p.x);
  const T* a = static_cast<const T*>(p.a);
  const T* b = static_cast<const T*>(p.b);
  const T dt = (T)p.dt;
  const T inv = (T)1 / (T)p.cells;  // as the CPU: inv_n2 = (T)1 / (T)n²
  if (OP == CELL_REACTION) {
    x[i] = sfdt::allen_cahn_reaction(a[i]);
  } else if (OP == CELL_REACTION_SCALED) {  // r(a/n²) of an unnormalised c2r (ETD2's predictor)
    x[i] = sfdt::allen_cahn_reaction(a[i] * inv);
  } else if (OP == CELL_STAGE_HALF) {
    x[i] = sfdt::rk4_stage(a[i], (T)0.5 * dt, b[i]);
  } else if (OP == CELL_STAGE_FULL) {
    x[i] = sfdt::rk4_stage(a[i], dt, b[i]);
  } else if (OP == CELL_COMBINE) {  // a..d = f0..f3, e = η
    x[i] = sfdt::semilinear_rk4_combine(x[i], dt / (T)6, a[i], b[i], static_cast<const T*>(p.c)[i],
                                        static_cast<const T*>(p.d)[i], static_cast<const T*>(p.e)[i]);
  } else if (OP == CELL_SCALE) {
    x[i] *= inv;
  } else if (OP == CELL_INCREMENT) {
    x[i] = sfdt::noise_increment_cell(x[i], inv, (T)p.noise_scale);
  } else {  // CELL_ETD_FINISH, a = η
    x[i] = sfdt::etd_finish_cell(x[i], inv, a[i]);
  }
}

template <typename T, int OP>
__device__ __forceinline__ void mode(const SemiModeParams& p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.modes) return;
  const long long k = t % p.modes;
  const T c0 = static_cast<const T*>(p.c0)[k];
  T* o = static_cast<T*>(p.out) + 2 * t;
  if (OP == MODE_NOISE) {  // out ← Σ^{1/2}·out; c0 = Σ^{1/2}
    sfdt::noise_symbol_mode(c0, &o[0], &o[1]);
    return;
  }
  const T c1 = static_cast<const T*>(p.c1)[k];
  const T* u = static_cast<const T*>(p.u) + 2 * t;
  const T* r = static_cast<const T*>(p.r) + 2 * t;
  if (OP == MODE_ETD2) {  // out += p2·(u − r): u = r̂(a), r = r̂(u); c0, c1 = p2
    sfdt::etd2_correct_mode(u[0], u[1], r[0], r[1], c0, c1, &o[0], &o[1]);
    return;
  }
  const T c2 = static_cast<const T*>(p.c2)[k];
  const T ur = u[0], ui = u[1], rr = r[0], ri = r[1];  // out may alias u
  if (OP == MODE_DRIFT) {  // c0, c1 = L, c2 = g
    sfdt::semilinear_drift_mode(ur, ui, rr, ri, c0, c1, c2, &o[0], &o[1]);
  } else {  // MODE_ETD1: c0, c1 = e, c2, c3 = p1
    sfdt::etd1_mode(ur, ui, rr, ri, c0, c1, c2, static_cast<const T*>(p.c3)[k], &o[0], &o[1]);
  }
}

#define SFDT_SEMI_CELL(name, op)                                                                   \
  extern "C" __global__ void sfdt_semi_##name##_f64(SemiCellParams p) { cell<double, op>(p); } \
  extern "C" __global__ void sfdt_semi_##name##_f32(SemiCellParams p) { cell<float, op>(p); }
#define SFDT_SEMI_MODE(name, op)                                                                   \
  extern "C" __global__ void sfdt_semi_##name##_f64(SemiModeParams p) { mode<double, op>(p); } \
  extern "C" __global__ void sfdt_semi_##name##_f32(SemiModeParams p) { mode<float, op>(p); }

SFDT_SEMI_CELL(reaction, CELL_REACTION)
SFDT_SEMI_CELL(reaction_scaled, CELL_REACTION_SCALED)
SFDT_SEMI_CELL(stage_half, CELL_STAGE_HALF)
SFDT_SEMI_CELL(stage_full, CELL_STAGE_FULL)
SFDT_SEMI_CELL(combine, CELL_COMBINE)
SFDT_SEMI_CELL(scale, CELL_SCALE)
SFDT_SEMI_CELL(increment, CELL_INCREMENT)
SFDT_SEMI_CELL(etd_finish, CELL_ETD_FINISH)
SFDT_SEMI_MODE(drift, MODE_DRIFT)
SFDT_SEMI_MODE(noise, MODE_NOISE)
SFDT_SEMI_MODE(etd1, MODE_ETD1)
SFDT_SEMI_MODE(etd2, MODE_ETD2)
