package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.testing.Quantiles;

/**
 * The GFDT matrix on a 3-D linear Gaussian system with a non-symmetric drift, dx = −Ax dt + Σ^{1/2} dW,
 * A = (Σ/2 + W)C⁻¹ (W antisymmetric, so AC + CAᵀ = Σ and C is the stationary covariance), sampled
 * exactly at Δ: x' = Mx + ξ, M = e^{−AΔ}, Cov ξ = C − MCMᵀ. With the exact score s = −C⁻¹x the
 * response is R(τ) = e^{−Aτ} = M^τ for every entry. Criterion: |est − M^τ| ≤ k·SE at every entry and
 * lag, SE from B member blocks (Student-t, B − 1 dof), k the Bonferroni quantile at family-wise
 * α = 1e−3; a score off by a factor must fail it. Column j of the matrix equals {@link GfdtEstimator#column}
 * for the same score and run bit for bit (mean, block errors, Stein check).
 */
class GfdtMatrixTest {
    private static final int D = 3, LAGS = 6, BLOCKS = 16, MEMBERS = 64, SAVES = 800;
    private static final double DT = 0.25, ALPHA = 1e-3;
    static final double[] C = {1.0, 0.3, -0.2, 0.3, 0.8, 0.1, -0.2, 0.1, 1.2};
    static final double[] W = {0, 0.7, -0.3, -0.7, 0, 0.5, 0.3, -0.5, 0};
    static final double[] SIGMA = {1.0, 0.2, 0, 0.2, 0.6, 0, 0, 0, 0.8};

