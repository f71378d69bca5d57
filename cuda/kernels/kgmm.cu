// kgmm.cu — the two lookups of the KGMM score (org.scorefdt.score.KgmmScore):
//  * nearest centroid (KMeans.nearest): per point, the squared distance to each centre summed over
//    components in order (kde_sq_step), the first strict minimum wins (ties: lowest index) — the
//    same operations as Java, so the same index, bit for bit (--fmad=false);
//  * the Gaussian-kernel Nadaraya–Watson interpolant (KernelScoreInterpolator): per query,
//    e_q = log w_q − |x − p_q|²/(2h²), out = Σ_q exp(e_q − max e)·v_q / Σ_q exp(e_q − max e), two
//    passes over the anchors in order as in Java. exp is CUDA's (Java's Math.exp may differ by an
//    ulp), so agreement is to rounding.
// One thread per point/query; centres and anchors are read through the cache (the warp reads the
// same one at a time: broadcast).
#include "scorefdt/kde.h"
#include "scorefdt/cuda_params.h"

extern "C" __global__ void sfdt_nearest_f64(NearestParams p) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p.m) return;
  const double* x = p.points + i * p.d;
  int best = 0;
  double bestD = INFINITY;
  for (int q = 0; q < p.k; ++q) {
    const double* c = p.centroids + (long long)q * p.d;
    double s = 0.0;
    for (int j = 0; j < p.d; ++j) s = sfdt::kde_sq_step(s, x[j], c[j]);
    if (s < bestD) {
      bestD = s;
      best = q;
    }
  }
  p.out[i] = best;
}

extern "C" __global__ void sfdt_kernel_interp_f64(InterpParams p) {
  const long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p.m) return;
  const double* x = p.x + i * p.d;
  double* o = p.out + i * p.outputs;
  double mx = -INFINITY;
  for (int q = 0; q < p.count; ++q) {
    const double* a = p.anchors + (long long)q * p.d;
    double s = 0.0;
    for (int j = 0; j < p.d; ++j) s = sfdt::kde_sq_step(s, x[j], a[j]);
    const double e = p.log_w[q] - s * p.inv_2h2;
    mx = fmax(mx, e);
  }
  for (int k = 0; k < p.outputs; ++k) o[k] = 0.0;
  double norm = 0.0;
  for (int q = 0; q < p.count; ++q) {
    const double* a = p.anchors + (long long)q * p.d;
    double s = 0.0;
    for (int j = 0; j < p.d; ++j) s = sfdt::kde_sq_step(s, x[j], a[j]);
    const double w = exp((p.log_w[q] - s * p.inv_2h2) - mx);
    norm += w;
    for (int k = 0; k < p.outputs; ++k) o[k] += w * p.values[(long long)q * p.outputs + k];
  }
  for (int k = 0; k < p.outputs; ++k) o[k] /= norm;
}
