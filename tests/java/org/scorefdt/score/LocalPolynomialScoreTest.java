package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The score-matching polynomial score on a ring: exact identities (degree 1 = Gaussian score of the
 * cyclically symmetrised covariance; exact shift equivariance; the fitted Stein identity) and
 * recovery of a known non-Gaussian score within its sampling error.
 */
class LocalPolynomialScoreTest {

    /** Rows x_i = e_i + 0.6 e_{i+1} − 0.3 e_{i+3} + 1.5 on a ring of d, e i.i.d. N(0, 1): correlated, shift-invariant law. */
    static double[] ringData(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * d], e = new double[d];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) e[i] = gaussian(rng);
            for (int i = 0; i < d; i++) x[s * d + i] = e[i] + 0.6 * e[(i + 1) % d] - 0.3 * e[(i + 3) % d] + 1.5;
        }
        return x;
    }

    static double gaussian(SplittableRandom rng) {
        double u = rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }

    @Test
    void degreeOneIsTheGaussianScoreOfTheSymmetrisedCovariance() {
        for (int d : new int[] {6, 7}) {
            int n = 3000;
            double[] x = ringData(n, d, 11 + d);
            LocalPolynomialScore fit = LocalPolynomialScore.fit(x, n, d, 0, 1, 0);
            // Pooled mean; covariance averaged over the diagonals of the ring, 1/n.
            double mu = 0;
            for (double v : x) mu += v;
            mu /= (double) n * d;
            double[] byOffset = new double[d];
            for (int s = 0; s < n; s++) {
                for (int i = 0; i < d; i++) {
                    for (int k = 0; k < d; k++) byOffset[k] += (x[s * d + i] - mu) * (x[s * d + (i + k) % d] - mu);
                }
            }
            double[] mean = new double[d], cov = new double[d * d];
            java.util.Arrays.fill(mean, mu);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) cov[i * d + j] = byOffset[Math.floorMod(j - i, d)] / ((double) n * d);
            }
            // Symmetrise C(k) and C(−k) (the score-matching solution sees the symmetric part only).
            double[] sym = new double[d * d];
            for (int i = 0; i < d * d; i++) sym[i] = 0.5 * (cov[i] + cov[(i % d) * d + i / d]);
            QuasiGaussianScore gauss = QuasiGaussianScore.of(mean, sym, 0);
            double[] probe = ringData(20, d, 99), s1 = new double[20 * d], s2 = new double[20 * d];
            fit.score(probe, s1, 20);
            gauss.score(probe, s2, 20);
            for (int i = 0; i < s1.length; i++) assertEquals(s2[i], s1[i], 1e-9 * (1 + Math.abs(s2[i])), "d " + d + " entry " + i);
        }
    }

    @Test
    void commutesWithCyclicShiftsBitForBit() {
        int d = 9, n = 2000;
        LocalPolynomialScore fit = LocalPolynomialScore.fit(ringData(n, d, 3), n, d, 2, 3, 1e-10);
        double[] x = ringData(1, d, 5), shifted = new double[d], s = new double[d], ss = new double[d];
        for (int i = 0; i < d; i++) shifted[i] = x[(i + 4) % d];
        fit.score(x, s, 1);
        fit.score(shifted, ss, 1);
        for (int i = 0; i < d; i++) assertEquals(s[(i + 4) % d], ss[i], 0.0, "component " + i);
    }

    @Test
    void fittedScoreSatisfiesTheSteinIdentityOnItsData() {
        // The normal equations of the linear features: mean over data of (x_{i+m} − μ) s_i = −δ_{m0}.
        int d = 8, n = 3000;
        double[] x = ringData(n, d, 21);
        LocalPolynomialScore fit = LocalPolynomialScore.fit(x, n, d, 1, 3, 0);
        double[] s = new double[n * d];
        fit.score(x, s, n);
        for (int m = 0; m < d; m++) {
            double acc = 0;
            for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) acc += (x[r * d + (i + m) % d] - fit.mu()) * s[r * d + i];
            assertEquals(m == 0 ? -1.0 : 0.0, acc / ((double) n * d), 1e-9, "offset " + m);
        }
    }

    /**
     * Independent components with density ∝ exp(−x⁴/4) (exact score −x³, drawn by rejection from
     * N(0, 1)): a degree-3 fit recovers the score. Tolerance from R = 10 independent fits: the mean of
     * the fits at each probe point lies within t·sd/√R of the exact value, t = 5.0 (Student-t, 9
     * degrees of freedom, two-sided 0.05 % per point, Bonferroni over the 4 points) — plus the
     * ridge's bias, which is below 1e-6 here.
     */
    @Test
    void recoversAKnownNonGaussianScore() {
        int d = 5, n = 4000, reps = 10;
        double[] probes = {-1.2, -0.4, 0.5, 1.1};
        double[][] got = new double[probes.length][reps];
        for (int rep = 0; rep < reps; rep++) {
            SplittableRandom rng = new SplittableRandom(1000 + rep);
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; ) {
                double g = gaussian(rng);
                if (rng.nextDouble() < Math.exp(-g * g * g * g / 4 + g * g / 2 - 0.25)) x[i++] = g;
            }
            LocalPolynomialScore fit = LocalPolynomialScore.fit(x, n, d, 0, 3, 1e-12);
            for (int p = 0; p < probes.length; p++) {
                double[] state = new double[d], s = new double[d];
                java.util.Arrays.fill(state, 0.3);
                state[2] = probes[p];
                fit.score(state, s, 1);
                got[p][rep] = s[2];
            }
        }
        for (int p = 0; p < probes.length; p++) {
            double mean = 0, var = 0;
            for (double v : got[p]) mean += v / reps;
            for (double v : got[p]) var += (v - mean) * (v - mean) / (reps - 1);
            double exact = -probes[p] * probes[p] * probes[p], tol = 5.0 * Math.sqrt(var / reps);
            assertTrue(Math.abs(mean - exact) <= tol, "x = " + probes[p] + ": fitted " + mean + " vs exact " + exact + " ± " + tol);
            assertTrue(tol < 0.1, "the fit should be sharp: tolerance " + tol);
        }
    }

    /**
     * The device conjugate's recipe (conj_local_poly_element: z recomputed per use, θ₀·1, the linear
     * offsets from {@link LocalPolynomialScore#firstLinearOffset}, the monomials of
     * {@link LocalPolynomialScore#nonlinearMonomials} multiplied in their listed order, s·(1/σ))
     * written out in Java reproduces {@link LocalPolynomialScore#score} bit for bit — so the table the
     * GPU gets describes the host's roundings. Also the table's shape: C(2r+1+p, p) − 2r − 2 rows,
     * degrees 2 … p, nondecreasing window positions.
     */
    @Test
    void nonlinearMonomialsRepeatTheScoresRoundings() {
        int[][] shapes = {{8, 1, 3}, {7, 3, 2}, {40, 2, 3}, {6, 0, 4}, {9, 2, 1}};
        for (int[] sh : shapes) {
            int d = sh[0], r = sh[1], p = sh[2], n = 200;
            LocalPolynomialScore lp = LocalPolynomialScore.fit(ringData(n, d, 3), n, d, r, p, 1e-6);
            int[][] mono = lp.nonlinearMonomials();
            double[] theta = lp.theta();
            assertEquals(theta.length, 1 + d + mono.length);
            for (int[] v : mono) {
                assertTrue(v.length >= 2 && v.length <= p, "degree " + v.length);
                for (int g = 0; g < v.length; g++) assertTrue(v[g] >= 0 && v[g] <= 2 * r && (g == 0 || v[g] >= v[g - 1]));
            }
            double[] x = ringData(5, d, 11), want = new double[x.length];
            lp.score(x, want, 5);
            double mu = lp.mu(), inv = 1 / lp.sigma();
            int lo = lp.firstLinearOffset();
            for (int m = 0; m < 5; m++) {
                for (int i = 0; i < d; i++) {
                    double s = 0;
                    s += theta[0] * 1.0;
                    for (int k = 0; k < d; k++) s += theta[1 + k] * ((x[m * d + Math.floorMod(i + lo + k, d)] - mu) * inv);
                    for (int q = 0; q < mono.length; q++) {
                        double prod = (x[m * d + Math.floorMod(i + mono[q][0] - r, d)] - mu) * inv;
                        for (int g = 1; g < mono[q].length; g++) prod = prod * ((x[m * d + Math.floorMod(i + mono[q][g] - r, d)] - mu) * inv);
                        s += theta[1 + d + q] * prod;
                    }
                    assertEquals(Double.doubleToRawLongBits(want[m * d + i]), Double.doubleToRawLongBits(s * inv),
                            "d " + d + " r " + r + " p " + p + " member " + m + " component " + i);
                }
            }
        }
    }

    @Test
    void badInputIsNamed() {
        double[] x = ringData(50, 6, 1);
        assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.fit(x, 50, 6, 3, 2, 0)); // window 7 > d
        assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.fit(x, 50, 6, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.fit(x, 50, 6, 1, 2, -1));
        double[] nan = x.clone();
        nan[13] = Double.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.fit(nan, 50, 6, 1, 2, 0));
        assertTrue(e.getMessage().contains("sample 2, component 1"), e.getMessage());
        double[] constant = new double[60];
        assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.fit(constant, 10, 6, 1, 2, 0));
        assertEquals(1 + 40 + (56 - 6), LocalPolynomialScore.featureCount(40, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> LocalPolynomialScore.of(6, 1, 2, 0, 1, new double[3]));
    }
}