    @Test
    void matrixMatchesTheExactResponseAndEqualsTheColumnEstimator() {
        double[] cInv = inverse(C);
        double[] a = mul(add(scale(SIGMA, 0.5), W), cInv);
        double[] m = expm(scale(a, -DT));
        ScoreModel exact = score(cInv, 1.0);
        ScoreModel shrunk = score(cInv, 0.8);
        var opts = new GfdtEstimator.Options(LAGS, BLOCKS, false, 0, 1);
        var matrix = new GfdtMatrixEstimator("exact", exact, DT, opts);
        var wrong = new GfdtMatrixEstimator("shrunk", shrunk, DT, opts);
        var partial = new GfdtMatrixEstimator("cols-2-0", exact, new int[] {2, 0}, DT, opts, ResponseKernels.REFERENCE, 0);
        List<GfdtEstimator> columns = List.of(GfdtEstimator.column("c0", exact, 0, DT, opts),
                GfdtEstimator.column("c1", exact, 1, DT, opts), GfdtEstimator.column("c2", exact, 2, DT, opts));
        run(m, (save, x) -> {
            matrix.observe(save, save * DT, x, MEMBERS);
            wrong.observe(save, save * DT, x, MEMBERS);
            partial.observe(save, save * DT, x, MEMBERS);
            for (GfdtEstimator c : columns) c.observe(save, save * DT, x, MEMBERS);
        });
        ResponseMatrix r = matrix.estimate();
        assertEquals(D, r.width());
        assertEquals((long) MEMBERS * SAVES, r.pairs());
        assertEquals(5 * DT, r.times()[5]);
        double k = Quantiles.bonferroniStudent(ALPHA, LAGS * D * D, BLOCKS - 1);
        double[] exactR = powers(m);
        assertTrue(maxZ(r, exactR) <= k, "exact score: max |z| = " + maxZ(r, exactR) + " > k = " + k);
        assertFalse(maxZ(wrong.estimate(), exactR) <= k, "the criterion cannot tell s from 0.8 s");
        // Lag 0 of the exact response is the identity; the Stein check of column j is its diagonal.
        for (int j = 0; j < D; j++) {
            var stein = r.stein().get(j);
            assertEquals(1.0, stein.diagonal(), Quantiles.bonferroniStudent(ALPHA, D, BLOCKS - 1) * stein.diagonalStderr());
        }
        // Column j of the matrix is the single-column estimator's, bit for bit.
        for (int j = 0; j < D; j++) {
            ResponseEstimate want = columns.get(j).estimate(), got = r.column(j);
            assertArrayEquals(want.mean(), got.mean(), 0.0, "column " + j + " mean");
            assertArrayEquals(want.stderr(), got.stderr(), 0.0, "column " + j + " stderr");
            var ws = want.stein().orElseThrow();
            var gs = got.stein().orElseThrow();
            assertEquals(ws.diagonal(), gs.diagonal(), 0.0);
            assertEquals(ws.diagonalStderr(), gs.diagonalStderr(), 0.0);
            assertArrayEquals(ws.column(), gs.column(), 0.0);
            assertEquals(ws.conjugateMean(), gs.conjugateMean(), 0.0);
            assertEquals(ws.conjugateMeanStderr(), gs.conjugateMeanStderr(), 0.0);
        }
        // A chosen subset of columns in any order: the same entries.
        ResponseMatrix p = partial.estimate();
        for (int j : new int[] {2, 0}) assertArrayEquals(r.column(j).mean(), p.column(j).mean(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> p.column(1));
        // The flattened view holds every entry in [lag][i][k] order.
        assertEquals(r.at(3, 1, 2), r.flattened().at(3, 1 * D + 2));
    }

    @Test
    void badInputIsRejectedWithItsValue() {
        ScoreModel s = score(inverse(C), 1);
        var opts = new GfdtEstimator.Options(LAGS, BLOCKS, false, 0, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new GfdtMatrixEstimator("x", s, new int[] {0, 3}, DT, opts, ResponseKernels.REFERENCE, 0));
        assertTrue(e.getMessage().contains("column 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new GfdtMatrixEstimator("x", s, new int[] {1, 1}, DT, opts, ResponseKernels.REFERENCE, 0));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GfdtMatrixEstimator("x", s, new int[0], DT, opts,
                ResponseKernels.REFERENCE, 0));
        assertThrows(IllegalArgumentException.class, () -> new GfdtMatrixEstimator("x", s, DT,
                new GfdtEstimator.Options(LAGS, BLOCKS, true, 0, 1)));
        var few = new GfdtMatrixEstimator("few", s, DT, opts);
        few.observe(0, 0, new double[MEMBERS * D], MEMBERS);
        var st = assertThrows(IllegalStateException.class, few::estimate);
        assertTrue(st.getMessage().contains("lag " + (LAGS - 1)), st.getMessage());
        var acc = new LaggedMatrixAccumulator(D, (x, out, n) -> { }, LAGS, BLOCKS);
        acc.observe(0, 0, new double[MEMBERS * D], MEMBERS);
        assertThrows(IllegalStateException.class, () -> acc.observe(1, 1, new double[MEMBERS * D], MEMBERS - 1));
    }

    interface Save {
        void at(long save, double[] x);
    }

    /** MEMBERS stationary members for SAVES saves of the exact AR(1), seeded; {@code save} sees each. */
    static void run(double[] m, Save save) {
        double[] q = sub(C, mul(mul(m, C), transpose(m)));
        double[] lq = cholesky(q), lc = cholesky(C);
        SplittableRandom rng = new SplittableRandom(2024);
        double[] x = new double[MEMBERS * D], z = new double[D], next = new double[MEMBERS * D];
        for (int r = 0; r < MEMBERS; r++) draw(lc, rng, z, x, r * D, null, 0);
        for (int t = 0; t < SAVES; t++) {
            save.at(t, x);
            for (int r = 0; r < MEMBERS; r++) draw(lq, rng, z, next, r * D, mul(m, java.util.Arrays.copyOfRange(x, r * D, r * D + D)), 0);
            System.arraycopy(next, 0, x, 0, x.length);
        }
    }

    private static void draw(double[] l, SplittableRandom rng, double[] z, double[] out, int off, double[] mean, int unused) {
        for (int i = 0; i < D; i++) z[i] = rng.nextGaussian();
        for (int i = 0; i < D; i++) {
            double v = mean == null ? 0 : mean[i];
            for (int j = 0; j <= i; j++) v += l[i * D + j] * z[j];
            out[off + i] = v;
        }
    }

    /** s(x) = −f·C⁻¹x. */
    static ScoreModel score(double[] cInv, double f) {
        return new ScoreModel() {
            @Override public int dimension() { return D; }
            @Override public void score(double[] x, double[] out, int n) {
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < D; i++) {
                        double v = 0;
                        for (int j = 0; j < D; j++) v += cInv[i * D + j] * x[r * D + j];
                        out[r * D + i] = -f * v;
                    }
                }
            }
        };
    }

    /** M^τ for τ < LAGS in the matrix layout [lag][i][k]. */
    static double[] powers(double[] m) {
        double[] out = new double[LAGS * D * D], p = identity();
        for (int t = 0; t < LAGS; t++) {
            System.arraycopy(p, 0, out, t * D * D, D * D);
            p = mul(p, m);
        }
        return out;
    }

    static double maxZ(ResponseMatrix r, double[] exact) {
        double[] mean = r.mean(), se = r.stderr();
        double max = 0;
        for (int i = 0; i < exact.length; i++) max = Math.max(max, Math.abs(mean[i] - exact[i]) / se[i]);
        return max;
    }

    // --- 3×3 linear algebra (row-major)
    static double[] identity() {
        double[] a = new double[D * D];
        for (int i = 0; i < D; i++) a[i * D + i] = 1;
        return a;
    }

    static double[] mul(double[] a, double[] b) {
        int n = b.length == D ? 1 : D;
        double[] c = new double[D * n];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < D; k++) v += a[i * D + k] * b[k * n + j];
                c[i * n + j] = v;
            }
        }
        return c;
    }

    static double[] add(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) c[i] += b[i];
        return c;
    }

    static double[] sub(double[] a, double[] b) {
        return add(a, scale(b, -1));
    }

    static double[] scale(double[] a, double f) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) c[i] *= f;
        return c;
    }

    static double[] transpose(double[] a) {
        double[] c = new double[D * D];
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) c[j * D + i] = a[i * D + j];
        return c;
    }

    /** e^a by scaling and squaring a 20-term Taylor series. */
    static double[] expm(double[] a) {
        double[] s = scale(a, 1.0 / 1024), sum = identity(), term = identity();
        for (int n = 1; n <= 20; n++) {
            term = scale(mul(term, s), 1.0 / n);
            sum = add(sum, term);
        }
        for (int i = 0; i < 10; i++) sum = mul(sum, sum);
        return sum;
    }

    static double[] inverse(double[] a) {
        double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
        double[] c = new double[D * D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                int i1 = (j + 1) % D, i2 = (j + 2) % D, j1 = (i + 1) % D, j2 = (i + 2) % D;
                c[i * D + j] = (a[i1 * D + j1] * a[i2 * D + j2] - a[i1 * D + j2] * a[i2 * D + j1]) / det;
            }
        }
        return c;
    }

    static double[] cholesky(double[] a) {
        double[] l = new double[D * D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j <= i; j++) {
                double v = a[i * D + j];
                for (int k = 0; k < j; k++) v -= l[i * D + k] * l[j * D + k];
                l[i * D + j] = i == j ? Math.sqrt(v) : v / l[j * D + j];
            }
        }
        return l;
    }
}
