package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.PotentialModel;

/**
 * The KDE's and KGMM's default fits on members of the validation family that were kept out of the
 * tuning (seeds 101, 202, 303 chose the grids; 404 and 505 are judged here): the extrapolated KDE is
 * closer to −∇V than the plain KDE at its own best held-out h, by more than 3 standard errors of the
 * paired difference (blocked by member), and less shrunk than the plain KDE at the same h; the automatic KGMM choice is deterministic,
 * is the argmin of its reported losses, and is a good candidate judged by the exact score.
 */
class KernelDefaultsTest {
    static final int MEMBERS = 128;

    /** Mean over test points of a − b, and its standard error from per-member block means. */
    static double[] pairedDifference(double[] a, double[] b, int saves) {
        double[] block = new double[MEMBERS];
        for (int i = 0; i < a.length; i++) block[i % MEMBERS] += (a[i] - b[i]) / saves; // rows are [save][member]
        double mean = Arrays.stream(block).average().orElseThrow(), ss = 0;
        for (double v : block) ss += (v - mean) * (v - mean);
        return new double[] {mean, Math.sqrt(ss / (MEMBERS - 1) / MEMBERS)};
    }

    static double[] squaredErrors(ScoreModel s, ScoreModel exact, double[] x, int n) {
        int d = s.dimension();
        double[] a = new double[x.length], b = new double[x.length], e = new double[n];
        s.score(x, a, n);
        exact.score(x, b, n);
        for (int i = 0; i < n * d; i++) e[i / d] += (a[i] - b[i]) * (a[i] - b[i]);
        return e;
    }

    @Test
    void extrapolatedKdeBeatsThePlainKdeOnUntunedMembers() {
        Bandwidth.ScoreMatching grid = new Bandwidth.ScoreMatching(1.0 / 4, 2, 7, 0.2); // the default's range, coarser (time)
        for (PotentialModel m : new PotentialModel[] {PotentialModel.family(2, true, 1.0, 404), PotentialModel.family(4, true, 0.5, 505)}) {
            int d = m.dimension(), n = 3072, saves = 16, nt = MEMBERS * saves;
            double[] train = ScoreMatchingBandwidthTest.samples(m, MEMBERS, n / MEMBERS, 0);
            double[] test = ScoreMatchingBandwidthTest.samples(m, MEMBERS, saves, 10_000);
            ScoreModel exact = new PotentialScore(m);
            double hPlain = BandwidthSelector.scoreMatch(grid, train, n, d, ScoreKernels.REFERENCE, 0).h();
            try (RichardsonScore rich = KdeScore.fitExtrapolated(train, n, d, grid, ScoreKernels.REFERENCE, 0);
                 KdeScore plain = KdeScore.of(train, n, d, hPlain, ScoreKernels.REFERENCE, 0)) {
                double[] diff = pairedDifference(squaredErrors(plain, exact, test, nt), squaredErrors(rich, exact, test, nt), saves);
                assertTrue(diff[0] > 3 * diff[1], m.name() + ": MSE(plain) − MSE(extrapolated) = " + diff[0] + " ± " + diff[1]);
                // At the same h the extrapolation removes shrinkage (its own J-optimal h is larger, which spends that
                // gain on variance: docs/score-models.md §10).
                HyperparameterChoice c = rich.selection().orElseThrow();
                ScoreDiagnostics.Report dr = ScoreDiagnostics.of(rich, test, nt, 1), dp = ScoreDiagnostics.of(rich.fine(), test, nt, 1);
                // Margin: one combined SE, conservative as the two statistics are positively correlated (same samples).
                assertTrue(dr.steinDiagonal() - dp.steinDiagonal() > Math.hypot(dr.steinDiagonalStderr(), dp.steinDiagonalStderr()),
                        "less shrunk at the same h: " + dr.summary() + " | " + dp.summary());
                assertEquals(HyperparameterChoice.argmin(c.loss()), c.best());
                double fitShare = (n - Math.round(0.2 * n)) / (double) n;
                assertEquals(c.grid()[c.best()][0] * Math.pow(fitShare, 1.0 / (d + 10)), c.chosen()[0], 1e-12, "rescaled by the O(h⁴) rate");
                assertEquals(Math.sqrt(2) * c.chosen()[0], ((KdeScore) rich.coarse()).bandwidth(), 1e-12);
            }
        }
    }

