// conjugate.cu — the GFDT conjugate B = −s(x) of low-dimensional score models from device-resident
// states (the CUDA backend's DeviceConjugates), F64 only; bodies in conjugate.h. One thread
// per output element (affine, matvec, linear add, local polynomial) or per member (Gaussian solves), grid-stride loops.
#include "scorefdt/conjugate.h"
#include "scorefdt/cuda_params.h"

extern "C" __global__ void sfdt_conj_affine_f64(ConjAffineParams p) {
  const long long n = p.rows * p.dst_width;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / p.dst_width;
    const int c = (int)(i % p.dst_width);
    p.dst[i] = c < p.width ? sfdt::conj_affine_element(p.src[r * p.width + c], p.sub, p.div, p.scale, c) : p.extra;
  }
}

extern "C" __global__ void sfdt_conj_gaussian_f64(ConjGaussianParams p) {
  for (long long r = (long long)blockIdx.x * blockDim.x + threadIdx.x; r < p.rows; r += (long long)gridDim.x * blockDim.x) {
    sfdt::conj_gaussian_row(p.x + r * p.d, p.out + r * p.d, p.mean, p.l, p.d);
  }
}

extern "C" __global__ void sfdt_conj_matvec_f64(ConjMatvecParams p) {
  const long long n = p.rows * p.d;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / p.d;
    const int c = (int)(i % p.d);
    p.dst[i] = sfdt::conj_matvec_element(p.t + (long long)c * p.d, p.src + r * p.d, p.d);
  }
}

extern "C" __global__ void sfdt_conj_linear_add_f64(ConjLinearAddParams p) {
  const long long n = p.rows * p.d;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / p.d;
    const int c = (int)(i % p.d);
    p.dst[i] += p.scale * sfdt::conj_linear_element(p.t + (long long)c * p.d, p.src + r * p.d, p.sub, p.off[c], p.d);
  }
}

extern "C" __global__ void sfdt_conj_local_poly_f64(ConjLocalPolyParams p) {
  const long long n = p.rows * p.d;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / p.d;
    const int c = (int)(i % p.d);
    p.out[i] = sfdt::conj_local_poly_element(p.x + r * p.d, p.d, c, p.mu, p.inv, p.theta, p.lo, p.vars, p.nonlinear, p.degree,
                                             p.radius);
  }
}
