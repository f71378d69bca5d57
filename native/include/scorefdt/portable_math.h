// portable_math.h — log, exp, cos(2πu), sin(2πu) with IEEE +,−,×,÷ only (fdlibm polynomials), the exact
// twin of java/org/scorefdt/rng/PortableMath.java. Same operations in the same order; compile
// without FMA contraction (-ffp-contract=off, nvcc --fmad=false) to keep the bits identical.
#pragma once
#include "hd.h"
#include <math.h>

namespace sfdt {

SFDT_HD double portable_log(double x) {
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10;
  const double Lg1 = 6.666666666666735130e-01, Lg2 = 3.999999999940941908e-01,
               Lg3 = 2.857142874366239149e-01, Lg4 = 2.222219843214978396e-01,
               Lg5 = 1.818357216161805012e-01, Lg6 = 1.531383769920937332e-01,
               Lg7 = 1.479819860511658591e-01;
  const double sqrt2 = 1.41421356237309504880, two_52 = 4503599627370496.0;
  // Branch-free (selects, both arms computed) and without int64→double conversions, so loops over
  // it vectorise; the values are exactly those of the Java twin's branchy form.
  int64_t bits = bits_of(x);
  double e = (double_of(((bits >> 52) & 0x7ff) | 0x4330000000000000LL) - two_52) - 1023.0;
  double m = double_of((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
  bool big = m > sqrt2;          // keep m in [√2/2, √2] so that f = m − 1 is small
  double m_half = m * 0.5, e_up = e + 1.0;
  m = big ? m_half : m;
  double dk = big ? e_up : e;
  double f = m - 1.0;
  double s = f / (2.0 + f);
  double z = s * s;
  double w = z * z;
  double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  double r = t2 + t1;
  double hfsq = 0.5 * f * f;
  return dk * ln2_hi - ((hfsq - (s * (hfsq + r) + dk * ln2_lo)) - f);
}

// exp(x) for every double (fdlibm e_exp.c's polynomial; < 1 ulp), branch-free so that loops over it
// vectorise (the KDE's softmax weights). Reduction x = k·ln2 + r, |r| ≤ ln2/2, with k rounded to
// nearest-even by the 1.5·2⁵² shifter (fdlibm rounds ties away from zero: both are valid reductions,
// ties never occur in practice). exp(r) = 1 − ((lo − r·c/(2 − c)) − hi) with the Remez c(r); for
// k = 0 this is exactly fdlibm's separate branch. 2^k is applied as 2^k1·2^k2 (k1 = round(k/2)),
// both normal for k ∈ [−1076, 1024], so subnormal results are rounded once, as in fdlibm, and
// x > 709.78 overflows to +∞, x < −745.14 underflows to 0. x is clamped to [−746, 710] first;
// NaN propagates. The 2^k bits are made without double→int conversion: the low mantissa bits of
// (k1 + 1023 + 2⁵²) are k1 + 1023, shifted into the exponent field.
SFDT_HD double portable_exp(double x) {
  const double ln2_hi = 6.93147180369123816490e-01, ln2_lo = 1.90821492927058770002e-10,
               inv_ln2 = 1.44269504088896338700e+00, shifter = 6755399441055744.0, bias = 4503599627371519.0;
  const double P1 = 1.66666666666666019037e-01, P2 = -2.77777777770155933842e-03,
               P3 = 6.61375632143793436117e-05, P4 = -1.65339022054652515390e-06,
               P5 = 4.13813679705723846039e-08;
  double xc = x > 710.0 ? 710.0 : x;
  xc = xc < -746.0 ? -746.0 : xc;
  double k = (xc * inv_ln2 + shifter) - shifter;
  double hi = xc - k * ln2_hi;
  double lo = k * ln2_lo;
  double r = hi - lo;
  double t = r * r;
  double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  double k1 = (k * 0.5 + shifter) - shifter;
  double k2 = k - k1;
  double s1 = double_of(bits_of(k1 + bias) << 52);
  double s2 = double_of(bits_of(k2 + bias) << 52);
  return (y * s1) * s2;
}

SFDT_HD double kernel_sin(double x) {
  const double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
               S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06,
               S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  double z = x * x;
  double w = z * z;
  double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
  double v = z * x;
  return x + v * (S1 + z * r);
}

SFDT_HD double kernel_cos(double x) {
  const double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
               C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07,
               C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  double z = x * x;
  double w = z * z;
  double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
  double hz = 0.5 * z;
  double one = 1.0;
  w = one - hz;
  return w + (((one - w) - hz) + (z * r));
}

// cos(2πu), sin(2πu) for u in [0,1); exact reduction to |θ| ≤ π/4. The quadrant q ∈ {0..4} is
// compared as a double and applied with selects (q = 4 is quadrant 0), keeping loops vectorisable.
SFDT_HD void cos_sin_2pi(double u, double* c_out, double* s_out) {
  const double pio2 = 1.57079632679489661923;
  double v = 4.0 * u;
  double q = floor(v + 0.5);
  double theta = (v - q) * pio2;
  double s = kernel_sin(theta);
  double c = kernel_cos(theta);
  bool odd = (q == 1.0) | (q == 3.0);     // quadrant 0: (c, s); 1: (−s, c); 2: (−c, −s); 3: (s, −c)
  bool neg_c = (q == 1.0) | (q == 2.0);
  bool neg_s = (q == 2.0) | (q == 3.0);
  double cabs = odd ? s : c;
  double sabs = odd ? c : s;
  double ncabs = -cabs, nsabs = -sabs;
  *c_out = neg_c ? ncabs : cabs;
  *s_out = neg_s ? nsabs : sabs;
}

}  // namespace sfdt
