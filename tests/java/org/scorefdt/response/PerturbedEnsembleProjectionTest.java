package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;

/**
 * Linear functionals of the perturbed-ensemble truth (nonlinear model, so pairs spread): a unit
 * vector reproduces that element's mean and standard error; any w gives mean w·R; the exact
 * standard error of a sum is at most the sum of the element standard errors (the bound it replaces).
 */
class PerturbedEnsembleProjectionTest {

    @Test
    void projectionsAgreeWithTheElementwiseStatistics() {
        int lags = 6;
        DoubleWell model = new DoubleWell(1, 0.7);
        try (Integrator integ = new JavaBackend().integrator(model, new IntegratorSpec(Scheme.HEUN, 0.01), Precision.F64, 5, 1)) {
            var pe = new PerturbedEnsemble(integ, new EnsembleSpec(16, 200, 400, 10, 5), InitialCondition.zero(), 0.01,
                    new PerturbedEnsemble.Impulse(0, 0.2, lags, 8));
            double[] unit = new double[lags], w = new double[lags], ones = new double[lags];
            unit[3] = 1;
            for (int t = 0; t < lags; t++) {
                w[t] = Math.cos(t) - 0.2;
                ones[t] = 1;
            }
            PerturbedEnsemble.Projected p = pe.run("truth", new double[][] {unit, w, ones});
            ResponseEstimate r = p.estimate();
            org.junit.jupiter.api.Assertions.assertArrayEquals(r.mean(), pe.run("truth").mean(), 0.0); // projections change nothing
            assertEquals(r.at(3, 0), p.means()[0], 1e-12);
            assertEquals(r.stderrAt(3, 0), p.stderrs()[0], 1e-12 * r.stderrAt(3, 0));
            assertTrue(r.stderrAt(3, 0) > 1e-3, "pairs must spread on a nonlinear model");
            double wr = 0, sumSe = 0;
            for (int t = 0; t < lags; t++) {
                wr += w[t] * r.at(t, 0);
                sumSe += r.stderrAt(t, 0);
            }
            assertEquals(wr, p.means()[1], 1e-12);
            assertTrue(p.stderrs()[2] <= sumSe * (1 + 1e-12), p.stderrs()[2] + " vs " + sumSe);
            assertThrows(IllegalArgumentException.class, () -> pe.run("x", new double[][] {new double[lags + 1]}));
        }
    }
}
