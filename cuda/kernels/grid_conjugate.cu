// grid_conjugate.cu — the pointwise kernels around the device conjugates of the reproduction job
// (the CUDA backend's CudaCnnConjugate, CudaAllenCahnConjugate, CudaLaggedGridAccumulator), F64 only (the
// accumulators transform F64 states). One thread per value; rows are strided so the observed field
// of a state row [field | hidden] (Navier–Stokes: [ζ | phases]) is read in place. Bodies in
// grid_conjugate.h.
#include "scorefdt/grid_conjugate.h"

struct RowsScaleParams {
  long long members;
  long long cells;       // values per row copied
  long long src_stride;  // values between rows of src
  long long dst_stride;  // values between rows of dst
  double scale;          // dst = src · scale (1: a copy; −1/σ: the CNN output to B = −net/σ)
  const double* src;
  double* dst;
};
static_assert(sizeof(RowsScaleParams) == 56, "RowsScaleParams: keep CudaConjugateKernels.java (field order, size 56) in step");

struct DsmInputParams {
  long long members;
  long long cells;       // N²; the row written is cells + 1 wide (the field, then τ)
  long long src_stride;
  double sigma2;         // σ²
  double tau;            // the noise feature τ(σ)
  const double* src;     // [members][src_stride], the field first
  const double* mean;    // μ [cells]
  const double* std;     // s [cells]
  double* in;            // [members][cells + 1]
};
static_assert(sizeof(DsmInputParams) == 72, "DsmInputParams: keep CudaConjugateKernels.java (field order, size 72) in step");

struct AllenCahnConjugateParams {
  long long members;
  long long cells;
  long long src_stride;
  double prefactor;      // 2/(ε²c²)
  double alpha;
  const double* src;     // u [members][src_stride]
  const double* lin;     // c2r of κ(−|k|² − |k|⁴)·û [members][cells], unnormalised
  double* dst;           // B = −s [members][cells]
};
static_assert(sizeof(AllenCahnConjugateParams) == 64, "AllenCahnConjugateParams: keep CudaConjugateKernels.java (field order, size 64) in step");

extern "C" __global__ void sfdt_rows_scale_f64(RowsScaleParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.cells) return;
  const long long m = t / p.cells, i = t - m * p.cells;
  p.dst[m * p.dst_stride + i] = p.src[m * p.src_stride + i] * p.scale;
}

extern "C" __global__ void sfdt_dsm_input_f64(DsmInputParams p) {
  const long long width = p.cells + 1;
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * width) return;
  const long long m = t / width, i = t - m * width;
  p.in[t] = i == p.cells ? p.tau : sfdt::dsm_input(p.src[m * p.src_stride + i], p.mean[i], p.std[i], p.sigma2);
}

extern "C" __global__ void sfdt_allen_cahn_conjugate_f64(AllenCahnConjugateParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.cells) return;
  const long long m = t / p.cells, i = t - m * p.cells;
  const double inv = 1.0 / (double)p.cells;  // the inverse transform's 1/N², as spectral_scale
  p.dst[t] = sfdt::allen_cahn_negative_score(p.src[m * p.src_stride + i], p.lin[t] * inv, p.prefactor, p.alpha);
}
