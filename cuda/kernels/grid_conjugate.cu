// grid_conjugate.cu — the pointwise kernels around the device conjugates of the reproduction job
// (the CUDA backend's CudaCnnConjugate, CudaAllenCahnConjugate, CudaLaggedGridAccumulator), F64 only (the
// accumulators transform F64 states). One thread per value; rows are strided so the observed field
// of a state row [field | hidden] (Navier–Stokes: [ζ | phases]) is read in place. Bodies in
// grid_conjugate.h.
#include "scorefdt/grid_conjugate.h"
#include "scorefdt/cuda_params.h"

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
