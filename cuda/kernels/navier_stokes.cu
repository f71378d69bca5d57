// navier_stokes.cu — 2-D Navier–Stokes with random-wave forcing (navier_stokes.h, docs/systems.md §3) on the
// GPU, RK4 + EM: the pointwise kernels around cuFFT that CudaNavierStokesIntegrator calls batched over
// a chunk of members, in the order of native/cpu/navier_stokes.cpp. The vorticity is stepped in
// Fourier space (ζ̂, half spectrum [jy][0..n/2], interleaved), the phases φ stay in the state rows
// [member][n² | nmodes] on the device. Per step: cos/sin of the phases; four drifts (prepare → c2r of
// u, v, ∂xζ, ∂yζ (and ζ) → products → r2c → combine → forcing); the RK4 lines; the phases' EM step
// (for a paired run one launch steps both copies' phases with the same normals).
// One parameter struct for all kernels; `count` is the number of working threads of each launch.
#include "scorefdt/integrators.h"
#include "scorefdt/navier_stokes.h"
#include "scorefdt/philox.h"
#include "scorefdt/cuda_params.h"

enum NsOp { NS_UNPACK, NS_PACK, NS_PHASES, NS_PREPARE, NS_ADVECTIVE, NS_PRODUCTS, NS_COMBINE_ADV, NS_COMBINE_SKEW,
            NS_FORCING, NS_RK4_FIRST, NS_RK4_MID_HALF, NS_RK4_MID_FULL, NS_RK4_LAST, NS_PHASE_NOISE };

template <typename T>
__device__ __forceinline__ T* at(void* p) { return static_cast<T*>(p); }

