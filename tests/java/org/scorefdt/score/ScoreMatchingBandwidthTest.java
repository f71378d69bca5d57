package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.api.Simulation;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.PotentialModel;

/**
 * The score-matching bandwidth against Scott's rule on a bimodal, non-reversible system of the
 * validation family (p ∝ exp(−V) known): judged on independent samples, with the truth-free loss and
 * with the exact score, the selected h gives a better score — less shrunk (Stein diagonal nearer 1)
 * and closer to −∇V in mean square.
 */
class ScoreMatchingBandwidthTest {

    static double[] samples(PotentialModel m, int members, int saves, long offset) {
        SnapshotCollector snaps = new SnapshotCollector(m.dimension(), 1, members * saves);
        Simulation.of(m).scheme(Scheme.HEUN).dt(0.005).members(members).memberOffset(offset).spinUpSteps(2_000).saves(saves)
                .saveEvery(200).seed(17).backend(BackendKind.JAVA).observe(snaps).run();
        return snaps.data();
    }

    /** Mean |s − s_exact|² on the samples. */
    static double meanSquareError(ScoreModel s, ScoreModel exact, double[] x, int n) {
        double[] a = new double[x.length], b = new double[x.length];
        s.score(x, a, n);
        exact.score(x, b, n);
        double e = 0;
        for (int i = 0; i < x.length; i++) e += (a[i] - b[i]) * (a[i] - b[i]);
        return e / n;
    }

    @Test
    void selectedBandwidthBeatsScottOnABimodalNonReversibleSystem() {
        PotentialModel m = PotentialModel.family(2, true, 1.0, 101);
        int n = 6144;
        double[] train = samples(m, 128, n / 128, 0), test = samples(m, 128, 4096 / 128, 10_000);
        ScoreKernels k = ScoreKernels.REFERENCE;
        BandwidthSelector.ScoreMatchResult sm = BandwidthSelector.scoreMatch(new Bandwidth.ScoreMatching(), train, n, 2, k, 1);
        double scott = BandwidthSelector.scott(train, n, 2);
        assertTrue(sm.h() < scott, "the score-matching h " + sm.h() + " is below Scott's " + scott + " (less smoothing)");
        try (KdeScore chosen = KdeScore.of(train, n, 2, sm.h(), k, 1); KdeScore rule = KdeScore.of(train, n, 2, scott, k, 1)) {
            ScoreDiagnostics.Report dc = ScoreDiagnostics.of(chosen, test, 4096, 1), ds = ScoreDiagnostics.of(rule, test, 4096, 1);
            assertTrue(Math.abs(dc.steinDiagonal() - 1) < Math.abs(ds.steinDiagonal() - 1),
                    "less shrinkage: " + dc.summary() + " | " + ds.summary());
            assertTrue(dc.hyvarinen() < ds.hyvarinen(), "lower held-out loss on fresh samples: " + dc.hyvarinen() + " vs " + ds.hyvarinen());
            ScoreModel exact = new org.scorefdt.score.PotentialScore(m);
            assertTrue(meanSquareError(chosen, exact, test, 4096) < meanSquareError(rule, exact, test, 4096), "closer to −∇V");
        }
        int best = 0;
        for (int g = 1; g < sm.loss().length; g++) if (sm.loss()[g] < sm.loss()[best]) best = g;
        double fitShare = (n - Math.round(0.2 * n)) / (double) n;
        assertEquals(sm.grid()[best] * Math.pow(fitShare, 1.0 / 6), sm.h(), 1e-12, "rescaled from the fit part (80 %) to all n");
    }

    @Test
    void tooFewPointsToHoldOutAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BandwidthSelector.scoreMatch(
                new Bandwidth.ScoreMatching(), new double[200], 200, 1, ScoreKernels.REFERENCE, 1));
        assertTrue(e.getMessage().contains(">= 128 held-out points"), e.getMessage());
    }
}