    @Test
    void automaticKgmmIsDeterministicAndPicksAGoodCandidate() {
        PotentialModel m = PotentialModel.family(2, true, 1.0, 606);
        int n = 1024, d = 2, nt = 1024;
        double[] train = ScoreMatchingBandwidthTest.samples(m, MEMBERS, n / MEMBERS, 0), test = ScoreMatchingBandwidthTest.samples(m, MEMBERS, nt / MEMBERS, 10_000);
        KgmmScore.Config cfg = KgmmScore.Config.defaults(7).withTolerance(0.02, 2, 100);
        KgmmScore a = KgmmScore.fit(train, n, d, cfg), b = KgmmScore.fit(train, n, d, cfg);
        double[] sa = new double[nt * d], sb = new double[nt * d];
        a.score(test, sa, nt);
        b.score(test, sb, nt);
        assertArrayEquals(sa, sb, 0, "bitwise deterministic for a seed");
        HyperparameterChoice c = a.selection().orElseThrow();
        assertEquals(9, c.grid().length);
        assertEquals(HyperparameterChoice.argmin(c.loss()), c.best());
        int fit = n - (int) Math.round(0.2 * n);
        assertEquals(Math.round(c.grid()[c.best()][0] * n / fit), a.config().clusters());
        assertEquals(c.grid()[c.best()][1] * Math.pow((double) fit / n, 1.0 / 6), a.sigma(), 1e-12);
        assertTrue(c.summary().startsWith("kgmm: clusters = ") && c.summary().contains("held-out Hyvärinen loss"), c.summary());
        // Judged by the exact score on fresh samples, the chosen candidate is in the better half of the grid.
        double[] fitPart = Arrays.copyOf(train, fit * d), mse = new double[c.grid().length];
        ScoreModel exact = new PotentialScore(m);
        for (int g = 0; g < mse.length; g++) {
            KgmmScore k = KgmmScore.fit(fitPart, fit, d, cfg.with((int) c.grid()[g][0], c.grid()[g][1]));
            mse[g] = Arrays.stream(squaredErrors(k, exact, test, nt)).average().orElseThrow();
        }
        double[] sorted = mse.clone();
        Arrays.sort(sorted);
        assertTrue(mse[c.best()] <= sorted[mse.length / 2], "chosen MSE " + mse[c.best()] + " among " + Arrays.toString(mse));
    }

    @Test
    void badSettingsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.Config.of(-1, 0.5, 1));
        assertTrue(e.getMessage().contains("clusters = -1") && e.getMessage().contains("0 to choose automatically"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KgmmSelection(new double[] {0.5}, new double[] {1}, 0.2));
        assertTrue(e.getMessage().contains("points per cluster = 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KgmmSelection(new double[] {16}, new double[] {-1}, 0.2));
        assertTrue(e.getMessage().contains("sigma factor = -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new KgmmSelection(new double[] {16}, new double[] {1}, 1));
        assertTrue(e.getMessage().contains("holdout = 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KgmmScore.fit(new double[400], 200, 2, 1));
        assertTrue(e.getMessage().contains(">= 128 held-out points") && e.getMessage().contains("give clusters and sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KdeScore.fit(new double[200], 200, 1));
        assertTrue(e.getMessage().contains("zero spread"), e.getMessage());
        // Too few points to hold out 128: the default still fits, at Scott's h, and says so.
        double[] few = new double[200];
        for (int i = 0; i < few.length; i++) few[i] = Math.sin(1.3 * i);
        RichardsonScore small = KdeScore.fit(few, 200, 1);
        HyperparameterChoice rule = small.selection().orElseThrow();
        assertEquals(BandwidthSelector.scott(few, 200, 1), rule.chosen()[0], 0.0);
        assertEquals("kde: h = " + String.format(java.util.Locale.ROOT, "%.4g", rule.chosen()[0])
                + " by Scott's rule (n = 200 is too few to hold out 128 points)", rule.summary());
        assertEquals(new Bandwidth.ScoreMatching(), Bandwidth.defaults());
        assertTrue(KgmmScore.Config.defaults(3).automatic() && !KgmmScore.Config.of(4, 0.1, 3).automatic());
    }
}
