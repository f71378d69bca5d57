package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.DoubleWellDensity;
import org.scorefdt.testing.Quantiles;
import org.scorefdt.testing.Stats;

class KgmmScoreTest {
    // Gaussian data N(μ, C), d = 2.
    private static final double[] MU = {1.0, -1.0};
    private static final double[] C = {1.0, 0.5, 0.5, 2.0};
    private static final double[] L = {1.0, 0, 0.5, Math.sqrt(2.0 - 0.25)}; // C = L Lᵀ

    static double[] gaussianData(int n, long seed) {
        double[] x = new double[n * 2], z = new double[2];
        Philox.Scratch s = new Philox.Scratch();
        for (int r = 0; r < n; r++) {
            Philox.normals(seed, Streams.INITIAL, r, 0, z, 0, 2, s);
            x[r * 2] = MU[0] + L[0] * z[0];
            x[r * 2 + 1] = MU[1] + L[2] * z[0] + L[3] * z[1];
        }
        return x;
    }

    /** P = (C + σ²I)⁻¹ for the 2×2 C. */
    static double[] smoothedPrecision(double sigma) {
        double a = C[0] + sigma * sigma, b = C[1], d = C[3] + sigma * sigma, det = a * d - b * b;
        return new double[] {d / det, -b / det, -b / det, a / det};
    }

