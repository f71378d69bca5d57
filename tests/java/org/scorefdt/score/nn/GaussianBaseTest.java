package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.Cholesky;

/**
 * {@link GaussianBase}: g(y, σ) is −(Σ + σ²I)⁻¹(y − μ) of the rows' sample mean and covariance (solved
 * independently by Cholesky), it adds to what is there, and bad input is refused.
 */
class GaussianBaseTest {

    /** n correlated rows of dimension d: x = A w + m, w standard normal. */
    static double[] correlatedRows(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[d * d], m = new double[d], x = new double[n * d];
        for (int k = 0; k < d * d; k++) a[k] = rng.nextDouble(-1, 1);
        for (int i = 0; i < d; i++) m[i] = rng.nextDouble(-2, 2);
        double[] w = new double[d];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) w[j] = rng.nextGaussian();
            for (int i = 0; i < d; i++) {
                double s = m[i];
                for (int j = 0; j < d; j++) s += a[i * d + j] * w[j];
                x[r * d + i] = s;
            }
        }
        return x;
    }

    @Test
    void theBaseIsTheSmoothedScoreOfTheRowsGaussianFit() {
        int n = 500, d = 5;
        double[] x = correlatedRows(n, d, 3);
        GaussianBase base = GaussianBase.fit(x, n, d);
        double[] mu = new double[d], cov = new double[d * d];
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) mu[i] += x[r * d + i] / n;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) cov[i * d + j] += (x[r * d + i] - mu[i]) * (x[r * d + j] - mu[j]) / (n - 1);
            }
        }
        for (int i = 0; i < d; i++) assertEquals(mu[i], base.mean()[i], 1e-12);
        for (double sigma : new double[] {1e-3, 0.3, 2}) {
            double[] shifted = cov.clone();
            double trace = 0;
            for (int i = 0; i < d; i++) trace += cov[i * d + i];
            for (int i = 0; i < d; i++) shifted[i * d + i] += sigma * sigma + GaussianBase.RIDGE * trace / d;
            Cholesky ch = Cholesky.factor(shifted, d);
            double[] y = correlatedRows(3, d, 9), got = new double[3 * d], want = new double[d], c = new double[d];
            got[1] = 7; // the base adds to what is there
            base.add(y, 0, sigma, got, 0, 3, new double[2 * d]);
            got[1] -= 7;
            for (int r = 0; r < 3; r++) {
                for (int i = 0; i < d; i++) c[i] = y[r * d + i] - mu[i];
                ch.solve(c, 0, want, 0);
                // two backward-stable solves of the same system: they differ by ≲ d·ε·cond(Σ + σ²I) relative to the solution
                double min = Double.POSITIVE_INFINITY, max = 0;
                for (double l : base.variances()) {
                    min = Math.min(min, l + sigma * sigma);
                    max = Math.max(max, l + sigma * sigma);
                }
                double norm = 0;
                for (double w : want) norm = Math.max(norm, Math.abs(w));
                double bound = 64 * d * 0x1.0p-52 * (max / min) * norm;
                for (int i = 0; i < d; i++) assertEquals(-want[i], got[r * d + i], bound, "σ = " + sigma);
            }
        }
    }

    @Test
    void badShapesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianBase(new double[2], new double[3], new double[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianBase(new double[1], new double[] {1}, new double[] {-1}));
        assertTrue(e.getMessage().contains("variance 0 = -1.0"), e.getMessage());
        assertThrows(GaussianBase.Unsuitable.class, () -> GaussianBase.fit(new double[4], 1, 4));
        GaussianBase.Unsuitable u = assertThrows(GaussianBase.Unsuitable.class,
                () -> GaussianBase.fit(new double[0], 2, GaussianBase.MAX_DIMENSION + 1));
        assertTrue(u.getMessage().contains("d <= " + GaussianBase.MAX_DIMENSION), u.getMessage());
    }
}
