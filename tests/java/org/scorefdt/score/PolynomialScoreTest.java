package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.PotentialModel;

/**
 * Exponential-family score matching (docs/score-models.md §11): exact where log p is a polynomial of
 * degree ≤ D (a Gaussian at D = 2, the validation family's quartic V at D = 4), better than the
 * quasi-Gaussian fit where it cannot be exact (a Gaussian mixture), and the degree choice and settings.
 */
class PolynomialScoreTest {

    /** Mean of a − b per row and its standard error, rows independent. */
    static double[] pairedDifference(double[] a, double[] b) {
        int n = a.length;
        double mean = 0, ss = 0;
        for (int i = 0; i < n; i++) mean += (a[i] - b[i]) / n;
        for (int i = 0; i < n; i++) ss += (a[i] - b[i] - mean) * (a[i] - b[i] - mean);
        return new double[] {mean, Math.sqrt(ss / (n - 1) / n)};
    }

    /** n draws of N(μ, LLᵀ), L = [[1.2, 0], [0.5, 0.7]], μ = (1, −2). */
    static double[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian(), b = r.nextGaussian();
            x[2 * i] = 1 + 1.2 * a;
            x[2 * i + 1] = -2 + 0.5 * a + 0.7 * b;
        }
        return x;
    }

    @Test
    void gaussianDataGiveDegreeTwoAndThePrecisionMatrix() {
        int n = 8192;
        double[] x = gaussian(n, 1);
        PolynomialScore s = PolynomialScore.fit(x, n, 2);
        HyperparameterChoice c = s.selection().orElseThrow();
        System.out.println(c.summary());
        int two = 0; // candidate degree 2 is the first
        assertEquals(2, (int) c.grid()[two][0]);
        assertTrue(s.degree() == 2 || c.loss()[two] <= c.loss()[c.best()] + c.lossStderr()[c.best()], c.summary());
        assertEquals(HyperparameterChoice.argmin(c.loss()), c.best());
        assertEquals(5, c.grid().length, "d = 2: every degree 2 … 6 is under the cap");

        // Degree 2 is the Gaussian fit with the 1/n covariance: its Jacobian is −Ĉ⁻¹ (to the ridge, 1e-8).
        PolynomialScore g = PolynomialScore.fit(x, n, 2, PolynomialScore.Config.defaults().withDegree(2));
        double[] m = new double[2], cov = new double[4];
        for (int i = 0; i < n; i++) for (int j = 0; j < 2; j++) m[j] += x[2 * i + j] / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) for (int k = 0; k < 2; k++) cov[2 * j + k] += (x[2 * i + j] - m[j]) * (x[2 * i + k] - m[k]) / n;
        }
        double det = cov[0] * cov[3] - cov[1] * cov[2];
        double[] precHat = {cov[3] / det, -cov[1] / det, -cov[2] / det, cov[0] / det};
        double[] jac = jacobian(g, m);
        for (int e = 0; e < 4; e++) assertEquals(-precHat[e], jac[e], 1e-6 * Math.abs(precHat[0]), "entry " + e);
        double[] s0 = new double[2];
        g.score(m, s0, 1);
        assertEquals(0, s0[0], 1e-9);
        assertEquals(0, s0[1], 1e-9);

        // … and recovers the true precision P = Σ⁻¹ within 4 standard errors, SE(P̂_ij)² ≈ (P_ij² + P_ii P_jj)/n.
        double[] sigma = {1.44, 0.6, 0.6, 0.25 + 0.49};
        double dt = sigma[0] * sigma[3] - sigma[1] * sigma[2];
        double[] prec = {sigma[3] / dt, -sigma[1] / dt, -sigma[2] / dt, sigma[0] / dt};
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 2; k++) {
                double se = Math.sqrt((prec[2 * j + k] * prec[2 * j + k] + prec[3 * j] * prec[3 * k]) / n);
                assertEquals(-prec[2 * j + k], jac[2 * j + k], 4 * se, "P[" + j + "][" + k + "]");
            }
        }
        // The chosen model too (degree 2, or a higher one whose extra terms are noise).
        double[] jc = jacobian(s, m);
        for (int e = 0; e < 4; e++) assertEquals(jac[e], jc[e], 0.05 * Math.abs(precHat[0]), "chosen model, entry " + e);
    }

    /** ∂s_j/∂x_k at x by central differences, {@code [j][k]}. */
    static double[] jacobian(ScoreModel s, double[] x) {
        int d = x.length;
        double[] jac = new double[d * d], p = new double[d], q = new double[d];
        for (int k = 0; k < d; k++) {
            double[] a = x.clone(), b = x.clone();
            a[k] += 1e-3;
            b[k] -= 1e-3;
            s.score(a, p, 1);
            s.score(b, q, 1);
            for (int j = 0; j < d; j++) jac[j * d + k] = (p[j] - q[j]) / 2e-3;
        }
        return jac;
    }

    static double[] squaredErrors(ScoreModel s, ScoreModel exact, double[] x, int n) {
        return KernelDefaultsTest.squaredErrors(s, exact, x, n);
    }

    @Test
    void quarticPotentialIsRecoveredFarBetterThanTheKde() {
        PotentialModel m = PotentialModel.family(2, true, 1.0, 707);
        int n = 4096, nt = 4096;
        double[] train = ScoreMatchingBandwidthTest.samples(m, 128, n / 128, 0), test = ScoreMatchingBandwidthTest.samples(m, 128, nt / 128, 10_000);
        ScoreModel exact = new PotentialScore(m);
        PolynomialScore p = PolynomialScore.fit(train, n, 2);
        System.out.println(p.selection().orElseThrow().summary());
        double msePoly = Arrays.stream(squaredErrors(p, exact, test, nt)).average().orElseThrow();
        double meanSq = Arrays.stream(squaredErrors(new ScoreModel() {
            public int dimension() { return 2; }
            public void score(double[] x, double[] out, int k) { Arrays.fill(out, 0, 2 * k, 0); }
        }, exact, test, nt)).average().orElseThrow();
        double mseKde;
        try (RichardsonScore kde = KdeScore.fit(train, n, 2)) {
            mseKde = Arrays.stream(squaredErrors(kde, exact, test, nt)).average().orElseThrow();
        }
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(p, test, nt, 1);
        System.out.printf("poly D=%d MSE %.4g, KDE default MSE %.4g, E|s|^2 %.4g; %s%n", p.degree(), msePoly, mseKde, meanSq, r.summary());
        assertTrue(p.degree() >= 4, "log p is quartic: " + p.selection().orElseThrow().summary());
        assertTrue(msePoly < mseKde / 10, "MSE polynomial " + msePoly + " vs KDE default " + mseKde);
        assertTrue(r.passes(), r.summary());
    }

    /** ½N(a, 0.5 I) + ½N(b, diag(0.8, 0.3)), a = (−1.2, 0), b = (1.2, 0.6): log p is not a polynomial. */
    static final double[][] MIX_MEAN = {{-1.2, 0}, {1.2, 0.6}}, MIX_VAR = {{0.5, 0.5}, {0.8, 0.3}};

    static double[] mixture(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int c = r.nextBoolean() ? 1 : 0;
            for (int j = 0; j < 2; j++) x[2 * i + j] = MIX_MEAN[c][j] + Math.sqrt(MIX_VAR[c][j]) * r.nextGaussian();
        }
        return x;
    }

    static final ScoreModel MIXTURE_SCORE = new ScoreModel() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void score(double[] x, double[] out, int members) {
            for (int r = 0; r < members; r++) {
                double[] logw = new double[2];
                for (int c = 0; c < 2; c++) {
                    for (int j = 0; j < 2; j++) {
                        double u = x[2 * r + j] - MIX_MEAN[c][j];
                        logw[c] += -0.5 * u * u / MIX_VAR[c][j] - 0.5 * Math.log(MIX_VAR[c][j]);
                    }
                }
                double mx = Math.max(logw[0], logw[1]), w0 = Math.exp(logw[0] - mx), w1 = Math.exp(logw[1] - mx), z = w0 + w1;
                for (int j = 0; j < 2; j++) {
                    out[2 * r + j] = -(w0 / z) * (x[2 * r + j] - MIX_MEAN[0][j]) / MIX_VAR[0][j]
                            - (w1 / z) * (x[2 * r + j] - MIX_MEAN[1][j]) / MIX_VAR[1][j];
                }
            }
        }
    };

    @Test
    void gaussianMixtureBeatsTheQuasiGaussianWhereExactnessIsImpossible() {
        int n = 8192, nt = 8192;
        double[] train = mixture(n, 3), test = mixture(nt, 4);
        PolynomialScore p = PolynomialScore.fit(train, n, 2);
        QuasiGaussianScore q = QuasiGaussianScore.fit(train, n, 2, 1e-10);
        double[] ep = squaredErrors(p, MIXTURE_SCORE, test, nt), eq = squaredErrors(q, MIXTURE_SCORE, test, nt);
        double[] diff = pairedDifference(eq, ep);
        System.out.printf("mixture: %s; MSE poly %.4g, quasi-Gaussian %.4g, difference %.4g ± %.2g%n", p.selection().orElseThrow().summary(),
                Arrays.stream(ep).average().orElseThrow(), Arrays.stream(eq).average().orElseThrow(), diff[0], diff[1]);
        assertTrue(p.degree() > 2, p.selection().orElseThrow().summary());
        assertTrue(diff[0] > 5 * diff[1], "MSE(quasi-Gaussian) − MSE(polynomial) = " + diff[0] + " ± " + diff[1]);
    }

    @Test
    void tenDimensionsCapTheDegreeAndSayWhy() {
        int n = 3000, d = 10;
        Random r = new Random(5);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (1 + i % d) * r.nextGaussian() + (i % 3 == 0 ? Math.abs(r.nextGaussian()) : 0);
        PolynomialScore s = PolynomialScore.fit(x, n, d);
        HyperparameterChoice c = s.selection().orElseThrow();
        assertEquals(2, c.grid().length, "degree 3 has 285 monomials in d = 10, degree 4 has 1000 > 500: " + c.summary());
        assertTrue(c.criterion().contains("degrees 4 to 6 left out: over 500 monomials"), c.criterion());
        assertEquals(PolynomialScore.featureCount(d, s.degree()), s.theta().length);
        assertEquals(285, PolynomialScore.featureCount(d, 3));
        // Deterministic, and the exact divergence is the trace of the Jacobian.
        double[] a = new double[n * d], b = new double[n * d];
        s.score(x, a, n);
        PolynomialScore.fit(x, n, d).score(x, b, n);
        assertArrayEquals(a, b, 0);
        PolynomialScore cubic = PolynomialScore.fit(x, n, d, PolynomialScore.Config.defaults().withDegree(3));
        double[] q = Arrays.copyOf(x, d), div = new double[1];
        cubic.divergence(q, div, 1);
        double[] jac = jacobianAt(cubic, q);
        double trace = 0;
        for (int j = 0; j < d; j++) trace += jac[j * d + j];
        assertEquals(trace, div[0], 1e-6 * (1 + Math.abs(trace)));
    }

    static double[] jacobianAt(ScoreModel s, double[] x) {
        return jacobian(s, x);
    }

    @Test
    void badSettingsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.Config.defaults().withDegree(7));
        assertTrue(e.getMessage().contains("degree = 7") && e.getMessage().contains("0 (automatic) or 2 … 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.Config.defaults().withRidge(-1));
        assertTrue(e.getMessage().contains("ridge = -1.0") && e.getMessage().contains(">= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PolynomialScore.Config(0, 1e-8, 1, 0.2));
        assertTrue(e.getMessage().contains("maxFeatures = 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PolynomialScore.Config(0, 1e-8, 500, 1));
        assertTrue(e.getMessage().contains("holdout = 1.0") && e.getMessage().contains("(0, 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.fit(new double[40 * 1000], 1000, 40));
        assertTrue(e.getMessage().contains("degree 2 in d = 40 has 860 monomials, above maxFeatures = 500"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.fit(gaussian(300, 2), 300, 2));
        assertTrue(e.getMessage().contains(">= 128 held-out rows") && e.getMessage().contains("give the degree"), e.getMessage());
        double[] x = gaussian(1000, 2);
        x[7] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.fit(x, 1000, 2));
        assertTrue(e.getMessage().contains("row 3, component 1 = NaN"), e.getMessage());
        double[] flat = gaussian(1000, 2);
        for (int i = 0; i < 1000; i++) flat[2 * i] = 4;
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.fit(flat, 1000, 2));
        assertTrue(e.getMessage().contains("component 0 is constant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.of(new double[2], new double[] {1, 1}, 3, new double[4], 0, null));
        assertTrue(e.getMessage().contains("theta has 4 values") && e.getMessage().contains("has 9 monomials"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolynomialScore.of(new double[2], new double[] {1, 0}, 2, new double[5], 0, null));
        assertTrue(e.getMessage().contains("std[1] = 0.0"), e.getMessage());
    }
}
