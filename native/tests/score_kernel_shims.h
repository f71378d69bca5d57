// score_kernel_shims.h — what the score kernels (kde.cu, mlp.cu, cnn.cu, kgmm.cu) need from CUDA
// beyond cuda_emulation.h, for running them on host threads (score_kernel_emulation_tests,
// fake_libcuda). Include after cuda_emulation.h and before those kernel sources.
//  * Static __shared__ arrays are per block: with a block's threads as std::threads and blocks run
//    one after another, a function-static array is exactly that. (Dynamic shared memory stays the
//    emulation's smem; the score kernels declare theirs only under __CUDACC__.)
//  * Warp intrinsics over the emulated block; all threads of a block call them together, as the
//    kernels do. __any_sync answers for the whole block: a superset of the warp, which only widens
//    the set of tiles that take the (equivalent) self-checking path of the F32 KDE kernel.
#pragma once
#include <atomic>
#include "cuda_emulation.h"

#undef __shared__
#define __shared__ static
#ifndef __launch_bounds__
#define __launch_bounds__(...)
#endif

inline double __shfl_down_sync(unsigned, double v, int delta) {
  static double buf[1024];
  buf[threadIdx.x] = v;
  __syncthreads();
  const unsigned lane = threadIdx.x & 31u;
  const double r = lane + (unsigned)delta < 32u ? buf[threadIdx.x + delta] : v;
  __syncthreads();
  return r;
}

inline bool __any_sync(unsigned, bool pred) {
  static std::atomic<int> flag{0};
  __syncthreads();
  if (threadIdx.x == 0) flag = 0;
  __syncthreads();
  if (pred) flag = 1;
  __syncthreads();
  const bool r = flag != 0;
  __syncthreads();
  return r;
}
