package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.Grid;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.testing.OuFixture;
import org.scorefdt.testing.Quantiles;

/**
 * GFDT with the exact OU score is unbiased for the exact discrete response R(r, τ) = N⁻² Σ_k a(k)^τ e^{ik·r}.
 * Criterion: every checked point within k·SE, SE from B independent member blocks, so each
 * z = (est − exact)/SE is Student-t with B − 1 dof; k = t⁻¹_{B−1}(1 − α/(2P)) (Bonferroni, P points,
 * family-wise α = 1e−3).
 */
class GfdtExactScoreTest {
    private static final Grid GRID = OuFixture.MODEL.spectralGrid();
    private static final int D = GRID.size(), LAGS = 16, BLOCKS = 32, MEMBERS = 64, SAVES = 2_000;
    private static final int[] CHECKED_LAGS = {0, 1, 2, 4, 8, 15};
    private static final double ALPHA = 1e-3;

    @Test
    void exactScoreMatchesExactResponseAndAWrongScoreIsRejected() {
        var exactScore = new ExactOuScore(OuFixture.EXACT);
        ScoreModel halfScore = new ScoreModel() { // deliberately wrong: s/2, unnormalised
            public int dimension() { return D; }
            public void score(double[] x, double[] out, int m) {
                exactScore.score(x, out, m);
                for (int i = 0; i < m * D; i++) out[i] *= 0.5;
            }
        };
        var opts = new GfdtEstimator.Options(LAGS, BLOCKS, false, 0, 1);
        var good = GfdtEstimator.grid("exact", exactScore, GRID, 0, 1.0, opts);
        var bad = GfdtEstimator.grid("half", halfScore, GRID, 0, 1.0, opts);
        var normalised = GfdtEstimator.grid("exact-norm", exactScore, GRID, 0, 1.0,
                new GfdtEstimator.Options(LAGS, BLOCKS, true, 0, 1));
        var column = GfdtEstimator.column("exact-column", exactScore, 9, 1.0, opts);
        OuFixture.run(MEMBERS, SAVES, 2024, List.of(good, bad, normalised, column));

        double[] exact = OuFixture.exactResponse(LAGS);
        int points = CHECKED_LAGS.length * D;
        double k = Quantiles.bonferroniStudent(ALPHA, points, BLOCKS - 1);
        ResponseEstimate e = good.estimate();
        assertEquals((long) MEMBERS * SAVES, e.pairs());
        assertEquals(15.0, e.times()[15]);
        assertTrue(maxZ(e, exact, 0) <= k, "exact score: max |z| = " + maxZ(e, exact, 0) + " > k = " + k);
        // The same criterion rejects the wrong score (its raw response is half the truth).
        assertFalse(maxZ(bad.estimate(), exact, 0) <= k, "the test cannot tell s from s/2");

        // Raw Stein check −⟨x sᵀ⟩(0) = I: its (0,0) entry is 1 within k·SE (one point, t with B−1 dof).
        var stein = e.stein().orElseThrow();
        double k1 = Quantiles.bonferroniStudent(ALPHA, 1, BLOCKS - 1);
        assertEquals(1.0, stein.diagonal(), k1 * stein.diagonalStderr());
        assertEquals(0.5, bad.estimate().stein().orElseThrow().diagonal(), k1 * stein.diagonalStderr());

        // Normalised: R(0) = I exactly, the raw Stein check is still reported.
        ResponseEstimate n = normalised.estimate();
        for (int i = 0; i < D; i++) assertEquals(i == 0 ? 1.0 : 0.0, n.at(0, i), 1e-12);
        assertEquals(stein.diagonal(), n.stein().orElseThrow().diagonal(), 1e-12);

        // Low-dimensional column for component 9 (only one pixel's conjugate, so larger SE): R(i − 9, τ).
        ResponseEstimate c = column.estimate();
        assertTrue(maxZ(c, exact, 9) <= k, "column: max |z| = " + maxZ(c, exact, 9) + " > k = " + k);
        assertThrows(IllegalArgumentException.class, () -> GfdtEstimator.column("x", exactScore, 0, 1.0,
                new GfdtEstimator.Options(LAGS, BLOCKS, true, 0, 1)));
    }

    /** max |est − exact shifted to pixel p| / SE over the checked lags and all pixels. */
    static double maxZ(ResponseEstimate e, double[] exact, int pixel) {
        double max = 0;
        int n = GRID.n();
        for (int tau : CHECKED_LAGS) {
            for (int i = 0; i < D; i++) {
                int r = Math.floorMod(i / n - pixel / n, n) * n + Math.floorMod(i % n - pixel % n, n);
                max = Math.max(max, Math.abs(e.at(tau, i) - exact[tau * D + r]) / e.stderrAt(tau, i));
            }
        }
        return max;
    }
}
