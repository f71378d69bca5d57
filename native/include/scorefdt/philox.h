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

// Standard normals of components 2j and 2j+1.
SFDT_HD void normal_pair(const NoiseKey& k, uint32_t j, double* z0, double* z1) {
  Philox4 w = philox4x32_10(j, k.c1, k.c2, k.c3, k.k0, k.k1);
  const double two_m53 = 1.1102230246251565404e-16;  // 2^-53
  uint64_t b1 = ((uint64_t)w.v[0] << 21) | (w.v[1] >> 11);
  uint64_t b2 = ((uint64_t)w.v[2] << 21) | (w.v[3] >> 11);
  double u1 = (double)(b1 + 1) * two_m53;   // (0, 1]
  double u2 = (double)b2 * two_m53;         // [0, 1)
  double r = sqrt(-2.0 * portable_log(u1));
  double c, s;
  cos_sin_2pi(u2, &c, &s);
  *z0 = r * c;
  *z1 = r * s;
}

// Branch-free form of portable_log/cos_sin_2pi for a block of pairs, written so compilers can
// vectorise it (selects instead of branches, one operation per line in the scalar order). Produces
// exactly the bits of normal_pair: the same IEEE operations on the same operands.
template <int B>
SFDT_HD void normal_pairs_block(const NoiseKey& k, uint32_t j0, double* z0, double* z1) {
  // Pass 1: Philox, lanes independent; the 10 rounds unrolled so the lane loop is the inner one.
  // Words live in 64-bit lanes (upper half zero) so the 32×32→64 products map onto vpmuludq.
  uint64_t w0[B], w1[B], w2[B], w3[B];
  for (int i = 0; i < B; ++i) {
    w0[i] = j0 + (uint32_t)i; w1[i] = k.c1; w2[i] = k.c2; w3[i] = k.c3;
  }
  uint64_t k0 = k.k0, k1 = k.k1;
  const uint64_t lo32 = 0xFFFFFFFFull;
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < B; ++i) {
      uint64_t p0 = (w0[i] & lo32) * 0xD2511F53ull;
      uint64_t p1 = (w2[i] & lo32) * 0xCD9E8D57ull;
      uint64_t n0 = (p1 >> 32) ^ w1[i] ^ k0;
      uint64_t n2 = (p0 >> 32) ^ w3[i] ^ k1;
      w1[i] = p1 & lo32; w3[i] = p0 & lo32;
      w0[i] = n0; w2[i] = n2;
    }
    k0 = (k0 + 0x9E3779B9ull) & lo32; k1 = (k1 + 0xBB67AE85ull) & lo32;
  }
  const double two_m53 = 1.1102230246251565404e-16, two_27 = 134217728.0;
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
               Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
               Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
               Lg7 = 1.479819860511658591e-01;
  const double sqrt2 = 1.41421356237309504880, pio2 = 1.57079632679489661923;
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
               S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
               S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
               C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
               C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const double two_52 = 4503599627370496.0;
  for (int i = 0; i < B; ++i) {
    // The 53-bit integers (w0:w1) >> 11 and (w2:w3) >> 11, split into 26 + 27 bits that convert
    // exactly through int32: the same doubles as (double)(b + 1) and (double)b in normal_pair.
    double a1 = (double)(int32_t)(w0[i] >> 6), c1 = (double)(int32_t)(((w0[i] & 63u) << 21) | (w1[i] >> 11));
    double a2 = (double)(int32_t)(w2[i] >> 6), c2 = (double)(int32_t)(((w2[i] & 63u) << 21) | (w3[i] >> 11));
    double u1 = ((a1 * two_27 + c1) + 1.0) * two_m53;
    double u2 = (a2 * two_27 + c2) * two_m53;
    // log(u1), as portable_log; the exponent is read as a double without an int64 conversion.
    int64_t bits = bits_of(u1);
    double dk = (double_of(((bits >> 52) & 0x7ff) | 0x4330000000000000LL) - two_52) - 1023.0;
    double m = double_of((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
    // Both arms computed unconditionally, then selected: keeps the loop free of branches.
    bool big = m > sqrt2;
    double m_half = m * 0.5, dk_up = dk + 1.0;
    m = big ? m_half : m;
    dk = big ? dk_up : dk;
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double z = s * s;
    double w = z * z;
    double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
    double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
    double r = t2 + t1;
    double hfsq = 0.5 * f * f;
    double lg = dk * ln2_hi - ((hfsq - (s * (hfsq + r) + dk * ln2_lo)) - f);
    double rad = sqrt(-2.0 * lg);
    // cos/sin(2π u2), as cos_sin_2pi; the quadrant q ∈ {0..4} is compared as a double.
    double v = 4.0 * u2;
    double q = floor(v + 0.5);
    double x = (v - q) * pio2;
    double xz = x * x;
    double xw = xz * xz;
    double sr = S2 + xz * (S3 + xz * S4) + xz * xw * (S5 + xz * S6);
    double sv = xz * x;
    double sn = x + sv * (S1 + xz * sr);
    double cr = xz * (C1 + xz * (C2 + xz * C3)) + xw * xw * (C4 + xz * (C5 + xz * C6));
    double hz = 0.5 * xz;
    double cw = 1.0 - hz;
    double cs = cw + (((1.0 - cw) - hz) + (xz * cr));
    bool odd = (q == 1.0) | (q == 3.0);             // quadrant 0 (and 4): (c, s); 1: (−s, c); 2: (−c, −s); 3: (s, −c)
    bool neg_c = (q == 1.0) | (q == 2.0);
    bool neg_s = (q == 2.0) | (q == 3.0);
    double cabs = odd ? sn : cs;
    double sabs = odd ? cs : sn;
    double ncabs = -cabs, nsabs = -sabs;
    z0[i] = rad * (neg_c ? ncabs : cabs);
    z1[i] = rad * (neg_s ? nsabs : sabs);
  }
}

// Fills out[0..count) with the normals of components 0..count-1; T = double or float (rounded once).
template <typename T>
SFDT_HD void fill_normals(const NoiseKey& k, T* out, int64_t count) {
  const int B = 8;
  int64_t j = 0;
#if !defined(__CUDA_ARCH__)
  // Host: blocks of 8 pairs through the vectorisable form, identical bits.
  for (; 2 * (j + B) <= count; j += B) {
    double z0[B], z1[B];
    normal_pairs_block<B>(k, (uint32_t)j, z0, z1);
    for (int i = 0; i < B; ++i) {
      out[2 * (j + i)] = (T)z0[i];
      out[2 * (j + i) + 1] = (T)z1[i];
    }
  }
#endif
  for (; 2 * j < count; ++j) {
    double z0, z1;
    normal_pair(k, (uint32_t)j, &z0, &z1);
    out[2 * j] = (T)z0;
    if (2 * j + 1 < count) out[2 * j + 1] = (T)z1;
  }
}

}  // namespace sfdt
