package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.testing.Stats;

/**
 * KDE score against exact answers. Tolerances are derived:
 * <ul>
 *   <li><b>Smoothing bias</b> is computed, not bounded: E p̂ = p * N(0, h²I), so ŝ estimates the
 *       score s_h of the smoothed density — for N(μ, C) exactly −(C + h²I)⁻¹(y − μ); for the double
 *       well by quadrature of p * N(0, h²) on a fine grid.</li>
 *   <li><b>Sampling error</b> by the delta method: ŝ − s_h = Σ_i K_i r_i / Σ_i K_i with
 *       K_i = exp(−|y − x_i|²/(2h²)) and r_i = (x_i − y)/h² − s_h, whose terms have mean 0, so
 *       SE_k = √(Σ_i K_i² r_ik²) / Σ_i K_i (plug-in); we allow k·SE with k the Bonferroni normal
 *       quantile for family-wise false-alarm rate 1e-4 over all checked components.</li>
 * </ul>
 * Against the exact (unsmoothed) score the bound is then |s_h − s| + k·SE.
 */
class KdeScoreTest {

    /** N(μ, C) samples from a Cholesky factor L (C = L Lᵀ), d = 2. */
    private static double[] gaussian(int n, double[] mu, double[] c, long seed) {
        double l00 = Math.sqrt(c[0]), l10 = c[2] / l00, l11 = Math.sqrt(c[3] - l10 * l10);
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double z0 = r.nextGaussian(), z1 = r.nextGaussian();
            x[2 * i] = mu[0] + l00 * z0;
            x[2 * i + 1] = mu[1] + l10 * z0 + l11 * z1;
        }
        return x;
    }

    /** Plug-in delta-method standard error of each score component at y, given the reference s_h. */
    private static double[] standardError(double[] x, int n, int d, double h, double[] y, double[] sh) {
        double sumK = 0;
        double[] sumK2r2 = new double[d];
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int k = 0; k < d; k++) q += (y[k] - x[i * d + k]) * (y[k] - x[i * d + k]);
            double kern = Math.exp(-q / (2 * h * h));
            sumK += kern;
            for (int k = 0; k < d; k++) {
                double rk = (x[i * d + k] - y[k]) / (h * h) - sh[k];
                sumK2r2[k] += kern * kern * rk * rk;
            }
        }
        double[] se = new double[d];
        for (int k = 0; k < d; k++) se[k] = Math.sqrt(sumK2r2[k]) / sumK;
        return se;
    }

    @Test
    void gaussianDataGiveTheSmoothedGaussianScore() {
        int n = 20_000;
        double[] mu = {1.0, -0.5}, c = {1.0, 0.6, 0.6, 2.0};
        double[] x = gaussian(n, mu, c, 5);
        try (KdeScore kde = KdeScore.fit(x, n, 2, new Bandwidth.Scott())) {
            double h = kde.bandwidth();
            double h2 = h * h;
            // (C + h²I)⁻¹ and C⁻¹ in closed form (2×2)
            double a = c[0] + h2, b = c[1], dd = c[3] + h2, det = a * dd - b * b, detC = c[0] * c[3] - c[1] * c[1];
            double[] pts = {-0.5, 0, 0.5};
            double kq = Stats.bonferroniK(1e-4, 2 * pts.length * pts.length);
            double worstBias = 0;
            for (double u : pts) {
                for (double v : pts) {
                    double[] y = {mu[0] + u, mu[1] + v * Math.sqrt(2)};
                    double e0 = y[0] - mu[0], e1 = y[1] - mu[1];
                    double[] sh = {-(dd * e0 - b * e1) / det, -(-b * e0 + a * e1) / det};
                    double[] exact = {-(c[3] * e0 - b * e1) / detC, -(-b * e0 + c[0] * e1) / detC};
                    double[] s = new double[2];
                    kde.score(y, s, 1);
                    double[] se = standardError(x, n, 2, h, y, sh);
                    for (int k = 0; k < 2; k++) {
                        double bias = Math.abs(sh[k] - exact[k]);
                        worstBias = Math.max(worstBias, bias);
                        assertEquals(sh[k], s[k], kq * se[k], "smoothed score, y = (" + y[0] + ", " + y[1] + "), k = " + k);
                        assertEquals(exact[k], s[k], bias + kq * se[k], "exact score, y = (" + y[0] + ", " + y[1] + "), k = " + k);
                    }
                }
            }
            // the smoothing bias is O(h²/λ_min(C)) relative: with Scott's h ≈ 0.22 here, a few percent
            assertTrue(worstBias < 0.1, "smoothing bias " + worstBias);
        }
    }

    @Test
    void doubleWellScoreMatchesTheExactScoreOnTheWells() {
        DoubleWell model = new DoubleWell(1, 0.7);
        double sig2 = 0.7 * 0.7;
        // exact density on a fine grid, CDF by the trapezoid rule, inverse-CDF sampling
        int g = 60_001;
        double lo = -3, step = 6.0 / (g - 1);
        double[] grid = new double[g], p = new double[g], cdf = new double[g];
        for (int i = 0; i < g; i++) {
            double t = lo + i * step;
            grid[i] = t;
            p[i] = Math.exp(2 * (t * t / 2 - t * t * t * t / 4) / sig2);
            if (i > 0) cdf[i] = cdf[i - 1] + 0.5 * (p[i] + p[i - 1]) * step;
        }
        int n = 20_000;
        double[] x = new double[n];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            double target = r.nextDouble() * cdf[g - 1];
            int lo2 = 0, hi2 = g - 1;
            while (hi2 - lo2 > 1) {
                int mid = (lo2 + hi2) >>> 1;
                if (cdf[mid] < target) lo2 = mid; else hi2 = mid;
            }
            double f = (target - cdf[lo2]) / (cdf[hi2] - cdf[lo2]);
            x[i] = grid[lo2] + f * step;
        }
        double[] ys = new double[13];
        for (int i = 0; i < ys.length; i++) ys[i] = -1.5 + 0.25 * i;
        double kq = Stats.bonferroniK(1e-4, ys.length);
        try (KdeScore kde = KdeScore.fit(x, n, 1, new Bandwidth.Scott())) {
            double h = kde.bandwidth();
            double[] s = new double[ys.length];
            kde.score(ys, s, ys.length);
            for (int q = 0; q < ys.length; q++) {
                double y = ys[q];
                // smoothed score s_h = (p * K_h)'/(p * K_h) by quadrature on the grid
                double num = 0, den = 0;
                for (int i = 0; i < g; i++) {
                    double k = p[i] * Math.exp(-(y - grid[i]) * (y - grid[i]) / (2 * h * h));
                    num += k * (grid[i] - y) / (h * h);
                    den += k;
                }
                double sh = num / den;
                double exact = model.exactScore(y);
                double se = standardError(x, n, 1, h, new double[] {y}, new double[] {sh})[0];
                assertEquals(sh, s[q], kq * se, "smoothed double-well score at y = " + y);
                assertEquals(exact, s[q], Math.abs(sh - exact) + kq * se, "double-well score at y = " + y);
            }
        }
    }

    @Test
    void farFromTheDataTheScoreIsFiniteAndPointsBack() {
        int n = 2000;
        double[] x = gaussian(n, new double[] {0, 0}, new double[] {1, 0, 0, 1}, 3);
        for (ScoreKernels tier : new ScoreKernels[] {ScoreKernels.REFERENCE, AutoTiers.open()}) {
            try (KdeScore kde = KdeScore.of(x, n, 2, 0.2, tier, 1)) {
                double[] y = {1e3, 0, -1e3, 1e3};
                double[] s = new double[4], div = new double[2], logp = new double[2];
                kde.scoreAndDivergence(y, s, div, 2);
                kde.logDensity(y, logp, 2);
                for (int q = 0; q < 2; q++) {
                    double s0 = s[2 * q], s1 = s[2 * q + 1];
                    assertTrue(Double.isFinite(s0) && Double.isFinite(s1) && Double.isFinite(div[q]), tier + " query " + q);
                    assertTrue(Double.isFinite(logp[q]) && logp[q] < -1e6, "log density " + logp[q]);
                    // towards the data (the origin): s ≈ (x_nearest − y)/h², |x_nearest| ≲ 4 ≪ |y|
                    double dot = -(s0 * y[2 * q] + s1 * y[2 * q + 1]);
                    double cos = dot / (Math.hypot(s0, s1) * Math.hypot(y[2 * q], y[2 * q + 1]));
                    assertTrue(cos > 0.999, "cos = " + cos);
                    double mag = Math.hypot(s0, s1) * 0.04;
                    double dist = Math.hypot(y[2 * q], y[2 * q + 1]);
                    assertEquals(dist, mag, 5, "|s|·h² vs distance to the data");
                }
            }
        }
    }

    @Test
    void divergenceMatchesFiniteDifferencesOfTheScore() {
        int n = 500, d = 3;
        SplittableRandom r = new SplittableRandom(4);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian() * (1 + i % d);
        double h = 0.5, eps = 1e-5;
        try (KdeScore kde = KdeScore.of(x, n, d, h, AutoTiers.open(), 1)) {
            for (int q = 0; q < 10; q++) {
                double[] y = {r.nextGaussian(), 2 * r.nextGaussian(), 3 * r.nextGaussian()};
                double[] div = new double[1];
                kde.divergence(y, div, 1);
                double fd = 0;
                for (int k = 0; k < d; k++) {
                    double[] yp = y.clone(), ym = y.clone(), sp = new double[d], sm = new double[d];
                    yp[k] += eps;
                    ym[k] -= eps;
                    kde.score(yp, sp, 1);
                    kde.score(ym, sm, 1);
                    fd += (sp[k] - sm[k]) / (2 * eps);
                }
                // central differences: truncation eps²/6·|∂³s| ~ 1e-10/h⁴, rounding ~1e-16·|s|/eps ~ 1e-10
                assertEquals(fd, div[0], 1e-6 * (d / (h * h)), "divergence at query " + q);
            }
        }
    }

    @Test
    void leaveOneOutEqualsTheKdeWithoutThatPoint() {
        int n = 300, d = 2;
        double[] x = gaussian(n, new double[] {0.3, 0.1}, new double[] {1, 0.2, 0.2, 0.5}, 8);
        double h = 0.3;
        try (KdeScore kde = KdeScore.of(x, n, d, h, AutoTiers.open(), 2)) {
            double[] s = new double[n * d], div = new double[n];
            kde.scoreAtData(0, n, s, div);
            for (int i : new int[] {0, 1, 127, 128, 299}) {
                double[] rest = new double[(n - 1) * d];
                System.arraycopy(x, 0, rest, 0, i * d);
                System.arraycopy(x, (i + 1) * d, rest, i * d, (n - 1 - i) * d);
                try (KdeScore without = KdeScore.of(rest, n - 1, d, h, ScoreKernels.REFERENCE, 1)) {
                    double[] y = {x[i * d], x[i * d + 1]}, e = new double[d], ed = new double[1];
                    without.scoreAndDivergence(y, e, ed, 1);
                    for (int k = 0; k < d; k++) assertEquals(e[k], s[i * d + k], 1e-10 * (1 + Math.abs(e[k])), "row " + i);
                    assertEquals(ed[0], div[i], 1e-9 * (1 + Math.abs(ed[0])), "divergence row " + i);
                }
            }
        }
    }

    @Test
    void badInputIsRejectedWithClearMessages() {
        double[] x = {0, 1, 2, 3, 4, 5};
        assertMessage(() -> KdeScore.of(x, 3, 2, 0, ScoreKernels.REFERENCE, 1), "h = 0.0");
        assertMessage(() -> KdeScore.of(x, 3, 2, -1, ScoreKernels.REFERENCE, 1), "must be finite and > 0");
        assertMessage(() -> KdeScore.of(x, 3, 2, Double.NaN, ScoreKernels.REFERENCE, 1), "h = NaN");
        assertMessage(() -> new Bandwidth.Fixed(0), "h = 0.0");
        double[] bad = x.clone();
        bad[3] = Double.NaN;
        assertMessage(() -> KdeScore.of(bad, 3, 2, 1, ScoreKernels.REFERENCE, 1), "row 1, column 1 is NaN");
        bad[3] = Double.POSITIVE_INFINITY;
        assertMessage(() -> KdeScore.fit(bad, 3, 2, new Bandwidth.Scott()), "row 1, column 1 is Infinity");
        assertMessage(() -> KdeScore.of(x, 4, 2, 1, ScoreKernels.REFERENCE, 1), "need n × d = 4 × 2 = 8");
        assertMessage(() -> KdeScore.of(x, 3, 0, 1, ScoreKernels.REFERENCE, 1), "dimension d = 0");
        assertMessage(() -> KdeScore.fit(new double[] {2, 2, 2}, 3, 1, new Bandwidth.Scott()), "zero spread");
        try (KdeScore kde = KdeScore.of(x, 3, 2, 1, ScoreKernels.REFERENCE, 1)) {
            assertMessage(() -> kde.score(new double[3], new double[4], 2), "query holds 3 values, need 2 × 2");
            assertMessage(() -> kde.score(new double[4], new double[3], 2), "out holds 3 values, need 2 × 2");
            assertMessage(() -> kde.scoreAtData(2, 2, new double[4], null), "data row 3 out of range");
        }
        try (KdeScore one = KdeScore.of(new double[] {1, 2}, 1, 2, 1, ScoreKernels.REFERENCE, 1)) {
            assertMessage(() -> one.scoreAtData(0, 1, new double[2], null), "needs n >= 2");
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
}
