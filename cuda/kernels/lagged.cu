// lagged.cu — streaming lagged-correlation sums on the device (response/LaggedColumnAccumulator
// and LaggedGridAccumulator on the GPU, with the column's cyclic average over impulse positions).
// Per save: a push kernel stores this save's conjugate values in ring slot t mod L; an accumulate
// kernel runs one thread per cell (block b, lag τ ≤ maxLag, component/mode/ring offset), each
// adding its block's members in member order with the shared body of lagged.h. One thread per
// cell, not an atomic or tree reduction over members, so the sums are deterministic and equal the
// CPU's summation order bit for bit (in F64). The cells also add the sums of A and B over the same
// pairs (marg, lagged.h) that centre the estimate. The response matrix (the last two kernels) takes
// its member blocks as starts and gathers several columns of B per member.
#include "scorefdt/lagged.h"
#include "scorefdt/cuda_params.h"

extern "C" __global__ void sfdt_lagged_push(LaggedPushParams p) {
  const long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= p.members * p.width) return;
  const long long m = t / p.width, w = t - m * p.width;
  p.ring[(m * p.lags + p.slot) * p.width + w] = p.src[m * p.src_stride + p.src_offset + w];
}

template <typename T>
__device__ __forceinline__ void column(const LaggedColumnParams& p) {
  const long long cells_per_block = (long long)(p.max_lag + 1) * p.d;
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.blocks * cells_per_block) return;
  const long long b = c / cells_per_block, r = c - b * cells_per_block;
  const int tau = (int)(r / p.d), i = (int)(r - (long long)tau * p.d);
  const long long from = sfdt::member_block_start(b, p.members, p.blocks);
  const long long to = sfdt::member_block_start(b + 1, p.members, p.blocks);
  sfdt::lagged_column_cell(static_cast<const T*>(p.x), p.d, i, p.ring, p.lags, from, to, p.t, tau,
                           p.sums + (b * p.lags + tau) * p.d + i, p.marg + (b * p.lags + tau) * (p.d + 1));
}

extern "C" __global__ void sfdt_lagged_column_f64(LaggedColumnParams p) { column<double>(p); }
extern "C" __global__ void sfdt_lagged_column_f32(LaggedColumnParams p) { column<float>(p); }

// Cyclic column: LaggedColumnParams with ring [member][lags][d] (push width d), marg [block][lag][2];
// cells (block, τ, offset k).
extern "C" __global__ void sfdt_lagged_cyclic_f64(LaggedColumnParams p) {
  const long long cells_per_block = (long long)(p.max_lag + 1) * p.d;
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.blocks * cells_per_block) return;
  const long long b = c / cells_per_block, r = c - b * cells_per_block;
  const int tau = (int)(r / p.d), k = (int)(r - (long long)tau * p.d);
  const long long from = sfdt::member_block_start(b, p.members, p.blocks);
  const long long to = sfdt::member_block_start(b + 1, p.members, p.blocks);
  sfdt::lagged_cyclic_cell(static_cast<const double*>(p.x), p.d, k, p.ring, p.lags, from, to, p.t, tau,
                           p.sums + (b * p.lags + tau) * p.d + k, p.marg + (b * p.lags + tau) * 2);
}

extern "C" __global__ void sfdt_lagged_modes(LaggedModeParams p) {
  const long long cells_per_block = (long long)(p.max_lag + 1) * p.modes;
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.blocks * cells_per_block) return;
  const long long b = c / cells_per_block, r = c - b * cells_per_block;
  const int tau = (int)(r / p.modes);
  const long long k = r - (long long)tau * p.modes;
  const long long from = sfdt::member_batch_block_start(b, p.members, p.blocks, p.first, p.run);
  const long long to = sfdt::member_batch_block_start(b + 1, p.members, p.blocks, p.first, p.run);
  sfdt::lagged_mode_cell(p.u_hat, p.modes, k, p.ring, p.lags, from, to, p.t, tau,
                         p.sums + 2 * ((b * p.lags + tau) * p.modes + k), p.marg + (b * p.lags + tau) * 2);
}

// Response matrix (CudaLaggedMatrix, LaggedMatrixAccumulator on the device): the push gathers this
// save's chosen columns of B into ring slot t mod L, one thread per (member, column); the cell kernel
// runs one thread per (block, lag, i, k) entry of [block][lag][d][cols] with lagged_matrix_cell, the
// body the CPU's lagged_matrix_row equals entry by entry.
extern "C" __global__ void sfdt_lagged_matrix_push(LaggedMatrixParams p) {
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.members * p.cols) return;
  const long long m = c / p.cols;
  const int k = (int)(c - m * p.cols);
  p.ring[(m * p.lags + p.t % p.lags) * p.cols + k] = p.conj[m * p.d + p.columns[k]];
}

extern "C" __global__ void sfdt_lagged_matrix(LaggedMatrixParams p) {
  const long long width = (long long)p.d * p.cols, cells_per_block = (long long)(p.max_lag + 1) * width;
  const long long c = (long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= p.blocks * cells_per_block) return;
  const long long b = c / cells_per_block, r = c - b * cells_per_block;
  const int tau = (int)(r / width);
  const long long e = r - tau * width;
  const int i = (int)(e / p.cols), k = (int)(e - (long long)i * p.cols);
  const long long row = b * p.lags + tau;
  sfdt::lagged_matrix_cell(p.x, p.d, i, k, p.ring, p.cols, p.lags, p.block_start[b], p.block_start[b + 1], p.t, tau,
                           p.sums + row * width, p.marg + row * (p.d + p.cols));
}
