// cuda_emulation.h — just enough of CUDA's execution model to run our kernel sources on the host
// (no GPU, no nvcc): __global__/__device__ vanish, threadIdx/blockIdx are thread-local, each block's
// threads are real std::threads meeting at a std::barrier for __syncthreads, blocks run one after
// another sharing one dynamic shared-memory array. The per-element bodies then compile as host code
// (SFDT_HD without __CUDACC__), as in the CPU library, so kernel results can be compared with the
// library bit for bit. This checks the kernels' decomposition (indices, barriers, stage order, RNG
// keying), not nvcc's code generation.
#pragma once
#include <barrier>
#include <cstdint>
#include <thread>
#include <vector>

struct EmuDim3 { unsigned x, y, z; };
inline thread_local EmuDim3 threadIdx{0, 0, 0};
inline thread_local EmuDim3 blockIdx{0, 0, 0};
inline EmuDim3 blockDim{1, 1, 1};
inline EmuDim3 gridDim{1, 1, 1};
inline std::barrier<>* emu_block_barrier = nullptr;
alignas(16) inline unsigned char smem[1 << 17];  // the kernels' `extern __shared__ unsigned char smem[]`

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__
#define __align__(n) __attribute__((aligned(n)))

inline void __syncthreads() { emu_block_barrier->arrive_and_wait(); }

// Runs kernel(p) on grid × block threads. threaded: one std::thread per thread of a block (needed
// when the kernel uses __syncthreads), the same threads taking the blocks one after another with a
// barrier between blocks (they share `smem`); otherwise every thread runs on the caller, in order.
template <typename P>
void emu_launch(void (*kernel)(P), unsigned grid, unsigned block, const P& p, bool threaded) {
  blockDim = {block, 1, 1};
  gridDim = {grid, 1, 1};
  if (!threaded) {
    for (unsigned b = 0; b < grid; ++b)
      for (unsigned t = 0; t < block; ++t) {
        blockIdx = {b, 0, 0};
        threadIdx = {t, 0, 0};
        kernel(p);
      }
    return;
  }
  std::barrier<> bar((std::ptrdiff_t)block);
  emu_block_barrier = &bar;
  std::vector<std::thread> threads;
  threads.reserve(block);
  for (unsigned t = 0; t < block; ++t)
    threads.emplace_back([=, &p, &bar] {
      for (unsigned b = 0; b < grid; ++b) {
        blockIdx = {b, 0, 0};
        threadIdx = {t, 0, 0};
        kernel(p);
        bar.arrive_and_wait();  // the block is done before the next one reuses smem
      }
    });
  for (auto& th : threads) th.join();
  emu_block_barrier = nullptr;
}
