package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The truth-free diagnostics against scores whose answers are known: the exact score of a Gaussian
 * passes with Stein diagonal 1 and Hyvärinen loss −½ tr Σ⁻¹; a shrunk score c·s fails with diagonal c and
 * loss tr Σ⁻¹ (c²/2 − c); a Gaussian fitted to a double well passes the linear identities (it was fitted
 * to them) and fails the random Fourier ones.
 */
class ScoreDiagnosticsTest {
    static final int N = 16384;

    /** Independent normal components with standard deviations {@code sd} and means {@code mu}. */
    static double[] gaussian(double[] mu, double[] sd, long seed) {
        int d = mu.length;
        Random r = new Random(seed);
        double[] x = new double[N * d];
        for (int i = 0; i < N * d; i++) x[i] = mu[i % d] + sd[i % d] * r.nextGaussian();
        return x;
    }

    /** c · the exact score of that Gaussian. */
    static ScoreModel gaussianScore(double[] mu, double[] sd, double c) {
        return new ScoreModel() {
            @Override public int dimension() {
                return mu.length;
            }
            @Override public void score(double[] x, double[] out, int members) {
                int d = mu.length;
                for (int i = 0; i < members * d; i++) out[i] = -c * (x[i] - mu[i % d]) / (sd[i % d] * sd[i % d]);
            }
        };
    }

    static double traceInverse(double[] sd) {
        double t = 0;
        for (double s : sd) t += 1 / (s * s);
        return t;
    }

    @Test
    void exactGaussianScorePassesWithKnownLoss() {
        double[] mu = {1, -2, 0.5}, sd = {0.5, 2, 1};
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(gaussianScore(mu, sd, 1), gaussian(mu, sd, 1), N, 11);
        assertTrue(r.passes(), r.summary());
        assertEquals(1, r.steinDiagonal(), 4 * r.steinDiagonalStderr(), r.summary());
        assertEquals(-0.5 * traceInverse(sd), r.hyvarinen(), 4 * r.hyvarinenStderr() + 1e-6, r.summary());
        assertEquals(9, r.steinResidual().length, "full 3 × 3 matrix");
        assertEquals(ScoreDiagnostics.TEST_FUNCTIONS, r.testResidual().length);
        assertTrue(r.zBound() > 3, "Bonferroni over 9 + 3 + 32 statistics: " + r.zBound());
    }

    @Test
    void shrunkScoreFailsWithItsShrinkageAsDiagonal() {
        double[] mu = {0, 0}, sd = {1, 1.5};
        double c = 0.8;
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(gaussianScore(mu, sd, c), gaussian(mu, sd, 2), N, 5);
        assertFalse(r.passes(), r.summary());
        assertTrue(r.summary().contains("fails its Stein identities"), r.summary());
        assertEquals(c, r.steinDiagonal(), 4 * r.steinDiagonalStderr(), r.summary());
        double t = traceInverse(sd);
        assertEquals(t * (c * c / 2 - c), r.hyvarinen(), 4 * r.hyvarinenStderr() + 1e-6, "J(c·s) = tr Σ⁻¹ (c²/2 − c)");
        ScoreDiagnostics.Report exact = ScoreDiagnostics.of(gaussianScore(mu, sd, 1), gaussian(mu, sd, 2), N, 5);
        assertTrue(exact.hyvarinen() < r.hyvarinen(), "the loss ranks the exact score first");
    }

    @Test
    void gaussianFittedToADoubleWellFailsTheFourierTestFunctions() {
        // p ∝ exp(−2(x² − 1)²) by rejection from N(0, 1.2²)
        Random rnd = new Random(3);
        double[] x = new double[N];
        for (int i = 0; i < N; ) {
            double v = 1.2 * rnd.nextGaussian();
            double logRatio = -2 * Math.pow(v * v - 1, 2) + v * v / (2 * 1.44) - 0.6;
            if (Math.log(rnd.nextDouble()) < logRatio) x[i++] = v;
        }
        double mean = 0, var = 0;
        for (double v : x) mean += v;
        mean /= N;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= N - 1;
        ScoreModel fitted = gaussianScore(new double[] {mean}, new double[] {Math.sqrt(var)}, 1);
        ScoreDiagnostics.Report g = ScoreDiagnostics.of(fitted, x, N, 9);
        assertEquals(1, g.steinDiagonal(), 2.0 / N, "fitted to the sample's moments, the linear identity holds (to the (n − 1)/n of the variance)");
        assertFalse(g.passes(), g.summary());
        assertTrue(g.worst().startsWith("test function"), g.summary());

        ScoreModel exact = new ScoreModel() {
            @Override public int dimension() {
                return 1;
            }
            @Override public void score(double[] y, double[] out, int members) {
                for (int i = 0; i < members; i++) out[i] = -8 * y[i] * (y[i] * y[i] - 1);
            }
        };
        ScoreDiagnostics.Report e = ScoreDiagnostics.of(exact, x, N, 9);
        assertTrue(e.passes(), e.summary());
        assertTrue(e.hyvarinen() < g.hyvarinen() - 4 * Math.hypot(e.hyvarinenStderr(), g.hyvarinenStderr()), "exact ranks first by J");
    }

