// spectral.cu — linear spectral models (the OU SPDE) on the GPU: the pointwise kernels around
// cuFFT, which the Java side (CudaSpectralIntegrator) calls batched over members. Per step:
//   noise  w = the n² normals of (seed, NOISE, member, step)    — philox.h, one thread per pair
//   cuFFT  ŵ = r2c(w)                                          — batched over the chunk's members
//   update û ← a·û + b·ŵ per mode                               — integrators.h spectral_mode_update
// and once per call the r2c of the state before and the c2r + 1/n² scaling after, as the CPU does
// (native/cpu/spectral.cpp). Complex arrays are interleaved (re, im), half spectrum [ky][0..n/2].
#include "scorefdt/integrators.h"
#include "scorefdt/philox.h"
#include "scorefdt/cuda_params.h"

template <typename T>
__device__ __forceinline__ void noise(const SpectralNoiseParams& p) {
  const long long pairs = p.cells / 2;
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * pairs) return;
  const long long m = t / pairs, j = t - m * pairs;
  sfdt::NoiseKey key = sfdt::noise_key(p.seed, sfdt::STREAM_NOISE, (unsigned long long)(p.member_offset + m),
                                       (unsigned long long)p.step);
  double z0, z1;
  sfdt::normal_pair(key, (unsigned)j, &z0, &z1);
  T* row = static_cast<T*>(p.out) + m * p.cells;
  row[2 * j] = (T)z0;
  row[2 * j + 1] = (T)z1;
}

template <typename T>
__device__ __forceinline__ void update(const SpectralUpdateParams& p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.modes) return;
  const long long mode = t % p.modes;
  T* u = static_cast<T*>(p.u_hat) + 2 * t;
  const T* w = static_cast<const T*>(p.w_hat) + 2 * t;
  sfdt::spectral_mode_update(&u[0], &u[1], w[0], w[1], static_cast<const T*>(p.a_re)[mode],
                             static_cast<const T*>(p.a_im)[mode], static_cast<const T*>(p.b_re)[mode],
                             static_cast<const T*>(p.b_im)[mode]);
}

template <typename T>
__device__ __forceinline__ void scale(const SpectralScaleParams& p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.count) return;
  const T inv = (T)1 / (T)p.cells;  // as the CPU: u = real · ((T)1 / (T)n²)
  T* x = static_cast<T*>(p.x);
  x[t] = x[t] * inv;
}

extern "C" __global__ void sfdt_spectral_noise_f64(SpectralNoiseParams p) { noise<double>(p); }
extern "C" __global__ void sfdt_spectral_noise_f32(SpectralNoiseParams p) { noise<float>(p); }
extern "C" __global__ void sfdt_spectral_update_f64(SpectralUpdateParams p) { update<double>(p); }
extern "C" __global__ void sfdt_spectral_update_f32(SpectralUpdateParams p) { update<float>(p); }
extern "C" __global__ void sfdt_spectral_scale_f64(SpectralScaleParams p) { scale<double>(p); }
extern "C" __global__ void sfdt_spectral_scale_f32(SpectralScaleParams p) { scale<float>(p); }
