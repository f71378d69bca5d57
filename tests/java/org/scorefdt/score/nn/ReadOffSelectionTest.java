package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.score.ScoreDiagnostics;

/**
 * The read-off of a DSM network (docs/score-models.md §4.1): the candidate grid, Richardson's rule,
 * the held-out choice, the trained range, the model file, and that defaults live in one place.
 */
class ReadOffSelectionTest {
    /** An untrained 2-D network with std (1, 3), σ ∈ [0.01, 2]: the grid is exact arithmetic on these. */
    private static DsmScore untrained() {
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(8).seed(4).base(DsmConfig.Base.NONE).build();
        return new DsmScore(DsmTrainer.initialNetwork(cfg, 2), new double[] {0, 1}, new double[] {1, 3},
                new NoiseSchedule(0.01, 2, 1e-5), cfg);
    }

    @Test
    void gridRunsFromSigmaMinInRootTwoStepsToHalfTheRmsStd() {
        List<ReadOff> g = ReadOffSelection.grid(untrained());
        double cap = 0.5 * Math.sqrt((1 + 9) / 2.0); // 1.118
        int levels = 0;
        for (int i = 0; i < g.size(); i++) {
            ReadOff r = g.get(i);
            if (r.extrapolated()) {
                assertEquals(g.get(i - 1).sigma(), r.sigma(), 0, "an extrapolation follows its level");
                assertTrue(2 * r.sigma() <= 2, "its second level 2σ_r inside σ_max");
                continue;
            }
            assertEquals(0.01 * StrictMath.pow(Math.sqrt(2), levels), r.sigma(), 1e-15);
            assertTrue(r.sigma() <= cap);
            levels++;
        }
        // 0.01·√2^k ≤ 1.118 for k ≤ 13 (√2^13 = 90.5, √2^14 = 128); extrapolations for σ_r ≤ 1 (k ≤ 13): all 14
        assertEquals(14, levels);
        assertEquals(28, g.size());
    }

    @Test
    void extrapolationIsRichardsonOnTheNoiseConditionalScore() {
        DsmScore m = untrained();
        double s = 0.05;
        DsmScore ex = m.withReadOff(new ReadOff(s, true));
        double[] y = {0.3, -1.2, 1.5, 4.0, -0.7, 0.1}, a = new double[6], b = new double[6], got = new double[6];
        m.score(y, s, a, 3);
        m.score(y, 2 * s, b, 3);
        ex.score(y, got, 3);
        for (int k = 0; k < 6; k++) assertEquals((4 * a[k] - b[k]) / 3, got[k], 0, "component " + k);
        DsmScore plain = m.withReadOff(ReadOff.at(s));
        plain.score(y, got, 3);
        assertArrayEquals(a, got, 0);
    }

    @Test
    void readOffOutsideTheTrainedRangeIsRefused() {
        DsmScore m = untrained();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.withReadOff(new ReadOff(1.5, true)));
        assertTrue(e.getMessage().contains("σ → 0 from 1.500, 3.000") && e.getMessage().contains("[0.01, 2.0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.withReadOff(ReadOff.at(0.005)));
        e = assertThrows(IllegalArgumentException.class, () -> new ReadOff(0, false));
        assertTrue(e.getMessage().contains("read-off sigma = 0.0"), e.getMessage());
        assertEquals(0.01, m.readOff().sigma(), 0, "σ_min by default");
    }

    @Test
    void selectionKeepsTheLowestHeldOutLossAndTheFileKeepsTheChoice(@TempDir Path dir) throws IOException {
        int n = 1000;
        double[] x = Fixtures.gaussian(n, 0.5, 1.5, 21);
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(16, 16).stepsScaled(600).batchSize(64).seed(3).build();
        DsmResult r = new DsmTrainer(cfg).train(x, n, 1, TrainingListener.NONE);
        ReadOffSelection sel = r.readOff();
        assertTrue(sel.selected(), "200 held-out rows ≥ 128: selected");
        for (ReadOffSelection.Candidate c : sel.candidates()) assertTrue(sel.winner().hyvarinen() <= c.hyvarinen(), c.toString());
        assertEquals(sel.readOff(), r.model().readOff());
        assertTrue(r.message().contains(sel.summary()), r.message());
        // the criterion is the diagnostics' Hyvärinen loss of that read-off on the held-out rows, before the
        // remainder's linear correction (fitted afterwards for the winner; withReadOff drops it)
        double[] held = new DsmTrainer(cfg).heldOutRows(x, n, 1);
        DsmScore uncorrected = r.model().withReadOff(r.model().readOff());
        assertTrue(r.model().correction().isPresent() && uncorrected.correction().isEmpty());
        assertEquals(ScoreDiagnostics.hyvarinen(uncorrected, held, held.length, cfg.seed())[0], sel.winner().hyvarinen(), 1e-9);

        Path f = dir.resolve("m.sfdt");
        ModelFile.save(r.model(), f);
        DsmScore back = ModelFile.load(f);
        assertEquals(r.model().readOff(), back.readOff());
        assertEquals(DsmConfig.ReadOffRule.HELD_OUT, back.config().readOff());
        double[] a = new double[3], b = new double[3];
        r.model().score(new double[] {-1, 0.5, 2}, a, 3);
        back.score(new double[] {-1, 0.5, 2}, b, 3);
        assertArrayEquals(a, b, 0);

        DsmResult fixed = new DsmTrainer(cfg.toBuilder().readOff(DsmConfig.ReadOffRule.SIGMA_MIN).build()).train(x, n, 1, TrainingListener.NONE);
        assertFalse(fixed.readOff().selected());
        assertEquals(ReadOff.at(cfg.sigmaMin()), fixed.model().readOff());
    }

    @Test
    void tooFewHeldOutRowsReadAtSigmaMin() {
        double[] x = Fixtures.gaussian(300, 0, 1, 5); // 60 held out < 128
        DsmResult r = new DsmTrainer(DsmConfig.builder().hiddenWidths(4).stepsScaled(20).batchSize(16).build())
                .train(x, 300, 1, TrainingListener.NONE);
        assertFalse(r.readOff().selected());
        assertEquals(ReadOff.at(DsmConfig.DEFAULT_SIGMA_MIN), r.model().readOff());
    }

    @Test
    void defaultsAreTheBuildersAndShortRunsScaleWarmUpAndEvaluation() {
        DsmConfig d = DsmConfig.builder().build();
        assertEquals(DsmConfig.DEFAULT_STEPS, d.steps());
        assertEquals(DsmConfig.DEFAULT_PATIENCE, d.patience());
        assertArrayEquals(new int[] {DsmConfig.DEFAULT_WIDTH, DsmConfig.DEFAULT_WIDTH}, d.hiddenWidths());
        assertEquals(DsmConfig.ReadOffRule.HELD_OUT, d.readOff());
        assertEquals(d, DsmConfig.builder().stepsScaled(DsmConfig.DEFAULT_STEPS).build(), "the ceiling scales to the defaults");
        DsmConfig s = DsmConfig.builder().stepsScaled(300).build();
        assertEquals(60, s.warmupSteps());
        assertEquals(15, s.evalEvery());
        assertEquals(1, DsmConfig.builder().stepsScaled(3).build().evalEvery());
    }
}