    @Test
    void highDimensionUsesTheDiagonalAndHutchinson() {
        int d = 40;
        double[] mu = new double[d], sd = new double[d];
        for (int j = 0; j < d; j++) sd[j] = 0.5 + 0.05 * j;
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(gaussianScore(mu, sd, 1), gaussian(mu, sd, 4), N, 3);
        assertEquals(d, r.steinResidual().length, "diagonal only above " + ScoreDiagnostics.MAX_FULL_MATRIX);
        assertTrue(r.passes(), r.summary());
        // Hutchinson on a linear score is exact per probe: vᵀ(−Σ⁻¹)v = −tr Σ⁻¹ for Rademacher v.
        assertEquals(-0.5 * traceInverse(sd), r.hyvarinen(), 4 * r.hyvarinenStderr() + 1e-6, r.summary());
    }

    @Test
    void aSlightlyShrunkScoreInHighDimensionIsCaughtByTheDiagonalMean() {
        // 5 % shrinkage over 200 components: no single entry resolves it, their mean does.
        int d = 200;
        double[] mu = new double[d], sd = new double[d];
        java.util.Arrays.fill(sd, 1);
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(gaussianScore(mu, sd, 0.95), gaussian(mu, sd, 6), N, 3);
        assertFalse(r.passes(), r.summary());
        assertEquals("Stein diagonal mean", r.worst(), r.summary());
        assertEquals(0.95, r.steinDiagonal(), 4 * r.steinDiagonalStderr());
    }

    @Test
    void tooFewSamplesAreRefused() {
        double[] mu = {0}, sd = {1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScoreDiagnostics.of(gaussianScore(mu, sd, 1), new double[100], 100, 1));
        assertTrue(e.getMessage().contains("at least 128 samples"), e.getMessage());
    }

    @Test
    void quantilesMatchTables() {
        assertEquals(1.959964, org.scorefdt.util.Quantiles.normal(0.975), 1e-5);
        assertEquals(4.753424, org.scorefdt.util.Quantiles.normal(1 - 1e-6), 1e-4);
        assertEquals(2.131450, org.scorefdt.util.Quantiles.student(0.975, 15), 1e-5);
        assertEquals(12.706205, org.scorefdt.util.Quantiles.student(0.975, 1), 1e-5);
        assertEquals(4.072765, org.scorefdt.util.Quantiles.student(0.9995, 15), 1e-5);
    }

    @Test
    void seriallyCorrelatedSamplesWidenTheErrorBars() {
        // AR(1) with ρ = 0.95 (stationary N(0, 1)): i.i.d. batch means over 64 blocks of 256 would
        // under-state the SE of the Stein diagonal; blocking keeps the exact score passing.
        Random r = new Random(8);
        double[] x = new double[N];
        double v = r.nextGaussian(), rho = 0.95;
        for (int i = 0; i < N; i++) {
            v = rho * v + Math.sqrt(1 - rho * rho) * r.nextGaussian();
            x[i] = v;
        }
        ScoreDiagnostics.Report e = ScoreDiagnostics.of(gaussianScore(new double[] {0}, new double[] {1}, 1), x, N, 2);
        assertTrue(e.passes(), e.summary());
        // Var of the mean of x² − 1 under AR(1): (2/N)(1 + ρ²)/(1 − ρ²) ≈ 0.0124²: the SE must reach it.
        double trueSe = Math.sqrt(2.0 / N * (1 + rho * rho) / (1 - rho * rho));
        assertTrue(e.steinDiagonalStderr() > 0.7 * trueSe, e.steinDiagonalStderr() + " vs " + trueSe);
    }
}
