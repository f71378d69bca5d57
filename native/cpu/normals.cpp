// normals.cpp — see normals.h. The AVX2 path computes Philox4x32-10 in 64-bit vector lanes (one
// 32-bit word per lane, so _mm256_mul_epu32 gives the 32×32→64 products), then runs philox.h's
// branch-free Box–Muller per lane, which GCC vectorises for the avx2 target.
#include "normals.h"
#include <immintrin.h>
#include <cstdlib>

namespace {

constexpr int kLanes = 8;

// Philox4x32-10 on 8 lanes with per-lane counter words c0, c1 and shared c2, c3 and key. The two
// 4-lane halves go through the rounds together so their multiply latencies overlap.
__attribute__((target("avx2"))) inline void philox8_avx2(const uint64_t* c0, const uint64_t* c1, uint32_t c2, uint32_t c3,
                                                         uint32_t k0, uint32_t k1, uint64_t* w0, uint64_t* w1,
                                                         uint64_t* w2, uint64_t* w3) {
  const __m256i m0 = _mm256_set1_epi64x(0xD2511F53LL), m1 = _mm256_set1_epi64x(0xCD9E8D57LL);
  const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFFLL);
  __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c0));
  __m256i b0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c0 + 4));
  __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c1));
  __m256i b1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c1 + 4));
  __m256i a2 = _mm256_set1_epi64x((long long)c2), b2 = a2;
  __m256i a3 = _mm256_set1_epi64x((long long)c3), b3 = a3;
  uint32_t ka = k0, kb = k1;
  for (int round = 0; round < 10; ++round) {
    const __m256i vka = _mm256_set1_epi64x((long long)ka), vkb = _mm256_set1_epi64x((long long)kb);
    __m256i ap0 = _mm256_mul_epu32(a0, m0), bp0 = _mm256_mul_epu32(b0, m0);
    __m256i ap1 = _mm256_mul_epu32(a2, m1), bp1 = _mm256_mul_epu32(b2, m1);
    a0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(ap1, 32), a1), vka);
    b0 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(bp1, 32), b1), vka);
    a2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(ap0, 32), a3), vkb);
    b2 = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(bp0, 32), b3), vkb);
    a1 = _mm256_and_si256(ap1, lo32);
    b1 = _mm256_and_si256(bp1, lo32);
    a3 = _mm256_and_si256(ap0, lo32);
    b3 = _mm256_and_si256(bp0, lo32);
    ka += 0x9E3779B9u;
    kb += 0xBB67AE85u;
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w0), a0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w0 + 4), b0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w1), a1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w1 + 4), b1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w2), a2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w2 + 4), b2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w3), a3);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(w3 + 4), b3);
}

// 8 Box–Muller pairs from 8 Philox outputs; the lane loop vectorises under target("avx2").
__attribute__((target("avx2"))) inline void pairs8_avx2(const uint64_t* c0, const uint64_t* c1, const sfdt::NoiseKey& k,
                                                       double* z0, double* z1) {
  uint64_t w0[kLanes], w1[kLanes], w2[kLanes], w3[kLanes];
  philox8_avx2(c0, c1, k.c2, k.c3, k.k0, k.k1, w0, w1, w2, w3);
  for (int i = 0; i < kLanes; ++i) sfdt::box_muller(w0[i], w1[i], w2[i], w3[i], &z0[i], &z1[i]);
}

template <typename T>
__attribute__((target("avx2"))) void fill_avx2(const sfdt::NoiseKey& k, T* out, int64_t count) {
  int64_t j = 0;
  uint64_t c0[kLanes], c1[kLanes];
  double z0[kLanes], z1[kLanes];
  for (int i = 0; i < kLanes; ++i) c1[i] = k.c1;
  for (; 2 * (j + kLanes) <= count; j += kLanes) {
    for (int i = 0; i < kLanes; ++i) c0[i] = (uint64_t)(j + i);
    pairs8_avx2(c0, c1, k, z0, z1);
    for (int i = 0; i < kLanes; ++i) {
      out[2 * (j + i)] = (T)z0[i];
      out[2 * (j + i) + 1] = (T)z1[i];
    }
  }
  sfdt::fill_normals_from(k, out, count, j);
}

template <typename T>
__attribute__((target("avx2"))) void members_avx2(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members,
                                                  uint64_t step, int64_t d, T* out) {
  int64_t m = 0;
  uint64_t c0[kLanes], c1[kLanes];
  double z0[kLanes], z1[kLanes];
  sfdt::NoiseKey k = sfdt::noise_key(seed, stream, member0, step);
  for (; m + kLanes <= members; m += kLanes) {
    for (int i = 0; i < kLanes; ++i) c1[i] = (uint32_t)(member0 + m + i);
    for (int64_t j = 0; 2 * j < d; ++j) {
      for (int i = 0; i < kLanes; ++i) c0[i] = (uint64_t)j;
      pairs8_avx2(c0, c1, k, z0, z1);
      for (int i = 0; i < kLanes; ++i) {
        T* row = out + (m + i) * d;
        row[2 * j] = (T)z0[i];
        if (2 * j + 1 < d) row[2 * j + 1] = (T)z1[i];
      }
    }
  }
  for (; m < members; ++m) sfdt::fill_normals(sfdt::noise_key(seed, stream, member0 + m, step), out + m * d, d);
}

template <typename T>
void members_plain(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members, uint64_t step, int64_t d, T* out) {
  for (int64_t m = 0; m < members; ++m) sfdt::fill_normals(sfdt::noise_key(seed, stream, member0 + m, step), out + m * d, d);
}

// SCOREFDT_NO_AVX2=1 forces the plain path (the ctest runs both and compares them bit for bit).
const bool kHaveAvx2 = __builtin_cpu_supports("avx2") && !std::getenv("SCOREFDT_NO_AVX2");

}  // namespace

namespace sfdt_cpu {

void fill_normals(const sfdt::NoiseKey& key, double* out, int64_t count) {
  if (kHaveAvx2) fill_avx2(key, out, count); else sfdt::fill_normals(key, out, count);
}

void fill_normals(const sfdt::NoiseKey& key, float* out, int64_t count) {
  if (kHaveAvx2) fill_avx2(key, out, count); else sfdt::fill_normals(key, out, count);
}

void fill_normals_members(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members, uint64_t step, int64_t d,
                          double* out) {
  if (kHaveAvx2) members_avx2(seed, stream, member0, members, step, d, out);
  else members_plain(seed, stream, member0, members, step, d, out);
}

void fill_normals_members(uint64_t seed, uint32_t stream, uint64_t member0, int64_t members, uint64_t step, int64_t d,
                          float* out) {
  if (kHaveAvx2) members_avx2(seed, stream, member0, members, step, d, out);
  else members_plain(seed, stream, member0, members, step, d, out);
}

}  // namespace sfdt_cpu
