// train.cpp — the per-coordinate training updates on the native CPU tier (abi.h sfdt_adam_step,
// sfdt_ema_update, sfdt_dsm_residual), with the bodies of nn.h that the CUDA training kernels
// (cuda/kernels/mlp.cu) also run. Sequential loops: the updates are memory-bound and tiny next to
// the products, and a fixed order keeps the loss sum bitwise equal to the Java reference.
#include <cstddef>
#include "scorefdt/abi.h"
#include "scorefdt/nn.h"

extern "C" int32_t sfdt_adam_step(double* params, const double* grad, double* m, double* v, int64_t n, double beta1,
                                  double beta2, double eps, double lr, double c1, double c2) {
  if (!params || !grad || !m || !v) return SFDT_E_NULL;
  if (n < 0) return SFDT_E_ARG;
  for (int64_t i = 0; i < n; ++i) sfdt::nn_adam_update(params + i, m + i, v + i, grad[i], beta1, beta2, eps, lr, c1, c2);
  return SFDT_OK;
}

extern "C" int32_t sfdt_ema_update(double* average, const double* params, int64_t n, double decay) {
  if (!average || !params) return SFDT_E_NULL;
  if (n < 0) return SFDT_E_ARG;
  for (int64_t i = 0; i < n; ++i) sfdt::nn_ema_update(average + i, params[i], decay);
  return SFDT_OK;
}

extern "C" int32_t sfdt_dsm_residual(double* out, const double* z, int64_t n, double scale, double* sum_sq) {
  if (!out || !z || !sum_sq) return SFDT_E_NULL;
  if (n < 0) return SFDT_E_ARG;
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += sfdt::nn_dsm_residual(out + i, z[i], scale);
  *sum_sq = s;
  return SFDT_OK;
}

extern "C" int32_t sfdt_dsm_update(const sfdt_dsm_update_params* p) {
  if (!p || !p->master || !p->grad || !p->m || !p->v || !p->ema) return SFDT_E_NULL;
  if (p->n < 0 || (p->precision != SFDT_F64 && p->precision != SFDT_F32)) return SFDT_E_ARG;
  if (p->precision == SFDT_F32 && !p->params32) return SFDT_E_NULL;
  const double* g64 = (const double*)p->grad;
  const float* g32 = (const float*)p->grad;
  for (int64_t i = 0; i < p->n; ++i) {
    const double g = (p->precision == SFDT_F64 ? g64[i] : (double)g32[i]) * p->clip;
    sfdt::nn_adam_update(p->master + i, p->m + i, p->v + i, g, p->beta1, p->beta2, p->eps, p->lr, p->c1, p->c2);
    sfdt::nn_ema_update(p->ema + i, p->master[i], p->ema_decay);
    if (p->precision == SFDT_F32) p->params32[i] = (float)p->master[i];
  }
  return SFDT_OK;
}
