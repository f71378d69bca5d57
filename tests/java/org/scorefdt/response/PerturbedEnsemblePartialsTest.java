package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.InitialCondition;

/**
 * The truth's partials with projection weights (what a respond truth shard keeps, docs/formats.md §9):
 * the parts of 1, 2 and 3 pair ranges on {@link BlockedMoments#BLOCK} boundaries, each its own
 * ensemble at its global member offset, merged by {@link TruthPartials#merge}, give the unsplit
 * {@link PerturbedEnsemble#runOnHost} (and {@link PerturbedEnsemble#run}) response and its projected
 * means and standard errors bit for bit.
 */
class PerturbedEnsemblePartialsTest {
    static final int PAIRS = 600, LAGS = 4, SAVE_EVERY = 5;
    static final double DT = 0.01;
    static final DoubleWell MODEL = new DoubleWell(1, 0.7);

    @Test
    void projectedPartialsMergedOverAnySplitAreTheUnsplitRunBitForBit() {
        double[][] w = new double[3][LAGS];
        for (int t = 0; t < LAGS; t++) {
            w[0][t] = t == 2 ? 1 : 0;
            w[1][t] = Math.cos(t) - 0.2;
            w[2][t] = 1;
        }
        PerturbedEnsemble.Projected host, run;
        try (Integrator integ = integrator()) {
            host = ensemble(integ, 0, PAIRS).runOnHost("truth", w);
        }
        try (Integrator integ = integrator()) {
            run = ensemble(integ, 0, PAIRS).run("truth", w);
        }
        assertArrayEquals(host.means(), run.means(), 0.0);
        assertArrayEquals(host.stderrs(), run.stderrs(), 0.0);
        int block = BlockedMoments.BLOCK;
        for (long[] cuts : new long[][] {{0, PAIRS}, {0, block, PAIRS}, {0, block, 2 * block, PAIRS}}) {
            List<TruthPartials> truth = new ArrayList<>(), projected = new ArrayList<>();
            for (int i = cuts.length - 2; i >= 0; i--) {  // last part first: the merge orders them
                try (Integrator integ = integrator()) {
                    var parts = ensemble(integ, cuts[i], (int) (cuts[i + 1] - cuts[i])).runPartials(cuts[i], PAIRS, w);
                    truth.add(parts.truth());
                    projected.add(parts.projected());
                }
            }
            String what = (cuts.length - 1) + " parts";
            ResponseEstimate t = TruthPartials.merge(truth, "truth", SAVE_EVERY, DT), p = TruthPartials.merge(projected, "projections",
                    SAVE_EVERY, DT);
            assertArrayEquals(host.estimate().mean(), t.mean(), 0.0, what + ": response mean");
            assertArrayEquals(host.estimate().stderr(), t.stderr(), 0.0, what + ": response stderr");
            assertEquals(host.estimate().pairs(), t.pairs(), what);
            assertArrayEquals(host.means(), p.mean(), 0.0, what + ": projected means");
            assertArrayEquals(host.stderrs(), p.stderr(), 0.0, what + ": projected stderrs");
        }
    }

    static Integrator integrator() {
        return new JavaBackend().integrator(MODEL, new IntegratorSpec(Scheme.HEUN, DT), Precision.F64, 5, 1);
    }

    /** Pairs first … first + count − 1 of the run: 5 windows of 4 lags each. */
    static PerturbedEnsemble ensemble(Integrator integ, long first, int count) {
        return new PerturbedEnsemble(integ, new EnsembleSpec(count, 50, 40, SAVE_EVERY, 5), InitialCondition.zero(), DT,
                new PerturbedEnsemble.Impulse(0, 0.2, LAGS, 8), first);
    }
}
