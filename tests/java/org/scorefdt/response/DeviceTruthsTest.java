package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Host-only: an integrator of a host tier offers no {@link DeviceTruth}, and {@link PerturbedEnsemble#run}
 * then stays on the host unchanged.
 */
class DeviceTruthsTest {

    @Test
    void hostIntegratorsKeepTheTruthOnTheHost() {
        DoubleWell m = new DoubleWell(1, 0.7);
        try (Integrator java = new JavaBackend().integrator(m, new IntegratorSpec(Scheme.HEUN, 0.01), Precision.F64, 3, 1)) {
            assertFalse(java instanceof DeviceTruth.Source);
            PerturbedEnsemble pe = new PerturbedEnsemble(java, new EnsembleSpec(4, 10, 12, 2, 5),
                    InitialCondition.constant(new double[] {0.3}), 0.01, new PerturbedEnsemble.Impulse(0, 0.05, 3, 4));
            assertTrue(DeviceTruths.choose(pe).isEmpty());
            double[][] w = {{1, 0.5, -0.25}};
            PerturbedEnsemble.Projected a = pe.run("a", w), b = pe.runOnHost("a", w);
            assertArrayEquals(a.estimate().mean(), b.estimate().mean());
            assertArrayEquals(a.means(), b.means());
        }
    }
}
