package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.testing.OuFixture;

/**
 * On a linear model with shared noise, (x_δ − x)/δ evolves deterministically as the discrete
 * propagator: it must equal the exact response to rounding (≈ |x|/δ·1e−16 per step), with zero spread.
 */
class PerturbedEnsembleTest {
    private static final int D = 64;

    @Test
    void linearModelGivesTheExactResponseDeterministically() {
        int members = 8, lags = 15, every = 20, pixel = 0;
        long saves = 45; // windows start at saves 0 and 20; 40 + 14 > 44 does not fit
        try (Integrator integ = new JavaBackend().integrator(OuFixture.MODEL, OuFixture.SPEC, Precision.F64, 12, 2)) {
            var pe = new PerturbedEnsemble(integ, new EnsembleSpec(members, 5, saves, 1, 12),
                    OuFixture.EXACT.stationaryInitialCondition(), 1.0,
                    new PerturbedEnsemble.Impulse(pixel, 1.0 / 16, lags, every));
            assertEquals(2, pe.windows());
            ResponseEstimate r = pe.run("perturbed");
            assertEquals(2L * members, r.pairs());
            double[] exact = OuFixture.exactResponse(lags);
            for (int t = 0; t < lags; t++) {
                for (int i = 0; i < D; i++) {
                    assertEquals(exact[t * D + i], r.at(t, i), 1e-9, "lag " + t + " pixel " + i);
                    assertTrue(r.stderrAt(t, i) < 1e-9, "SE at lag " + t);
                }
            }
        }
    }

    @Test
    void impulseAtAnotherPixelShiftsTheColumn() {
        int pixel = 3 * 8 + 6, lags = 6;
        try (Integrator integ = new JavaBackend().integrator(OuFixture.MODEL, OuFixture.SPEC, Precision.F64, 4, 1)) {
            ResponseEstimate r = new PerturbedEnsemble(integ, new EnsembleSpec(2, 0, lags, 2, 4),
                    OuFixture.EXACT.stationaryInitialCondition(), 1.0,
                    new PerturbedEnsemble.Impulse(pixel, -0.5, lags, lags)).run("p");
            assertEquals(2.0, r.times()[1]); // saveEvery 2 × dt 1
            for (int t = 0; t < lags; t++) {
                double[] col = OuFixture.EXACT.responseColumn(2 * t);
                for (int i = 0; i < D; i++) {
                    int rr = Math.floorMod(i / 8 - 3, 8) * 8 + Math.floorMod(i % 8 - 6, 8);
                    assertEquals(col[rr], r.at(t, i), 1e-9);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new PerturbedEnsemble.Impulse(0, 0.1, 10, 5));
    }
}
