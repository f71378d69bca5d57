// hd.h — the one macro that makes a function callable from both host C++ and CUDA device code.
// Every per-element body in native/include/scorefdt is written once with SFDT_HD so that the CPU
// backend (native/cpu) and the CUDA kernels (cuda/) run the same arithmetic.
#pragma once
#include <stdint.h>
#if defined(__CUDACC__)
#define SFDT_HD __host__ __device__ __forceinline__
#else
// always_inline: the bodies must inline into the CPU loops (and into their AVX2-targeted clones),
// or the vectorised paths silently fall back to calls into the baseline copy.
#define SFDT_HD inline __attribute__((always_inline))
#endif
#if !defined(__CUDA_ARCH__)
#include <string.h>
#endif

namespace sfdt {

SFDT_HD int64_t bits_of(double x) {
#if defined(__CUDA_ARCH__)
  return __double_as_longlong(x);
#else
  int64_t b; memcpy(&b, &x, sizeof b); return b;
#endif
}

SFDT_HD double double_of(int64_t b) {
#if defined(__CUDA_ARCH__)
  return __longlong_as_double(b);
#else
  double x; memcpy(&x, &b, sizeof x); return x;
#endif
}

}  // namespace sfdt
