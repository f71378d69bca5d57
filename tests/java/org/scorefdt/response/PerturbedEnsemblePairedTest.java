package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.PairedIntegrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;

/**
 * A {@link PairedIntegrator} is used for the steps inside windows and must change no number: the
 * nonlinear double-well estimate (mean and standard errors) equals the one from two plain calls.
 */
class PerturbedEnsemblePairedTest {

    /** Two plain calls behind the paired entry point, counting its uses. */
    static final class CountingPair implements PairedIntegrator {
        final Integrator inner;
        int pairedCalls;

        CountingPair(Integrator inner) {
            this.inner = inner;
        }

        @Override
        public void advancePair(double[] states, double[] perturbed, int members, long memberOffset, long step0, int nSteps) {
            pairedCalls++;
            inner.advance(states, members, memberOffset, step0, nSteps);
            inner.advance(perturbed, members, memberOffset, step0, nSteps);
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public Precision precision() {
            return inner.precision();
        }

        @Override
        public void advance(double[] states, int members, long memberOffset, long step0, int nSteps) {
            inner.advance(states, members, memberOffset, step0, nSteps);
        }
    }

    @Test
    void pairedStepsGiveTheSameEstimate() {
        DoubleWell m = new DoubleWell(2, 0.7);
        IntegratorSpec spec = new IntegratorSpec(Scheme.HEUN, 0.01);
        int lags = 6, every = 9, members = 12;
        EnsembleSpec es = new EnsembleSpec(members, 50, 40, 3, 21);
        PerturbedEnsemble.Impulse kick = new PerturbedEnsemble.Impulse(1, 0.05, lags, every);
        InitialCondition start = InitialCondition.constant(new double[] {0.8, -0.9});
        ResponseEstimate plain, paired;
        try (Integrator integ = new JavaBackend().integrator(m, spec, Precision.F64, 5, 1)) {
            plain = new PerturbedEnsemble(integ, es, start, 0.01, kick).run("plain");
        }
        try (Integrator integ = new JavaBackend().integrator(m, spec, Precision.F64, 5, 1)) {
            CountingPair pair = new CountingPair(integ);
            PerturbedEnsemble pe = new PerturbedEnsemble(pair, es, start, 0.01, kick);
            paired = pe.run("paired");
            // Each window steps both copies between its L saves: L − 1 paired calls per window.
            assertEquals(pe.windows() * (lags - 1), pair.pairedCalls);
        }
        assertEquals(plain.pairs(), paired.pairs());
        assertArrayEquals(plain.mean(), paired.mean());
        assertArrayEquals(plain.stderr(), paired.stderr());
    }
}