template <typename T, int OP>
__device__ __forceinline__ void ns(const NsKernelParams& p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.count) return;
  const long long cells = (long long)p.n * p.n;
  const int hx = p.n / 2 + 1;
  const long long nh = (long long)p.n * hx;
  if (OP == NS_UNPACK) {  // p0 state → p1 real ζ [members][n²]
    const long long m = t / cells, i = t % cells;
    at<T>(p.p1)[t] = at<T>(p.p0)[m * p.dim + i];
  } else if (OP == NS_PACK) {  // p1 (unnormalised c2r) ×1/n² → p0 state
    const long long m = t / cells, i = t % cells;
    const T inv = (T)1 / (T)cells;
    at<T>(p.p0)[m * p.dim + i] = at<T>(p.p1)[t] * inv;
  } else if (OP == NS_PHASES) {  // per (member, j): cos/sin of φ_j into p1, p2 (double)
    const long long m = t / p.nmodes, j = t % p.nmodes;
    sfdt::ns_phase_cos_sin((double)at<T>(p.p0)[m * p.dim + cells + j], &at<double>(p.p1)[t], &at<double>(p.p2)[t]);
  } else if (OP == NS_PREPARE) {  // per (member, mode): ζ̂ = p0 → û, v̂, ζ̂m, ∂xζ̂, ∂yζ̂ = p1..p5
    const long long i = t % nh;
    const sfdt::NsMode c = sfdt::ns_mode_constants(p.n, (int)(i / hx), (int)(i % hx), p.u0, p.nu_hypo, p.nu, p.dealias);
    const T* z = at<T>(p.p0) + 2 * t;
    sfdt::ns_prepare_mode(z[0], z[1], c, (T)1 / (T)cells, at<T>(p.p1) + 2 * t, at<T>(p.p2) + 2 * t, at<T>(p.p3) + 2 * t,
                          at<T>(p.p4) + 2 * t, at<T>(p.p5) + 2 * t);
  } else if (OP == NS_ADVECTIVE) {  // per cell: p0 = u·∂xζ + v·∂yζ from u, v, ∂xζ, ∂yζ = p1..p4
    at<T>(p.p0)[t] = sfdt::ns_advective_product(at<T>(p.p1)[t], at<T>(p.p2)[t], at<T>(p.p3)[t], at<T>(p.p4)[t]);
  } else if (OP == NS_PRODUCTS) {  // per cell: a, p, q = p0..p2 from u, v, ζ, ∂xζ, ∂yζ = p3..p7
    sfdt::ns_products(at<T>(p.p3)[t], at<T>(p.p4)[t], at<T>(p.p5)[t], at<T>(p.p6)[t], at<T>(p.p7)[t], &at<T>(p.p0)[t],
                      &at<T>(p.p1)[t], &at<T>(p.p2)[t]);
  } else if (OP == NS_COMBINE_ADV || OP == NS_COMBINE_SKEW) {  // per (member, mode): d = p0
    const long long i = t % nh;
    const sfdt::NsMode c = sfdt::ns_mode_constants(p.n, (int)(i / hx), (int)(i % hx), p.u0, p.nu_hypo, p.nu, p.dealias);
    T* d = at<T>(p.p0) + 2 * t;
    const T* a = at<T>(p.p1) + 2 * t;
    if (OP == NS_COMBINE_ADV) {  // â = p1, ζ̂ = p2
      const T* z = at<T>(p.p2) + 2 * t;
      sfdt::ns_combine_mode_advective(a[0], a[1], z[0], z[1], c, &d[0], &d[1]);
    } else {  // â, p̂, q̂ = p1..p3, ζ̂ = p4
      const T* ph = at<T>(p.p2) + 2 * t;
      const T* qh = at<T>(p.p3) + 2 * t;
      const T* z = at<T>(p.p4) + 2 * t;
      sfdt::ns_combine_mode(a[0], a[1], ph[0], ph[1], qh[0], qh[1], z[0], z[1], c, &d[0], &d[1]);
    }
  } else if (OP == NS_FORCING) {  // per (member, j): d = p0 [members][nh][2] += forcing of j; cos/sin in p1, p2
    const long long m = t / p.nmodes;
    const int j = (int)(t % p.nmodes);
    const int kx = p.kx[j], ky = p.ky[j];
    if (kx < 0) return;
    const long long target = (long long)((ky + p.n) % p.n) * hx + kx;  // distinct for distinct modes: no race
    const double half = 0.5 * p.forcing;
    const double scale = target == 0 ? half * (1 - 0.9) : half;
    const double* cphi = at<double>(p.p1) + m * p.nmodes;
    const double* sphi = at<double>(p.p2) + m * p.nmodes;
    const int pj = p.partner[j];
    T* d = at<T>(p.p0) + 2 * (m * nh + target);
    sfdt::ns_forcing_mode(scale, cphi[j], sphi[j], cphi[pj], sphi[pj], &d[0], &d[1]);
  } else if (OP == NS_PHASE_NOISE) {  // per (member, pair): φ_j, φ_j+1 of the state p0 (and of p1, if given)
    const int pairs = (p.nmodes + 1) / 2;
    const long long m = t / pairs;
    const int j = 2 * (int)(t % pairs);
    const sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, (unsigned long long)(p.member_offset + m),
                                               (unsigned long long)p.step);
    double z0, z1;
    sfdt::normal_pair(key, (unsigned)(cells / 2) + (unsigned)(j / 2), &z0, &z1);
    const T sdt = (T)p.sdt;
    // p1: the perturbed copies' state rows of a pair, stepped with the same normals, drawn once
    for (int c = 0; c < 2; ++c) {
      void* s = c == 0 ? p.p0 : p.p1;
      if (s == nullptr) break;
      T* phi = at<T>(s) + m * p.dim + cells;
      phi[j] = sfdt::ns_phase_step(phi[j], sdt, z0);
      if (j + 1 < p.nmodes) phi[j + 1] = sfdt::ns_phase_step(phi[j + 1], sdt, z1);
    }
  } else {  // RK4 lines per flat value: acc = p0, ζ̃ = p1, ζ̂ = p2, k = p3
    T* acc = at<T>(p.p0);
    T* zt = at<T>(p.p1);
    T* zh = at<T>(p.p2);
    const T k = at<T>(p.p3)[t];
    const T dt = (T)p.dt;
    if (OP == NS_RK4_FIRST) {
      acc[t] = k;
      zt[t] = sfdt::rk4_stage(zh[t], (T)0.5 * dt, k);
    } else if (OP == NS_RK4_MID_HALF) {
      acc[t] = sfdt::ns_rk4_accumulate(acc[t], k);
      zt[t] = sfdt::rk4_stage(zh[t], (T)0.5 * dt, k);
    } else if (OP == NS_RK4_MID_FULL) {
      acc[t] = sfdt::ns_rk4_accumulate(acc[t], k);
      zt[t] = sfdt::rk4_stage(zh[t], dt, k);
    } else {
      zh[t] = sfdt::ns_rk4_finish(zh[t], dt / (T)6, acc[t], k);
    }
  }
}

#define SFDT_NS_KERNEL(name, op)                                                                  \
  extern "C" __global__ void sfdt_ns_##name##_f64(NsKernelParams p) { ns<double, op>(p); } \
  extern "C" __global__ void sfdt_ns_##name##_f32(NsKernelParams p) { ns<float, op>(p); }

SFDT_NS_KERNEL(unpack, NS_UNPACK)
SFDT_NS_KERNEL(pack, NS_PACK)
SFDT_NS_KERNEL(phases, NS_PHASES)
SFDT_NS_KERNEL(prepare, NS_PREPARE)
SFDT_NS_KERNEL(advective, NS_ADVECTIVE)
SFDT_NS_KERNEL(products, NS_PRODUCTS)
SFDT_NS_KERNEL(combine_adv, NS_COMBINE_ADV)
SFDT_NS_KERNEL(combine_skew, NS_COMBINE_SKEW)
SFDT_NS_KERNEL(forcing, NS_FORCING)
SFDT_NS_KERNEL(rk4_first, NS_RK4_FIRST)
SFDT_NS_KERNEL(rk4_mid_half, NS_RK4_MID_HALF)
SFDT_NS_KERNEL(rk4_mid_full, NS_RK4_MID_FULL)
SFDT_NS_KERNEL(rk4_last, NS_RK4_LAST)
SFDT_NS_KERNEL(phase_noise, NS_PHASE_NOISE)
