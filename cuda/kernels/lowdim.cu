// lowdim.cu — built-in low-dimensional models (double well, Lorenz-96), many steps per launch with
// the state kept on the device. Decomposition and launch only: the arithmetic is the per-component
// bodies of models.h / integrators.h and the Philox normals of philox.h, the ones the CPU runs.
//
// Layout: one TEAM of d threads per member, one thread per component. Why not one member per
// thread: RK4 needs x, f0…f3 and a stage vector, 6·d values per member (240 doubles for d = 40),
// which cannot live in registers and with dynamic indexing would go to local memory (ptxas spills,
// rejected by the build). With a team, each thread keeps its own component's x, f0, f1, f2 in
// registers; only the stage vector a drift evaluation reads (neighbours i−2, i−1, i+1) and the
// step's normals pass through shared memory, 2·d values per member. A block holds
// ⌊256/d⌋ teams (at least one), synchronised with __syncthreads between stages.
//
// Randomness: the normals of (seed, NOISE, member_offset + row, step0 + k): thread i < ⌈d/2⌉ of a
// team draws pair i (components 2i, 2i+1) into shared memory — the same keying as the CPU, so the
// same seed gives the same trajectories. With state2 set, a perturbed copy of every member is
// stepped with the very same normals (response/PerturbedEnsemble's shared-noise pairs), drawn once.
// Rounding: fatbins are built with --fmad=false, so every +, −, × is a separately rounded IEEE
// operation as on the CPU (-ffp-contract=off); ÷ and sqrt are IEEE-correct in CUDA by default. F64 and F32 are therefore bitwise identical to the native CPU tier.
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "scorefdt/cuda_params.h"

// One step of one copy for thread i of a team: xs is the team's stage vector (free on entry and on
// exit), z this component's normal. Called by every thread of the block (barriers inside).
template <typename T>
__device__ __forceinline__ T team_step(const LowdimParams& p, T x, T* xs, int i, T z, T s, T forcing, T dt, T half_dt,
                                       T dt6) {
  const int d = p.dim;
  xs[i] = x;
  __syncthreads();
  const T f0 = sfdt::lowdim_drift_component(p.model, forcing, xs, i, d);
  if (p.scheme == sfdt::SCHEME_EM) {
    x = sfdt::em_update(x, dt, f0, s, z);
  } else if (p.scheme == sfdt::SCHEME_HEUN) {
    __syncthreads();
    xs[i] = sfdt::em_update(x, dt, f0, s, z);
    __syncthreads();
    const T f1 = sfdt::lowdim_drift_component(p.model, forcing, xs, i, d);
    x = sfdt::heun_correct(x, half_dt, f0, f1, s, z);
  } else {  // SCHEME_RK4_EM
    __syncthreads();
    xs[i] = sfdt::rk4_stage(x, half_dt, f0);
    __syncthreads();
    const T f1 = sfdt::lowdim_drift_component(p.model, forcing, xs, i, d);
    __syncthreads();
    xs[i] = sfdt::rk4_stage(x, half_dt, f1);
    __syncthreads();
    const T f2 = sfdt::lowdim_drift_component(p.model, forcing, xs, i, d);
    __syncthreads();
    xs[i] = sfdt::rk4_stage(x, dt, f2);
    __syncthreads();
    const T f3 = sfdt::lowdim_drift_component(p.model, forcing, xs, i, d);
    x = sfdt::rk4_combine(x, dt6, f0, f1, f2, f3, s, z);
  }
  __syncthreads();  // every read of xs done before it is written again
  return x;
}

template <typename T>
__device__ __forceinline__ void lowdim_team(const LowdimParams& p) {
  extern __shared__ __align__(16) unsigned char smem[];
  const int d = p.dim;
  T* xs = reinterpret_cast<T*>(smem) + (threadIdx.x / d) * d;  // this team's stage vector
  T* zs = reinterpret_cast<T*>(smem) + p.teams * d + (threadIdx.x / d) * d;  // this team's normals
  const int i = threadIdx.x % d;
  const long long row = (long long)blockIdx.x * p.teams + threadIdx.x / d;
  const bool active = row < p.members;  // idle teams still reach every __syncthreads
  const bool paired = p.state2 != nullptr;
  T* state = static_cast<T*>(p.state);
  T* state2 = static_cast<T*>(p.state2);
  T x = active ? state[row * d + i] : (T)0;
  T x2 = active && paired ? state2[row * d + i] : (T)0;
  const T dt = (T)p.dt, s = (T)p.s[i], forcing = (T)p.forcing;
  const T half_dt = (T)0.5 * dt, dt6 = dt / (T)6;
  const int pairs = (d + 1) / 2;
  for (int k = 0; k < p.nsteps; ++k) {
    if (active && i < pairs) {
      sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, (unsigned long long)(p.member_offset + row),
                                           (unsigned long long)(p.step0 + k));
      double z0, z1;
      sfdt::normal_pair(key, (unsigned)i, &z0, &z1);
      zs[2 * i] = (T)z0;
      if (2 * i + 1 < d) zs[2 * i + 1] = (T)z1;
    }
    __syncthreads();
    const T z = zs[i];
    x = team_step(p, x, xs, i, z, s, forcing, dt, half_dt, dt6);
    // The perturbed copy takes the same normals (drawn once): the pair differs only by the kick.
    if (paired) x2 = team_step(p, x2, xs, i, z, s, forcing, dt, half_dt, dt6);
  }
  if (active) state[row * d + i] = x;
  if (active && paired) state2[row * d + i] = x2;
}

extern "C" __global__ void sfdt_lowdim_f64(LowdimParams p) { lowdim_team<double>(p); }
extern "C" __global__ void sfdt_lowdim_f32(LowdimParams p) { lowdim_team<float>(p); }
