package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.Quantiles;

class QuasiGaussianScoreTest {
    // C = L Lᵀ with L = [1 0 0; 0.5 2 0; −0.3 0.4 1.5].
    private static final double[] L = {1, 0, 0, 0.5, 2, 0, -0.3, 0.4, 1.5};
    private static final double[] MU = {1.0, -2.0, 0.5};
    private static final int D = 3;

    private static double[] covariance() {
        double[] c = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++)
                for (int k = 0; k < D; k++) c[i * D + j] += L[i * D + k] * L[j * D + k];
        return c;
    }

    /** n samples x = μ + shift + L z, z from Philox (member = sample index). */
    private static double[] samples(int n, double shift, long seed) {
        double[] x = new double[n * D], z = new double[D];
        Philox.Scratch s = new Philox.Scratch();
        for (int r = 0; r < n; r++) {
            Philox.normals(seed, Streams.INITIAL, r, 0, z, 0, D, s);
            for (int i = 0; i < D; i++) {
                double v = MU[i] + shift;
                for (int k = 0; k <= i; k++) v += L[i * D + k] * z[k];
                x[r * D + i] = v;
            }
        }
        return x;
    }

    @Test
    void exactMomentsGiveTheExactScore() {
        double[] c = {2, 1, 0, 1, 2, 1, 0, 1, 2}; // C⁻¹ = (1/4)[3 −2 1; −2 4 −2; 1 −2 3]
        QuasiGaussianScore q = QuasiGaussianScore.of(new double[] {1, 1, 1}, c, 0);
        double[] out = new double[6];
        q.score(new double[] {2, 1, 1, 1, 1, 5}, out, 2);
        assertArrayEquals(new double[] {-0.75, 0.5, -0.25, -1, 2, -3}, out, 1e-15);
    }

    @Test
    void fitConvergesWithinDerivedBoundsAsSamplesGrow() {
        double[] c = covariance();
        int[] sizes = {10_000, 100_000, 1_000_000};
        // Family: per size, 3 mean entries and 6 covariance entries, all checked two-sided.
        double k = Quantiles.bonferroniNormal(1e-3, sizes.length * 9);
        double[] x0 = {0.3, 1.0, -1.0};
        double[] exactScore = new double[D];
        QuasiGaussianScore.of(MU, c, 0).score(x0, exactScore, 1);
        double invFrob = frobeniusOfInverse(c);
        double previousBound = Double.POSITIVE_INFINITY;
        for (int n : sizes) {
            QuasiGaussianScore q = QuasiGaussianScore.fit(samples(n, 0, 42), n, D, 0);
            double[] mu = q.mean(), ch = q.covariance();
            double meanErr2 = 0, covErr2 = 0, meanTol2 = 0, covTol2 = 0;
            for (int i = 0; i < D; i++) {
                double se = Math.sqrt(c[i * D + i] / n);
                assertEquals(MU[i], mu[i], k * se, "mean " + i + " at n = " + n);
                meanErr2 += Math.pow(mu[i] - MU[i], 2);
                meanTol2 += Math.pow(k * se, 2);
                for (int j = 0; j < D; j++) {
                    // Gaussian data: Var(Ĉ_ij) = (C_ii C_jj + C_ij²)/(n−1).
                    double sec = Math.sqrt((c[i * D + i] * c[j * D + j] + c[i * D + j] * c[i * D + j]) / (n - 1));
                    assertEquals(c[i * D + j], ch[i * D + j], k * sec, "cov " + i + "," + j + " at n = " + n);
                    covErr2 += Math.pow(ch[i * D + j] - c[i * D + j], 2);
                    covTol2 += Math.pow(k * sec, 2);
                }
            }
            // ŝ − s = Ĉ⁻¹(μ̂ − μ) + Ĉ⁻¹(Ĉ − C)C⁻¹(x₀ − μ); on the event above ‖Ĉ − C‖_F ≤ √covTol2 and
            // ‖Ĉ⁻¹‖₂ ≤ 1/(λ_min(C) − ‖Ĉ − C‖_F) (Weyl), λ_min(C) ≥ 1/‖C⁻¹‖_F. The bound is ∝ 1/√n.
            double dc = Math.sqrt(covTol2), lambdaMin = 1 / invFrob;
            assertTrue(dc < lambdaMin, "bound needs ‖δC‖ < λ_min");
            double bound = (Math.sqrt(meanTol2) + dc * norm(exactScore)) / (lambdaMin - dc);
            double[] s = new double[D];
            q.score(x0, s, 1);
            double err = 0;
            for (int i = 0; i < D; i++) err += Math.pow(s[i] - exactScore[i], 2);
            assertTrue(Math.sqrt(err) <= bound, "score error " + Math.sqrt(err) + " > bound " + bound + " at n = " + n);
            assertTrue(bound < previousBound);
            previousBound = bound;
        }
    }

    @Test
    void streamingIsBatchInvariantAndStableUnderALargeOffset() {
        int n = 5_000;
        double[] plain = samples(n, 0, 7);
        double[] shifted = samples(n, 1e8, 7);
        double[] ref = QuasiGaussianScore.fit(plain, n, D, 0).covariance();
        // Uneven batches, as an ensemble observer would see them.
        var f = new QuasiGaussianScore.Fitter(D);
        int[] cuts = {0, 1, 8, 108, 2_500, n};
        for (int b = 0; b + 1 < cuts.length; b++) {
            f.add(java.util.Arrays.copyOfRange(shifted, cuts[b] * D, cuts[b + 1] * D), cuts[b + 1] - cuts[b]);
        }
        assertEquals(n, f.count());
        double[] cov = f.covariance();
        // |x| ≈ 1e8 stores each sample to ≈ 1.5e−8 absolute, so the covariance can only be that good;
        // raw sums Σx² ≈ 1e16·n would lose it entirely.
        for (int i = 0; i < D * D; i++) assertEquals(ref[i], cov[i], 1e-6);
        double[] mu = f.mean();
        double k = Quantiles.bonferroniNormal(1e-3, D);
        double[] c = covariance();
        for (int i = 0; i < D; i++) assertEquals(1e8 + MU[i], mu[i], k * Math.sqrt(c[i * D + i] / n));
    }

    @Test
    void nonPositiveDefiniteCovarianceNamesPivotAndSuggestsRidge() {
        double[] indefinite = {1, 2, 2, 1}; // eigenvalues 3, −1; pivot 1 = −3
        var e = assertThrows(IllegalArgumentException.class,
                () -> QuasiGaussianScore.of(new double[2], indefinite, 0));
        assertTrue(e.getMessage().contains("pivot 1 = -3.0"), e.getMessage());
        assertTrue(e.getMessage().contains("larger ridge"), e.getMessage());
        // tr C/d = 1, so ridge 3 gives [4 2; 2 4], positive definite.
        QuasiGaussianScore ok = QuasiGaussianScore.of(new double[2], indefinite, 3);
        assertArrayEquals(new double[] {4, 2, 2, 4}, ok.covariance(), 0);
        // A component that never varies (e.g. a pinned pixel) makes C exactly singular at its pivot.
        double[] pinned = samples(100, 0, 3);
        for (int r = 0; r < 100; r++) pinned[r * D + 2] = 5.0;
        var f = new QuasiGaussianScore.Fitter(D);
        f.add(pinned, 100);
        var e2 = assertThrows(IllegalArgumentException.class, () -> f.build(0));
        assertTrue(e2.getMessage().contains("pivot 2 = 0.0"), e2.getMessage());
        double[] s = new double[D];
        f.build(1e-6).score(new double[] {0, 0, 5}, s, 1);
        assertEquals(0.0, s[2], 0); // the ridge makes it solvable; the pinned direction has zero score at its value
    }

    @Test
    void ridgeAddsTheScaledIdentity() {
        double[] c = {1, 0, 0, 4}; // tr C/d = 2.5; ridge 0.1 adds 0.25
        QuasiGaussianScore q = QuasiGaussianScore.of(new double[] {1, -1}, c, 0.1);
        assertArrayEquals(new double[] {1.25, 0, 0, 4.25}, q.covariance(), 1e-15);
        double[] out = new double[2];
        q.score(new double[] {2, 1}, out, 1);
        assertArrayEquals(new double[] {-1 / 1.25, -2 / 4.25}, out, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> QuasiGaussianScore.of(new double[2], c, -1));
    }

    private static double frobeniusOfInverse(double[] c) {
        Cholesky ch = Cholesky.factor(c, D);
        double s = 0;
        double[] col = new double[D];
        for (int j = 0; j < D; j++) {
            double[] e = new double[D];
            e[j] = 1;
            ch.solve(e, 0, col, 0);
            for (double v : col) s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }
}