    static double[] mul(double[] a, double[] b) {
        return new double[] {a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3]};
    }

    /**
     * Gaussian data: s_σ(y) = −P(y − μ), P = (C + σ²I)⁻¹, is linear, so the cluster average of −z/σ²
     * equals s_σ at the cluster's mean position exactly in expectation and ŝ_q − s_σ(ȳ_q) is the
     * mean of the residual r = −z/σ² − s_σ(y) (E[r | y] = 0). Its variance: Cov(r) = I/σ² − P per
     * sample over N_q samples, plus the finite-data term Cov(E[r | x]) = P C P over the n_q ≈ N_q /
     * passes distinct data points behind them. Tolerance per entry: k·√(Σ_r,jj/N_q + (PCP)_jj/n_q),
     * k the Bonferroni normal quantile at α = 10⁻³ over all clusters × components.
     */
    @Test
    void gaussianScoreAtCentroidsWithinDerivedTolerance() {
        int n = 20_000, k = 16;
        double sigma = 0.5;
        KgmmScore m = KgmmScore.fit(gaussianData(n, 1), n, 2, KgmmScore.Config.of(k, sigma, 9));
        assertTrue(m.converged(), "passes " + m.passes() + ", rel. error " + m.finalRelativeError());
        double[] p = smoothedPrecision(sigma), v = mul(mul(p, C), p);
        double[] c = m.centroids(), s = m.clusterScores(), w = m.clusterCounts();
        double kq = Quantiles.bonferroniNormal(1e-3, m.clusters() * 2);
        double worst = 0;
        for (int q = 0; q < m.clusters(); q++) {
            double nq = w[q], distinct = nq / m.passes();
            for (int j = 0; j < 2; j++) {
                double exact = -(p[j * 2] * (c[q * 2] - MU[0]) + p[j * 2 + 1] * (c[q * 2 + 1] - MU[1]));
                double sr = 1 / (sigma * sigma) - p[j * 3];
                double tol = kq * Math.sqrt(sr / nq + v[j * 3] / distinct);
                worst = Math.max(worst, Math.abs(s[q * 2 + j] - exact) / tol);
            }
        }
        assertTrue(worst < 1, "worst |ŝ − s_σ|/tolerance = " + worst);
        // Divergence: tr of −P is exact for Gaussian data up to the cell-spread bias (positive).
        double exactDiv = -(p[0] + p[3]);
        for (double dv : m.clusterDivergences()) assertTrue(dv > exactDiv - 0.5 && dv < exactDiv + 1.0, "divergence " + dv + " vs " + exactDiv);
    }

    /** max |s_σ| on [−1.3, 1.3] for σ = 0.2 (at ±1.3), from the quadrature below. */
    static final double MAX_SMOOTHED_SCORE = 2.52;

    /** Smoothed double-well score s_σ(y) = ∫ p(x) φ_σ(y − x)(x − y)/σ² dx / ∫ p(x) φ_σ(y − x) dx by quadrature. */
    static double smoothedDoubleWellScore(double y, double sigma) {
        double h = 1e-3, num = 0, den = 0;
        for (double x = -3; x <= 3; x += h) {
            double w = Math.exp(DoubleWellDensity.logDensity(x) - (y - x) * (y - x) / (2 * sigma * sigma));
            num += w * (x - y) / (sigma * sigma);
            den += w;
        }
        return num / den;
    }

    static double[] doubleWellData(int n, long seed) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = DoubleWellDensity.quantile(Stats.phi(Philox.normal(seed, Streams.INITIAL, i, 0, 0)));
        return x;
    }

    /**
     * Double well (σ_p = 0.7), n = 40 000 exact samples, k = 32, σ = 0.2, kernel bandwidth h = 0.06,
     * compared pointwise on [−1.3, 1.3] (step 0.05) with s_σ by quadrature. Stated bound per point,
     * from three error sources:
     * <ul>
     *   <li>finite data: the delta-method SD of the smoothed-empirical score,
     *       SD_data(y)² = ∫ p φ_σ(y − x)² ((x − y)/σ² − s_σ(y))² dx / (n p_σ(y)²) (quadrature);</li>
     *   <li>noise averaging: the kernel average is a convex combination of cluster estimates with
     *       independent noise, so its SE ≤ the largest {@link KgmmScore#clusterStandardErrors} of the
     *       clusters within ±3h (farther ones carry weight &lt; e^{−4.5});</li>
     *   <li>kernel smoothing: ½h² max|s_σ''| within ±2h, doubled to cover the design-density term
     *       of Nadaraya–Watson (non-uniform centroid spacing).</li>
     * </ul>
     * bound(y) = k·√(SD_data² + SE²) + h² max|s_σ''|, k the Bonferroni normal quantile at α = 10⁻³
     * over the 53 points. The bound comes out at 0.2–0.3, ≤ 12% of max|s_σ| = 2.52 on the interval
     * (checked &lt; 15%); the quasi-Gaussian score of the same data must violate it (power).
     */
    @Test
    void doubleWellPointwiseAgainstTheSmoothedExactScore() {
        int n = 40_000, k = 32, points = 53;
        double sigma = 0.2, h = 0.06;
        double[] data = doubleWellData(n, 3);
        KgmmScore m = KgmmScore.fit(data, n, 1, KgmmScore.Config.of(k, sigma, 4).withInterpolator(KernelScoreInterpolator.withBandwidth(h)));
        assertTrue(m.converged(), "passes " + m.passes());
        double[] cent = m.centroids(), ses = m.clusterStandardErrors();
        QuasiGaussianScore qg = QuasiGaussianScore.fit(data, n, 1, 0);
        double kq = Quantiles.bonferroniNormal(1e-3, points);
        double worst = 0, qgWorst = 0;
        double[] pt = new double[1], out = new double[1], outQg = new double[1];
        for (int i = 0; i < points; i++) {
            double y = -1.3 + 0.05 * i;
            pt[0] = y;
            m.score(pt, out, 1);
            qg.score(pt, outQg, 1);
            double exact = smoothedDoubleWellScore(y, sigma);
            double se = 0;
            for (int q = 0; q < m.clusters(); q++) if (Math.abs(cent[q] - y) <= 3 * h) se = Math.max(se, ses[q]);
            double curv = 0;
            for (double u = y - 2 * h; u <= y + 2 * h + 1e-12; u += h / 2) curv = Math.max(curv, Math.abs(secondDerivative(u, sigma)));
            double sd = dataSd(y, sigma, n);
            double bound = kq * Math.sqrt(sd * sd + se * se) + h * h * curv;
            assertTrue(bound < 0.15 * MAX_SMOOTHED_SCORE, "bound " + bound + " at " + y + " is not informative");
            worst = Math.max(worst, Math.abs(out[0] - exact) / bound);
            qgWorst = Math.max(qgWorst, Math.abs(outQg[0] - exact) / bound);
        }
        assertTrue(worst < 1, "worst |ŝ − s_σ|/bound = " + worst);
        assertTrue(qgWorst > 1, "the quasi-Gaussian score also meets the bound: " + qgWorst);
    }

    private static double secondDerivative(double y, double sigma) {
        double e = 1e-3;
        return (smoothedDoubleWellScore(y + e, sigma) - 2 * smoothedDoubleWellScore(y, sigma) + smoothedDoubleWellScore(y - e, sigma)) / (e * e);
    }

    /** Delta-method SD of the smoothed-empirical score at y from n iid data points. */
    private static double dataSd(double y, double sigma, int n) {
        double s = smoothedDoubleWellScore(y, sigma), dx = 1e-3, z = 0, num = 0, den = 0;
        for (double x = -3; x <= 3; x += dx) z += Math.exp(DoubleWellDensity.logDensity(x)) * dx;
        for (double x = -3; x <= 3; x += dx) {
            double p = Math.exp(DoubleWellDensity.logDensity(x)) / z;
            double phi = Math.exp(-(y - x) * (y - x) / (2 * sigma * sigma)) / (Math.sqrt(2 * Math.PI) * sigma);
            double r = (x - y) / (sigma * sigma) - s;
            num += p * phi * phi * r * r * dx;
            den += p * phi * dx;
        }
        return Math.sqrt(num / (n * den * den));
    }

    /** Easy data (4 clusters, 5000 points) meets tolerance 0.05 in a few passes; tolerance 1e−9 runs to the cap. */
    @Test
    void convergenceCriterionStopsEarlyOnEasyData() {
        int n = 5000;
        double[] data = gaussianData(n, 2);
        KgmmScore easy = KgmmScore.fit(data, n, 2, KgmmScore.Config.of(4, 0.5, 1).withTolerance(0.05, 2, 200));
        assertTrue(easy.converged());
        assertTrue(easy.passes() < 20, "passes = " + easy.passes());
        assertTrue(easy.finalRelativeError() < 0.05);
        KgmmScore capped = KgmmScore.fit(data, n, 2, KgmmScore.Config.of(4, 0.5, 1).withTolerance(1e-9, 2, 6));
        assertFalse(capped.converged());
        assertEquals(6, capped.passes());
        assertTrue(capped.finalRelativeError() > 1e-9);
    }

    @Test
    void fitIsDeterministicAndScoresAreBatched() {
        int n = 2000;
        double[] data = gaussianData(n, 5);
        KgmmScore a = KgmmScore.fit(data, n, 2, KgmmScore.Config.of(8, 0.4, 3));
        KgmmScore b = KgmmScore.fit(data, n, 2, KgmmScore.Config.of(8, 0.4, 3));
        assertArrayEquals(a.clusterScores(), b.clusterScores(), 0.0);
        double[] x = {0.5, -1, 1.5, 0, 2, -2}, all = new double[6], one = new double[2];
        a.score(x, all, 3);
        for (int m = 0; m < 3; m++) {
            a.score(java.util.Arrays.copyOfRange(x, 2 * m, 2 * m + 2), one, 1);
            assertArrayEquals(java.util.Arrays.copyOfRange(all, 2 * m, 2 * m + 2), one, 0.0);
        }
        double[] div = new double[3];
        a.divergence(x, div, 3);
        for (double v : div) assertTrue(Double.isFinite(v));
    }

    @Test
    void kernelInterpolatorIsSafeFarAwayAndExactForConstants() {
        double[] pts = {0, 1, 2}, vals = {5, 5, 5}, w = {1, 2, 3};
        ScoreInterpolator.Interpolant f = KernelScoreInterpolator.withBandwidth(0.1).fit(pts, vals, w, 3, 1, 1);
        double[] out = new double[2];
        f.evaluate(new double[] {0.7, 1e6}, out, 2); // 1e6: every kernel underflows without log-sum-exp
        assertArrayEquals(new double[] {5, 5}, out, 1e-12);
        ScoreInterpolator.Interpolant g = KernelScoreInterpolator.withNearestNeighbourRule(1).fit(pts, new double[] {0, 1, 2}, w, 3, 1, 1);
        g.evaluate(new double[] {-1e6, 1e6}, out, 2);
        assertArrayEquals(new double[] {0, 2}, out, 1e-12); // flat beyond the anchors: nearest value
        assertEquals(1.0, KernelScoreInterpolator.bandwidthOf(g), 0.0);
    }

    @Test
    void kMeansSeparatesObviousClustersDeterministically() {
        double[] data = new double[300];
        for (int i = 0; i < 300; i++) data[i] = (i % 3) * 10 + 0.01 * Philox.normal(1, Streams.INITIAL, i, 0, 0);
        KMeans.Result r = KMeans.fit(data, 300, 1, 3, 8, 50);
        assertTrue(r.converged());
        double[] c = r.centroids().clone();
        java.util.Arrays.sort(c);
        assertArrayEquals(new double[] {0, 10, 20}, c, 0.01);
        assertArrayEquals(r.centroids(), KMeans.fit(data, 300, 1, 3, 8, 50).centroids(), 0.0);
    }

    @Test
    void badInputIsAClearError() {
        double[] data = gaussianData(100, 1);
        IllegalArgumentException e;
        // 0 means "choose on held-out data" (KgmmSelection); 100 points are too few to hold 128 out.
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.fit(data, 100, 2, KgmmScore.Config.of(4, 0, 1)));
        assertTrue(e.getMessage().contains(">= 128 held-out points"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(4, -1, 1));
        assertTrue(e.getMessage().contains("sigma = -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(4, Double.NaN, 1));
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(-2, 0.5, 1));
        assertTrue(e.getMessage().contains("clusters = -2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.fit(data, 100, 2, KgmmScore.Config.of(101, 0.5, 1)));
        assertTrue(e.getMessage().contains("n = 100"), e.getMessage());
        double[] bad = data.clone();
        bad[2 * 17 + 1] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.fit(bad, 100, 2, KgmmScore.Config.of(4, 0.5, 1)));
        assertTrue(e.getMessage().contains("row 17, component 1 = NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(4, 0.5, 1).withTolerance(0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(4, 0.5, 1).withTolerance(0.1, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> KernelScoreInterpolator.withBandwidth(0));
        assertThrows(IllegalArgumentException.class, () -> KernelScoreInterpolator.withNearestNeighbourRule(-1));
    }
}
