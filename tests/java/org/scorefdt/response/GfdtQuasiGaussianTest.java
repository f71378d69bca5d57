package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.Grid;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.testing.OuFixture;
import org.scorefdt.testing.Quantiles;

/**
 * Quasi-Gaussian GFDT, normalised: on a Gaussian (OU) process R(τ) = C(τ)C(0)⁻¹ is the exact
 * response. With normalisation R̂(k,τ) = Ĝ(k,τ)/Ĝ(k,0), and E Ĝ(k,τ) = a(k)^τ E Ĝ(k,0) whatever the
 * fitted covariance (mode coupling by a non-circulant Ĉ⁻¹ averages to zero), so the fit error only
 * adds noise and each point is within k·SE (Student t, B − 1 dof, Bonferroni).
 */
class GfdtQuasiGaussianTest {
    private static final Grid GRID = OuFixture.MODEL.spectralGrid();
    private static final int D = GRID.size(), LAGS = 16, BLOCKS = 32;
    private static final int[] CHECKED_LAGS = {1, 2, 4, 8, 15};

    @Test
    void normalisedQuasiGaussianMatchesExactResponse() {
        int fitSamples = 20_000;
        // Fit on independent exact stationary draws, so the inverse-Wishart bias is known below.
        QuasiGaussianScore qg = QuasiGaussianScore.fit(OuFixture.stationarySamples(fitSamples, 77), fitSamples, D, 0);
        var est = GfdtEstimator.grid("quasi-gaussian", qg, GRID, 0, 1.0, new GfdtEstimator.Options(LAGS, BLOCKS, true, 0, 1));
        OuFixture.run(64, 2_000, 31, List.of(est));
        ResponseEstimate e = est.estimate();

        for (int i = 0; i < D; i++) {
            assertEquals(i == 0 ? 1.0 : 0.0, e.at(0, i), 1e-12, "R(0) = I at pixel " + i);
            assertEquals(0.0, e.stderrAt(0, i), 1e-12);
        }
        double[] exact = OuFixture.exactResponse(LAGS);
        double k = Quantiles.bonferroniStudent(1e-3, CHECKED_LAGS.length * D, BLOCKS - 1);
        double max = 0;
        for (int tau : CHECKED_LAGS)
            for (int i = 0; i < D; i++) max = Math.max(max, Math.abs(e.at(tau, i) - exact[tau * D + i]) / e.stderrAt(tau, i));
        assertTrue(max <= k, "max |z| = " + max + " > k = " + k);

        // Raw Stein check: E tr(C Ĉ⁻¹)/d = (n−1)/(n−d−2) (inverse Wishart), spread ≈ √(2/(n·d)), plus the GFDT's own SE.
        var stein = e.stein().orElseThrow();
        double bias = (fitSamples - 1.0) / (fitSamples - D - 2) - 1;
        // Two independent error sources, each bounded at α = 1e−3: the block SE (t, B−1 dof) and the fit (normal).
        double tol = Math.hypot(Quantiles.studentTwoSided(BLOCKS - 1, 1e-3) * stein.diagonalStderr(),
                Quantiles.bonferroniNormal(1e-3, 1) * Math.sqrt(2.0 / (fitSamples * D)));
        assertEquals(1.0 + bias, stein.diagonal(), tol);
    }
}
