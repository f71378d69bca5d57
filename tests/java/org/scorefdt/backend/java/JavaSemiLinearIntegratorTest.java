package org.scorefdt.backend.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.integrate.CorrelatedIncrement;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.integrate.SemiLinearStepper;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.DoubleWell;

/**
 * The Java semilinear integrator: RK4+EM equals the generic integrator bit for bit (same operations),
 * each step is exactly "stepper with the (seed, member, step) increment", and results do not depend on
 * threads or member blocks.
 */
class JavaSemiLinearIntegratorTest {
    static final AllenCahn AC = new AllenCahn(AllenCahn.Params.paper(8));

    static double[] start(int members) {
        double[] x = new double[members * 64];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(0.7 * i + 0.1);
        return x;
    }

    @Test
    void rk4EmIsBitwiseTheGenericIntegrator() {
        IntegratorSpec spec = new IntegratorSpec(Scheme.RK4_EM, 1.0 / 32);
        double[] a = start(3), b = start(3);
        try (Integrator semi = new JavaBackend().integrator(AC, spec, Precision.F64, 5L, 1);
             Integrator gen = new JavaIntegrator(AC, spec, Precision.F64, 5L, 1)) {
            assertTrue(semi instanceof JavaSemiLinearIntegrator);
            semi.advance(a, 3, 0, 0, 20);
            gen.advance(b, 3, 0, 0, 20);
        }
        for (int i = 0; i < a.length; i++) assertEquals(Double.doubleToRawLongBits(b[i]), Double.doubleToRawLongBits(a[i]));
    }

    @Test
    void etdStepsUseTheKeyedIncrementAndIgnoreBlocking() {
        for (Scheme s : new Scheme[] {Scheme.ETD1, Scheme.ETD2}) {
            IntegratorSpec spec = new IntegratorSpec(s, 1.0 / 32);
            double[] whole = start(5), threaded = start(5), manual = start(5);
            try (Integrator one = new JavaBackend().integrator(AC, spec, Precision.F64, 9L, 1);
                 Integrator two = new JavaBackend().integrator(AC, spec, Precision.F64, 9L, 2)) {
                one.advance(whole, 5, 100, 7, 6);
                two.advance(threaded, 2, 100, 7, 6);
                double[] rest = java.util.Arrays.copyOfRange(threaded, 2 * 64, 5 * 64);
                two.advance(rest, 3, 102, 7, 6);
                System.arraycopy(rest, 0, threaded, 2 * 64, 3 * 64);
            }
            SemiLinearStepper st = new SemiLinearStepper(AC, spec);
            CorrelatedIncrement inc = new CorrelatedIncrement(AC.noise());
            double[] eta = new double[64];
            for (int m = 0; m < 5; m++) {
                for (int k = 0; k < 6; k++) {
                    inc.draw(9L, 100 + m, 7 + k, 1.0 / 32, eta);
                    st.step(manual, m * 64, eta);
                }
            }
            for (int i = 0; i < whole.length; i++) {
                assertEquals(manual[i], whole[i], 0.0, s + " cell " + i);
                assertEquals(whole[i], threaded[i], 0.0, s + " cell " + i);
            }
        }
    }

    @Test
    void etdIsRefusedForModelsWithoutASpectralSplit() {
        var why = new JavaBackend().unsupported(new DoubleWell(2, 0.7), new IntegratorSpec(Scheme.ETD2, 0.01), Precision.F64);
        assertTrue(why.isPresent() && why.get().contains("etd2"), why.toString());
    }
}
