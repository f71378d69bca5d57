package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.model.Grid;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.testing.OuFixture;
import org.scorefdt.testing.Quantiles;

/**
 * The centred GFDT on OU processes with a non-zero mean μ, dx = −A(x − μ)dt + σ dW, whose response
 * to a constant impulse is exp(−Aτ) whatever μ. The score is the exact one with its mean off by δ,
 * s̃(x) = s(x) − δ (a Gaussian fit whose centre is misplaced), so ⟨s̃⟩ = −δ ≠ 0. The raw product mean
 * ⟨x(t+τ)·(−s̃)⟩ is then biased by μδ at every lag and component; the centred covariance removes the
 * constant exactly and is unbiased. Criterion as in {@link GfdtExactScoreTest}: |est − exact| ≤ k·SE
 * at every checked point, SE from B independent member blocks (so σ/√n estimated), k the Bonferroni
 * Student-t quantile with B − 1 dof at family-wise α = 1e−3. The raw estimate, judged by its own
 * block SE, must fail it: its bias μδ = 0.46 is more than twenty standard errors.
 */
class CentredGfdtTest {
    private static final double ALPHA = 1e-3, MU = 2.3, DELTA = 0.2;
    private static final int LAGS = 8, BLOCKS = 16;

    /**
     * d independent unit-variance OU components sampled exactly at Δ = 1: x' = μ + a(x − μ) + √(1 − a²)ξ
     * with a = e^{−1/2}, so R_ij(τ) = a^τ δ_ij and s(x) = −(x − μ). The ring is cyclically symmetric, so
     * the cyclic option estimates the same column.
     */
    @Test
    void lowDimensionalColumnsAreUnbiasedOnlyWhenCentred() {
        int d = 3, members = 64, saves = 600;
        double a = Math.exp(-0.5), c = Math.sqrt(1 - a * a);
        Conjugate offset = (x, out, m) -> {  // B = −s̃ = x − μ + δ
            for (int i = 0; i < m * d; i++) out[i] = x[i] - MU + DELTA;
        };
        LaggedColumnAccumulator column = new LaggedColumnAccumulator(d, offset, 0, LAGS, BLOCKS);
        LaggedColumnAccumulator cyclic = LaggedColumnAccumulator.cyclic(d, offset, 0, LAGS, BLOCKS);
        SplittableRandom rng = new SplittableRandom(7);
        double[] x = new double[members * d];
        for (int i = 0; i < x.length; i++) x[i] = MU + rng.nextGaussian();  // stationary start
        for (int t = 0; t < saves; t++) {
            column.observe(t, t, x, members);
            cyclic.observe(t, t, x, members);
            for (int i = 0; i < x.length; i++) x[i] = MU + a * (x[i] - MU) + c * rng.nextGaussian();
        }
        double[] exact = new double[LAGS * d];
        for (int tau = 0; tau < LAGS; tau++) exact[tau * d] = Math.pow(a, tau);
        for (LaggedColumnAccumulator acc : List.of(column, cyclic)) checkCentredPassesAndRawFails(acc, exact);
    }

    /** The 8×8 OU SPDE of {@link OuFixture}, shifted by μ at every pixel, through the grid accumulator (pixel 0). */
    @Test
    void gridIsUnbiasedOnlyWhenCentred() {
        Grid grid = OuFixture.MODEL.spectralGrid();
        int size = grid.size();
        var exactScore = new ExactOuScore(OuFixture.EXACT);
        Conjugate offset = (y, out, m) -> {  // the exact score of the unshifted field, less δ
            double[] x = new double[m * size];
            for (int i = 0; i < x.length; i++) x[i] = y[i] - MU;
            exactScore.score(x, out, m);
            for (int i = 0; i < x.length; i++) out[i] = -out[i] + DELTA;
        };
        LaggedGridAccumulator acc = new LaggedGridAccumulator(grid, offset, 0, LAGS, BLOCKS);
        Observer shifted = (save, time, states, m) -> {
            double[] y = new double[m * size];
            for (int i = 0; i < y.length; i++) y[i] = states[i] + MU;
            acc.observe(save, time, y, m);
        };
        OuFixture.run(32, 400, 11, List.of(shifted));
        checkCentredPassesAndRawFails(acc, OuFixture.exactResponse(LAGS));
    }

    private static void checkCentredPassesAndRawFails(LaggedAccumulator acc, double[] exact) {
        String kind = acc.getClass().getSimpleName() + (acc instanceof LaggedColumnAccumulator c && c.isCyclic() ? " (cyclic)" : "");
        double k = Quantiles.bonferroniStudent(ALPHA, exact.length, BLOCKS - 1);
        double zCentred = maxZ(acc, exact, true), zRaw = maxZ(acc, exact, false);
        assertTrue(zCentred <= k, kind + ": centred max |z| = " + zCentred + " > k = " + k);
        assertTrue(zRaw > k, kind + ": the raw estimate passes (max |z| = " + zRaw + "), so the test cannot see its bias");
        // The report's ⟨B⟩ = −⟨s̃⟩ = δ, within its own k·SE (one point).
        var stein = new GfdtEstimator("offset", acc, 1.0, new GfdtEstimator.Options(LAGS, BLOCKS, false, 0, 1))
                .estimate().stein().orElseThrow();
        double k1 = Quantiles.bonferroniStudent(ALPHA, 1, BLOCKS - 1);
        assertEquals(DELTA, stein.conjugateMean(), k1 * stein.conjugateMeanStderr(), kind + ": conjugate mean");
    }

    private static double maxZ(LaggedAccumulator acc, double[] exact, boolean centred) {
        double[] ones = new double[BLOCKS];
        Arrays.fill(ones, 1);
        double[] est = acc.combine(ones, false, centred), se = BlockErrors.spread(w -> acc.combine(w, false, centred), BLOCKS);
        double max = 0;
        for (int i = 0; i < exact.length; i++) max = Math.max(max, Math.abs(est[i] - exact[i]) / se[i]);
        return max;
    }
}
