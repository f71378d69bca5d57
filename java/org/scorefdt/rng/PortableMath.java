package org.scorefdt.rng;

/**
 * The few transcendental functions the RNG and the KDE need, written with only IEEE +, −, ×, ÷ so that Java,
 * C++ ({@code native/include/scorefdt/portable_math.h}) and CUDA produce identical bits. Platform
 * libm implementations differ in their last bits, which would break cross-backend parity of every
 * trajectory. Polynomials are fdlibm's (FreeBSD msun: e_log.c, k_sin.c, k_cos.c); accuracy about
 * 1 ulp over the ranges used here.
 *
 * <p>The C++ twin must evaluate every expression in the same order, compiled without FMA
 * contraction ({@code -ffp-contract=off}, nvcc {@code --fmad=false}).
 */
public final class PortableMath {
    private PortableMath() {}

    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;
    private static final double LG1 = 6.666666666666735130e-01;
    private static final double LG2 = 3.999999999940941908e-01;
    private static final double LG3 = 2.857142874366239149e-01;
    private static final double LG4 = 2.222219843214978396e-01;
    private static final double LG5 = 1.818357216161805012e-01;
    private static final double LG6 = 1.531383769920937332e-01;
    private static final double LG7 = 1.479819860511658591e-01;

    private static final double S1 = -1.66666666666666324348e-01;
    private static final double S2 = 8.33333333332248946124e-03;
    private static final double S3 = -1.98412698298579493134e-04;
    private static final double S4 = 2.75573137070700676789e-06;
    private static final double S5 = -2.50507602534068634195e-08;
    private static final double S6 = 1.58969099521155010221e-10;

    private static final double C1 = 4.16666666666666019037e-02;
    private static final double C2 = -1.38888888888741095749e-03;
    private static final double C3 = 2.48015872894767294178e-05;
    private static final double C4 = -2.75573143513906633035e-07;
    private static final double C5 = 2.08757232129817482790e-09;
    private static final double C6 = -1.13596475577881948265e-11;

    /** π/2 rounded to double. */
    private static final double PIO2 = 1.57079632679489661923;
    private static final double SQRT2 = 1.41421356237309504880;

    /**
     * Natural logarithm of a positive normal double (subnormals, zero, NaN and infinities are not
     * handled: the RNG never produces them).
     */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int e = (int) ((bits >>> 52) & 0x7ff) - 1023;
        double m = Double.longBitsToDouble((bits & 0x000fffffffffffffL) | 0x3ff0000000000000L);
        if (m > SQRT2) {            // keep m in [√2/2, √2] so that f = m − 1 is small
            m = m * 0.5;
            e = e + 1;
        }
        double f = m - 1.0;
        double s = f / (2.0 + f);
        double z = s * s;
        double w = z * z;
        double t1 = w * (LG2 + w * (LG4 + w * LG6));
        double t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
        double r = t2 + t1;
        double hfsq = 0.5 * f * f;
        double dk = e;
        return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
    }

    private static final double INV_LN2 = 1.44269504088896338700e+00;
    private static final double SHIFTER = 6755399441055744.0;       // 1.5·2⁵²: adding it rounds to an integer
    private static final double EXP_BIAS = 4503599627371519.0;      // 2⁵² + 1023
    private static final double P1 = 1.66666666666666019037e-01;
    private static final double P2 = -2.77777777770155933842e-03;
    private static final double P3 = 6.61375632143793436117e-05;
    private static final double P4 = -1.65339022054652515390e-06;
    private static final double P5 = 4.13813679705723846039e-08;

    /**
     * e^x for every double, < 1 ulp from the exact value (fdlibm e_exp.c's polynomial), bitwise equal
     * to {@code sfdt::portable_exp}. Reduction x = k·ln2 + r, |r| ≤ ln2/2, k rounded to nearest-even
     * by the 1.5·2⁵² shifter; e^r = 1 − ((lo − r·c/(2 − c)) − hi) with c(r) = r − r²·P(r²); then
     * ·2^k1·2^k2 (k1 = round(k/2), k2 = k − k1, each a normal power of two, so subnormal results are
     * rounded once). Overflows to +∞ above ≈ 709.78, underflows to 0 below ≈ −745.13; NaN → NaN.
     * Written branch-free (selects) in the same order as the C++ twin.
     */
    public static double exp(double x) {
        double xc = x > 710.0 ? 710.0 : x;
        xc = xc < -746.0 ? -746.0 : xc;
        double k = (xc * INV_LN2 + SHIFTER) - SHIFTER;
        double hi = xc - k * LN2_HI;
        double lo = k * LN2_LO;
        double r = hi - lo;
        double t = r * r;
        double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
        double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
        double k1 = (k * 0.5 + SHIFTER) - SHIFTER;
        double k2 = k - k1;
        // The low mantissa bits of k + 2⁵² + 1023 are the biased exponent; << 52 moves them into place.
        double s1 = Double.longBitsToDouble(Double.doubleToRawLongBits(k1 + EXP_BIAS) << 52);
        double s2 = Double.longBitsToDouble(Double.doubleToRawLongBits(k2 + EXP_BIAS) << 52);
        return (y * s1) * s2;
    }

    /** sin(x) for |x| ≤ π/4. */
    static double kernelSin(double x) {
        double z = x * x;
        double w = z * z;
        double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
        double v = z * x;
        return x + v * (S1 + z * r);
    }

    /** cos(x) for |x| ≤ π/4. */
    static double kernelCos(double x) {
        double z = x * x;
        double w = z * z;
        double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
        double hz = 0.5 * z;
        double one = 1.0;
        w = one - hz;
        return w + (((one - w) - hz) + (z * r));
    }

    /**
     * Writes cos(2πu) to {@code out[0]} and sin(2πu) to {@code out[1]} for u in [0, 1). The
     * reduction is exact: 4u − round(4u) is computed without rounding, leaving |θ| ≤ π/4.
     */
    public static void cosSin2Pi(double u, double[] out) {
        double v = 4.0 * u;
        double q = Math.floor(v + 0.5);
        double theta = (v - q) * PIO2;
        double s = kernelSin(theta);
        double c = kernelCos(theta);
        switch (((int) q) & 3) {
            case 0: out[0] = c; out[1] = s; break;
            case 1: out[0] = -s; out[1] = c; break;
            case 2: out[0] = -c; out[1] = -s; break;
            default: out[0] = s; out[1] = -c; break;
        }
    }
}
