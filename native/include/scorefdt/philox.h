// philox.h — Philox4x32-10 and its Gaussian variates, the twin of java/org/scorefdt/rng/Philox.java.
// Keying: key = (seed lo, seed hi); counter = (pair j = component/2, member, step lo,
// (step >> 32 & 0xFFFF) | stream << 16). Box–Muller over two 53-bit uniforms, with portable_math.
// A variate depends only on (seed, stream, member, step, component).
#pragma once
#include "portable_math.h"

namespace sfdt {

enum Stream : uint32_t { STREAM_NOISE = 1, STREAM_INITIAL = 2, STREAM_BOOTSTRAP = 3 };

struct Philox4 { uint32_t v[4]; };

SFDT_HD Philox4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  const uint32_t M0 = 0xD2511F53u, M1 = 0xCD9E8D57u, W0 = 0x9E3779B9u, W1 = 0xBB67AE85u;
#if defined(__CUDA_ARCH__)
#pragma unroll
#endif
  for (int round = 0; round < 10; ++round) {
    uint64_t p0 = (uint64_t)M0 * c0;
    uint64_t p1 = (uint64_t)M1 * c2;
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
    uint32_t n1 = (uint32_t)p1;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    uint32_t n3 = (uint32_t)p0;
    c0 = n0; c1 = n1; c2 = n2; c3 = n3;
    k0 += W0; k1 += W1;
  }
  Philox4 r; r.v[0] = c0; r.v[1] = c1; r.v[2] = c2; r.v[3] = c3;
  return r;
}

// The counter/key of one (seed, stream, member, step): fixed over the components of that step.
struct NoiseKey {
  uint32_t k0, k1, c1, c2, c3;
};

SFDT_HD NoiseKey noise_key(uint64_t seed, uint32_t stream, uint64_t member, uint64_t step) {
  NoiseKey k;
  k.k0 = (uint32_t)seed; k.k1 = (uint32_t)(seed >> 32);
  k.c1 = (uint32_t)member; k.c2 = (uint32_t)step;
  k.c3 = ((uint32_t)(step >> 32) & 0xFFFFu) | (stream << 16);
  return k;
}

// The 53-bit integer (hi:lo) >> 11 as a double, via 26 + 27-bit halves that convert exactly through
// int32 (vectorisable); plus_one adds 1 exactly (≤ 2^53).
SFDT_HD double bits53(uint64_t hi, uint64_t lo, double plus_one) {
  const double two_27 = 134217728.0;
  double a = (double)(int32_t)(uint32_t)(hi >> 6);
  double c = (double)(int32_t)(uint32_t)(((hi & 63u) << 21) | (lo >> 11));
  return (a * two_27 + c) + plus_one;
}

// Box–Muller on one Philox output: u1 = (b1 + 1)·2^-53 ∈ (0, 1], u2 = b2·2^-53 ∈ [0, 1).
SFDT_HD void box_muller(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3, double* z0, double* z1) {
  const double two_m53 = 1.1102230246251565404e-16;  // 2^-53
  double u1 = bits53(w0, w1, 1.0) * two_m53;
  double u2 = bits53(w2, w3, 0.0) * two_m53;
  double r = sqrt(-2.0 * portable_log(u1));
  double c, s;
  cos_sin_2pi(u2, &c, &s);
  *z0 = r * c;
  *z1 = r * s;
}

// Standard normals of components 2j and 2j+1.
SFDT_HD void normal_pair(const NoiseKey& k, uint32_t j, double* z0, double* z1) {
  Philox4 w = philox4x32_10(j, k.c1, k.c2, k.c3, k.k0, k.k1);
  box_muller(w.v[0], w.v[1], w.v[2], w.v[3], z0, z1);
}

// Normals of components 2j.. onward for j ≥ j0: the scalar loop every tier can run (the CPU's AVX2
// path hands its remainder here; CUDA threads call normal_pair directly).
template <typename T>
SFDT_HD void fill_normals_from(const NoiseKey& k, T* out, int64_t count, int64_t j0) {
  for (int64_t j = j0; 2 * j < count; ++j) {
    double z0, z1;
    normal_pair(k, (uint32_t)j, &z0, &z1);
    out[2 * j] = (T)z0;
    if (2 * j + 1 < count) out[2 * j + 1] = (T)z1;
  }
}

// Fills out[0..count) with the normals of components 0..count-1; T = double or float (rounded once).
template <typename T>
SFDT_HD void fill_normals(const NoiseKey& k, T* out, int64_t count) {
  fill_normals_from(k, out, count, 0);
}

}  // namespace sfdt
