package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;
import org.scorefdt.testing.Stats;

/** The README's embedding example, run end to end and checked against the exact stationary law. */
class ReadmeExampleTest {

    /** Streams ⟨x²⟩ per member (members are independent: their spread gives the error bar). */
    static final class SecondMoment implements Observer {
        double[] sum;
        long count;

        @Override
        public void observe(long saveIndex, double time, double[] states, int members) {
            if (sum == null) sum = new double[members];
            for (int m = 0; m < members; m++) sum[m] += states[m] * states[m];
            count++;
        }
    }

    @Test
    void customJavaModelRunsEndToEndAndMatchesTheExactDensity() {
        Model model = new Model() {
            public String name() { return "my-double-well"; }
            public int dimension() { return 1; }
            public void drift(double[] x, int o, double[] out, int oo) { out[oo] = x[o] - x[o] * x[o] * x[o]; }
            public Noise noise() { return new Noise.Isotropic(0.7); }
        };
        SecondMoment m2 = new SecondMoment();
        SimulationResult r = Simulation.of(model)
                .scheme(Scheme.HEUN).dt(0.01).members(256)
                .spinUpSteps(2_000).saves(2_000).saveEvery(10).seed(42)
                .backend(BackendKind.AUTO)
                .observe(m2).run();
        assertEquals(BackendKind.JAVA, r.backend());
        assertFalse(r.fallbackReasons().isEmpty(), "the fallback from faster tiers is reported");

        double mean = 0, var = 0;
        double[] perMember = new double[256];
        for (int m = 0; m < 256; m++) perMember[m] = m2.sum[m] / m2.count;
        for (double v : perMember) mean += v / 256;
        for (double v : perMember) var += (v - mean) * (v - mean) / 255;
        // Exact ⟨x²⟩ under p ∝ exp(2(x²/2 − x⁴/4)/σ²), by quadrature; Heun's O(dt²) bias at dt = 0.01 is ≪ SE.
        double num = 0, den = 0;
        for (double x = -4; x <= 4; x += 1e-4) {
            double p = Math.exp(2 * (x * x / 2 - x * x * x * x / 4) / 0.49);
            num += x * x * p;
            den += p;
        }
        assertEquals(num / den, mean, Stats.bonferroniK(1e-4, 1) * Math.sqrt(var / 256));
    }
}
