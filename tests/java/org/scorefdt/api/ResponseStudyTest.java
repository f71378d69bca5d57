package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.model.PotentialModel;
import org.scorefdt.response.ResponseMatrix;
import org.scorefdt.score.PotentialScore;

/**
 * {@link ResponseStudy} on a 2-D non-reversible double-well member of the validation family, a model
 * the library has no special code for: the exact-score GFDT matrix (the exact score makes GFDT
 * unbiased) agrees with the perturbed-ensemble truth matrix at every entry and lag, |z| ≤ 4 with z
 * over both standard errors (≈ 1e-4 two-sided per point under normal errors, 2·2·21 points; a small
 * δ keeps the truth's second-order bias far below its error; dt = 0.002 keeps Euler–Maruyama's O(dt) shift of
 * the stationary density, which the continuous-time exact score does not see, below the lag-0 error —
 * at dt = 0.01 the Stein diagonal is off by 4.8 SE), and the result holds every part: both
 * matrices with errors, the diagnostics of every score, the agreement and the baseline comparison.
 */
class ResponseStudyTest {
    private static final PotentialModel MODEL = PotentialModel.family(2, true, 1.0, 5);

    private static ResponseStudy.Builder small() {
        return ResponseStudy.builder(MODEL).dt(0.002).saveEvery(50).lags(21).members(64).blocks(16).spinUpSteps(2500).saves(1000)
                .truthMembers(512).truthSaves(1000).delta(0.02).snapshotEvery(5).maxSnapshots(4096).horizon(2.0).seed(11)
                .backend(BackendKind.JAVA).scoreTypes(Map.of(ScoreTypes.BASELINE, ScoreTypes.QUASI_GAUSSIAN))
                .score("exact", new PotentialScore(MODEL));
    }

    @Test
    void exactScoreMatrixAgreesWithTheTruthAndTheResultIsComplete() {
        ResponseStudy.Result r = small().build().run();
        ResponseMatrix truth = r.truth();
        assertEquals(21, truth.lags());
        assertArrayEquals(new int[] {0, 1}, truth.columns());
        assertEquals(2.0, r.horizon(), 1e-12);
        assertEquals(BackendKind.JAVA, r.backend());
        // Lag 0 of the truth is the kick itself, R(0) = I with no error; later lags carry error bars.
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(i == j ? 1.0 : 0.0, truth.at(0, i, j), 1e-12);
                for (int t = 1; t < 21; t++) assertTrue(truth.stderrAt(t, i, j) > 0, "truth SE at lag " + t);
            }
        }
        assertEquals(2, r.scores().size());

        ResponseStudy.ScoreResult exact = r.score("exact");
        assertTrue(exact.gfdt().sameShape(truth));
        assertEquals(21 * 4, exact.vsTruth().z().length);
        double worst = exact.vsTruth().worst();
        assertTrue(worst <= 4, "exact-score GFDT vs truth: max |z| = " + worst);
        assertTrue(exact.diagnostics().orElseThrow().steinDiagonalStderr() > 0);
        assertEquals(2, exact.gfdt().stein().size());
        var vsQg = exact.vsBaseline().orElseThrow();
        assertEquals("exact", vsQg.a());
        assertEquals(ScoreTypes.BASELINE, vsQg.b());
        assertEquals(21, vsQg.lagsUsed());
        assertTrue(Double.isFinite(vsQg.z()) && vsQg.stderr() > 0);

        ResponseStudy.ScoreResult qg = r.score(ScoreTypes.BASELINE);
        assertTrue(qg.vsBaseline().isEmpty());
        assertTrue(qg.diagnostics().isPresent());
        // The study is deterministic for its seed.
        assertArrayEquals(exact.gfdt().mean(), small().build().run().score("exact").gfdt().mean(), 0.0);
    }

    @Test
    void settingsAreCheckedWithTheirValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).members(0));
        assertTrue(e.getMessage().contains("members = 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).dt(-1));
        assertTrue(e.getMessage().contains("dt = -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).columns(2));
        assertTrue(e.getMessage().contains("column 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).members(8).blocks(16).build());
        assertTrue(e.getMessage().contains("blocks = 16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).lags(30).resetEvery(10).build());
        assertTrue(e.getMessage().contains("resetEvery = 10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResponseStudy.builder(MODEL).score("x", new PotentialScore(
                PotentialModel.family(3, true, 1.0, 5))));
        assertFalse(ScoreTypes.defaults().isEmpty());
        assertEquals(ScoreTypes.BASELINE, ScoreTypes.defaults().keySet().iterator().next());
    }
}
