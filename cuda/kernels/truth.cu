// truth.cu — the perturbed-ensemble ground truth with the states on the device
// (backend/cuda/CudaPerturbedEnsemble, host algorithm response/PerturbedEnsemble). Per save:
//   sfdt_truth_kick         (window start) x_δ = x + δ·u, one thread per state value
//   sfdt_truth_moments      one thread per observed component i of this save's lag τ, Welford over
//                           the members in member order (truth.h: truth_moment_cell)
//   sfdt_truth_pairs        one thread per (member, projection): Σ_i w·(x_δ − x)/δ added in order
//   sfdt_truth_projections  (window end) one thread per projection, Welford over members in order
// One thread per accumulator cell, no atomics: deterministic, and in F64 equal to the Java loops
// bit for bit. One parameter struct for the four kernels.
#include "scorefdt/truth.h"

struct TruthParams {
  long long members;
  long long count0;        // moments: pairs of this lag before this save; projections: projection pairs before
  long long save;          // save index (divergence records)
  int d;                   // state dimension (row stride)
  int observed;            // recorded components 0 … observed−1
  int lags;
  int lag;                 // this save's lag in its window
  int projections;
  int kick_component;      // impulse component j (used when u == null)
  double delta;
  const double* x;         // [member][d]
  double* xd;              // [member][d], the perturbed copy
  const double* u;         // [observed] profile, or null for an impulse
  const double* weights;   // [projection][lags][observed]
  double* mean;            // [lags][observed]
  double* m2;              // [lags][observed]
  double* pair_values;     // [member][projection]
  double* p_mean;          // [projection]
  double* p_m2;            // [projection]
  long long* first_bad;    // [observed]: 1 + save·members + r of the first non-finite difference, 0 if none
  double* bad_value;       // [observed]
};
static_assert(sizeof(TruthParams) == 144, "TruthParams: keep KernelStructs.java (field order, size 144) in step");

extern "C" __global__ void sfdt_truth_kick(TruthParams p) {
  const long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= p.members * p.d) return;
  const long long r = e / p.d;
  const int i = (int)(e - r * p.d);
  p.xd[e] = sfdt::truth_kicked(p.x, p.d, p.observed, r, i, p.delta, p.u, p.kick_component);
}

extern "C" __global__ void sfdt_truth_moments(TruthParams p) {
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.observed) return;
  const int i = (int)c;
  const long long cell = (long long)p.lag * p.observed + i;
  sfdt::truth_moment_cell(p.x, p.xd, p.d, i, p.members, p.delta, p.count0, p.save, p.mean + cell, p.m2 + cell,
                          p.first_bad + i, p.bad_value + i);
}

extern "C" __global__ void sfdt_truth_pairs(TruthParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.projections) return;
  const long long r = t / p.projections;
  const int q = (int)(t - r * p.projections);
  const double* w = p.weights + (long long)q * p.lags * p.observed;
  const double acc = p.lag == 0 ? 0.0 : p.pair_values[t];
  p.pair_values[t] = sfdt::truth_pair_value(p.x, p.xd, p.d, p.observed, r, p.delta, w, p.lag, acc);
}

extern "C" __global__ void sfdt_truth_projections(TruthParams p) {
  const long long q = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (q >= p.projections) return;
  sfdt::truth_projection_cell(p.pair_values, p.projections, (int)q, p.members, p.count0, p.p_mean + q, p.p_m2 + q);
}
