package org.scorefdt.testing;

/** Small statistics helpers for tests whose tolerances are derived, not tuned. */
public final class Stats {
    private Stats() {}

    /**
     * Two-sided normal quantile for a family of {@code points} checks at family-wise false-alarm
     * rate {@code alpha} (Bonferroni): k = Φ⁻¹(1 − α/(2P)).
     */
    public static double bonferroniK(double alpha, int points) {
        return inverseNormal(1 - alpha / (2.0 * points));
    }

    /** Φ⁻¹(p) by bisection on erfc-based Φ (accurate to ~1e-10; tests only). */
    public static double inverseNormal(double p) {
        double lo = -40, hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (phi(mid) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** Standard normal CDF via a high-accuracy erfc (Numerical Recipes erfcc, |ε| < 1.2e-7). */
    public static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    static double erfc(double x) {
        double z = Math.abs(x), t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
