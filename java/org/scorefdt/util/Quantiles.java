package org.scorefdt.util;

/**
 * Quantiles for the library's family-wise bounds (score diagnostics, response agreement): the
 * standard normal's and Student's t, for upper-tail probabilities p in (0.5, 1), accurate to about
 * 10⁻⁷ relative, which a bound needs (not a general-purpose distribution library).
 */
public final class Quantiles {
    private Quantiles() {}

    /**
     * Bonferroni's family-wise bound over m two-sided statistics: F⁻¹(1 − α/(2m)), F Student's t with ν
     * degrees of freedom (errors estimated from ν + 1 blocks), or the standard normal when ν = 0. Any
     * |z| beyond it is a false alarm with probability at most α for the whole family, however the
     * statistics are correlated.
     *
     * @throws IllegalArgumentException unless α is in (0, 1), m ≥ 1 and ν ≥ 0
     */
    public static double bonferroni(double alpha, int m, int nu) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha = " + alpha + ": must be in (0, 1)");
        if (m < 1) throw new IllegalArgumentException("m = " + m + ": must be >= 1");
        if (nu < 0) throw new IllegalArgumentException("degrees of freedom = " + nu + ": must be >= 0 (0: the normal)");
        double p = 1 - alpha / (2.0 * m);
        return nu == 0 ? normal(p) : student(p, nu);
    }

    /** Student's t quantile t_ν⁻¹(p), p in (0.5, 1), by bisection on the CDF (regularised incomplete beta). */
    public static double student(double p, int nu) {
        double lo = 0, hi = 1e3;
        for (int it = 0; it < 200 && hi - lo > 1e-10 * hi; it++) {
            double t = 0.5 * (lo + hi);
            double upper = 0.5 * incompleteBeta(nu / (nu + t * t), 0.5 * nu, 0.5); // P(T > t)
            if (upper > 1 - p) lo = t; else hi = t;
        }
        return 0.5 * (lo + hi);
    }

    /** Regularised incomplete beta I_x(a, b) by Lentz's continued fraction (Numerical Recipes §6.4). */
    private static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
        if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
        double tiny = 1e-300, c = 1, dd = 1 - (a + b) * x / (a + 1);
        dd = 1 / (Math.abs(dd) < tiny ? tiny : dd);
        double h = dd;
        for (int m = 1; m <= 300; m++) {
            double num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            dd = 1 / nonZero(1 + num * dd);
            c = nonZero(1 + num / c);
            h *= dd * c;
            num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            dd = 1 / nonZero(1 + num * dd);
            c = nonZero(1 + num / c);
            double del = dd * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) break;
        }
        return Math.exp(lnFront) * h / a;
    }

    private static double nonZero(double v) {
        return Math.abs(v) < 1e-300 ? 1e-300 : v;
    }

    /** ln Γ(x), Lanczos (g = 7, n = 9), ~1e-15 relative for x &gt; 0. */
    private static double logGamma(double x) {
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        x -= 1;
        double a = g[0], t = x + 7.5;
        for (int i = 1; i < 9; i++) a += g[i] / (x + i);
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** Φ⁻¹(p) for p in (0.5, 1): Abramowitz–Stegun 26.2.23 refined by three Newton steps on erfc. */
    public static double normal(double p) {
        double q = Math.sqrt(-2 * Math.log(1 - p));
        double z = q - (2.515517 + 0.802853 * q + 0.010328 * q * q) / (1 + 1.432788 * q + 0.189269 * q * q + 0.001308 * q * q * q);
        for (int i = 0; i < 3; i++) { // Newton on the upper tail 1 − Φ(z) = 1 − p
            double tail = 0.5 * erfc(z / Math.sqrt(2));
            z += (tail - (1 - p)) / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
        }
        return z;
    }

    /** erfc to ~1e-7 relative (Numerical Recipes' Chebyshev fit), enough for a quantile bound. */
    private static double erfc(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
