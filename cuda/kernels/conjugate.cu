// conjugate.cu — the GFDT conjugate B = −s(x) of low-dimensional score models from device-resident
// states (the CUDA backend's DeviceConjugates), F64 only; bodies in conjugate.h. One thread
// per output element (affine, matvec, local polynomial) or per member (Gaussian solves), grid-stride loops.
#include "scorefdt/conjugate.h"

struct ConjAffineParams {
  const double* src;    // [rows][width]
  double* dst;          // [rows][dst_width]; may alias src when dst_width = width
  const double* sub;    // [width] or null
  const double* div;    // [width] or null
  long long rows;
  int width;
  int dst_width;        // width, or width + 1: column `width` gets `extra` (DsmScore's noise feature)
  double scale;
  double extra;
};
static_assert(sizeof(ConjAffineParams) == 64, "ConjAffineParams: keep KernelStructs.java (field order, size 64) in step");

struct ConjGaussianParams {
  const double* x;      // [rows][d]
  double* out;          // [rows][d], distinct from x
  const double* mean;   // [d]
  const double* l;      // [d][d] Cholesky factor
  long long rows;
  int d;
  int pad;
};
static_assert(sizeof(ConjGaussianParams) == 48, "ConjGaussianParams: keep KernelStructs.java (field order, size 48) in step");

struct ConjMatvecParams {
  const double* src;    // [rows][d]
  double* dst;          // [rows][d], distinct from src
  const double* t;      // [d][d] row-major
  long long rows;
  int d;
  int pad;
};
static_assert(sizeof(ConjMatvecParams) == 40, "ConjMatvecParams: keep KernelStructs.java (field order, size 40) in step");

struct ConjLocalPolyParams {
  const double* x;      // [rows][d]
  double* out;          // [rows][d], distinct from x
  const double* theta;  // [1 + d + nonlinear]
  const int* vars;      // [nonlinear][degree] window offsets, −1-padded
  long long rows;
  double mu;
  double inv;           // 1/σ as the host computes it
  int d;
  int lo;               // first linear offset −⌈d/2⌉ + 1
  int nonlinear;
  int degree;
  int radius;
  int pad;
};
static_assert(sizeof(ConjLocalPolyParams) == 80, "ConjLocalPolyParams: keep KernelStructs.java (field order, size 80) in step");

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

extern "C" __global__ void sfdt_conj_local_poly_f64(ConjLocalPolyParams p) {
  const long long n = p.rows * p.d;
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long)gridDim.x * blockDim.x) {
    const long long r = i / p.d;
    const int c = (int)(i % p.d);
    p.out[i] = sfdt::conj_local_poly_element(p.x + r * p.d, p.d, c, p.mu, p.inv, p.theta, p.lo, p.vars, p.nonlinear, p.degree,
                                             p.radius);
  }
}
