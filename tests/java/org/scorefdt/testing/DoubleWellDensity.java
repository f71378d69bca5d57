package org.scorefdt.testing;

import org.scorefdt.score.ScoreModel;

/**
 * The double well of docs/systems.md §4 (σ = 0.7): p ∝ exp(2(x²/2 − x⁴/4)/σ²), its exact score, and its
 * CDF by quadrature (cumulative trapezoid on [−3, 3], h = 10⁻³; the tails beyond carry &lt; 10⁻¹⁵ of
 * the mass and the quadrature error is ~10⁻⁷, far below any KS threshold used).
 */
public final class DoubleWellDensity {
    public static final double SIGMA = 0.7;
    public static final double LO = -3, HI = 3;
    static final int CELLS = 6000;
    private static final double[] CDF = cdfTable();

    private DoubleWellDensity() {}

    public static double logDensity(double x) {
        return 2 * (x * x / 2 - x * x * x * x / 4) / (SIGMA * SIGMA);
    }

    public static double exactScore(double x) {
        return 2 * (x - x * x * x) / (SIGMA * SIGMA);
    }

    public static ScoreModel score() {
        return new ScoreModel() {
            @Override public int dimension() { return 1; }
            @Override public void score(double[] x, double[] out, int members) {
                for (int m = 0; m < members; m++) out[m] = exactScore(x[m]);
            }
        };
    }

    private static double[] cdfTable() {
        double h = (HI - LO) / CELLS;
        double[] c = new double[CELLS + 1];
        double prev = Math.exp(logDensity(LO));
        for (int i = 1; i <= CELLS; i++) {
            double cur = Math.exp(logDensity(LO + i * h));
            c[i] = c[i - 1] + 0.5 * h * (prev + cur);
            prev = cur;
        }
        for (int i = 0; i <= CELLS; i++) c[i] /= c[CELLS];
        return c;
    }

    public static double cdf(double x) {
        if (x <= LO) return 0;
        if (x >= HI) return 1;
        double t = (x - LO) / (HI - LO) * CELLS;
        int i = Math.min((int) t, CELLS - 1);
        return CDF[i] + (t - i) * (CDF[i + 1] - CDF[i]);
    }

    /** Inverse CDF by bisection on the table (for drawing exact samples). */
    public static double quantile(double u) {
        double lo = LO, hi = HI;
        for (int k = 0; k < 60; k++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(mid) < u) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
