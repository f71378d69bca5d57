package org.scorefdt.testing;

/**
 * Quantiles for deriving test tolerances (no tuning): two-sided Bonferroni thresholds for P checked
 * points at a family-wise false-alarm rate α, for z-scores with a known σ (normal) or with σ
 * estimated from ν degrees of freedom (Student t, e.g. ν = B − 1 for B member blocks).
 */
public final class Quantiles {
    private Quantiles() {}

    /** k with P(|Z| > k) = α/P, Z standard normal. */
    public static double bonferroniNormal(double alpha, int points) {
        return normalUpper(alpha / (2.0 * points));
    }

    /** k with P(|T_ν| > k) = α/P. */
    public static double bonferroniStudent(double alpha, int points, int nu) {
        return studentTwoSided(nu, alpha / points);
    }

    /** z with P(Z > z) = p (Acklam's rational approximation, relative error &lt; 1.2e−9; ample for tolerances). */
    public static double normalUpper(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("p = " + p);
        double q = Math.min(p, 1 - p);
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double x; // lower quantile of q (≤ 0.5), i.e. ≤ 0
        if (q < 0.02425) {
            double r = Math.sqrt(-2 * Math.log(q));
            x = (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5])
                    / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
        } else {
            double s = q - 0.5, r = s * s;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        return p < 0.5 ? -x : x;
    }

    /** t with P(|T_ν| > t) = p, by bisection on P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2). */
    public static double studentTwoSided(int nu, double p) {
        double lo = 0, hi = 1;
        while (tailTwoSided(nu, hi) > p) hi *= 2;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (tailTwoSided(nu, mid) > p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    static double tailTwoSided(int nu, double t) {
        return incompleteBeta(nu / (nu + t * t), nu / 2.0, 0.5);
    }

    /** Regularised incomplete beta I_x(a, b) (Numerical Recipes' continued fraction). */
    static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1) / (a + b + 2)) return front * betaFraction(x, a, b) / a;
        return 1 - front * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300, qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.abs(d) < tiny) d = tiny;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 10000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
            c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) break;
        }
        return h;
    }

    /** ln Γ(x), Lanczos (g = 7, n = 9), |error| &lt; 1e−13 for x &gt; 0. */
    static double logGamma(double x) {
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        x -= 1;
        double s = g[0];
        for (int i = 1; i < 9; i++) s += g[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
    }
}
