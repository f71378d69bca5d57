// truth.cu — the perturbed-ensemble ground truth with the states on the device
// (the CUDA backend's CudaPerturbedEnsemble; host algorithm response/PerturbedEnsemble). Per save:
//   sfdt_truth_kick         (window start) x_δ = x + δ·u, one thread per state value
//   sfdt_truth_moment_blocks      one thread per (member block b, observed component i): the block's
//                                 partial Welford moments of (x_δ − x)/δ and its first non-finite one
//   sfdt_truth_moment_merge       one thread per observed component i of this save's lag τ: the
//                                 partials Chan-merged in block order into the running moments
//   sfdt_truth_pairs              one thread per (member, projection): Σ_i w·(x_δ − x)/δ added in order
//   sfdt_truth_projection_blocks  (window end) one thread per (block, projection): partial moments
//   sfdt_truth_projection_merge   (window end) one thread per projection: merged in block order
// Blocks of `block` members (fixed by the host algorithm, not by the launch): the same expression tree
// as the Java loops (truth.h), no atomics: deterministic, and in F64 equal to them bit for bit. One
// parameter struct for the kernels.
#include "scorefdt/truth.h"
#include "scorefdt/cuda_params.h"

// Blocks of p.members in p.block.
__device__ __forceinline__ long long truth_blocks(const TruthParams& p) {
  return (p.members + p.block - 1) / p.block;
}

extern "C" __global__ void sfdt_truth_kick(TruthParams p) {
  const long long e = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= p.members * p.d) return;
  const long long r = e / p.d;
  const int i = (int)(e - r * p.d);
  p.xd[e] = sfdt::truth_kicked(p.x, p.d, p.observed, r, i, p.delta, p.u, p.kick_component);
}

extern "C" __global__ void sfdt_truth_moment_blocks(TruthParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= truth_blocks(p) * p.observed) return;
  const long long b = t / p.observed;
  const int i = (int)(t - b * p.observed);
  sfdt::truth_moment_block(p.x, p.xd, p.d, i, p.members, p.block, b, p.delta, p.save, p.part_mean + t, p.part_m2 + t,
                           p.part_bad + t, p.part_bad_value + t);
}

extern "C" __global__ void sfdt_truth_moment_merge(TruthParams p) {
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.observed) return;
  const int i = (int)c;
  const long long cell = (long long)p.lag * p.observed + i;
  const long long blocks = sfdt::truth_merge_blocks(p.members, p.block, p.count0, p.part_mean + i, p.part_m2 + i, p.observed,
                                                    p.mean + cell, p.m2 + cell);
  sfdt::truth_merge_bad(blocks, p.part_bad + i, p.part_bad_value + i, p.observed, p.first_bad + i, p.bad_value + i);
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

extern "C" __global__ void sfdt_truth_projection_blocks(TruthParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= truth_blocks(p) * p.projections) return;
  const long long b = t / p.projections;
  const int q = (int)(t - b * p.projections);
  sfdt::truth_projection_block(p.pair_values, p.projections, q, p.members, p.block, b, p.part_mean + t, p.part_m2 + t);
}

extern "C" __global__ void sfdt_truth_projection_merge(TruthParams p) {
  const long long q = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (q >= p.projections) return;
  sfdt::truth_merge_blocks(p.members, p.block, p.count0, p.part_mean + q, p.part_m2 + q, p.projections, p.p_mean + q,
                           p.p_m2 + q);
}
