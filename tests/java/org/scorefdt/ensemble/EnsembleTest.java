package org.scorefdt.ensemble;

import org.scorefdt.model.InitialCondition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.testing.Stats;

class EnsembleTest {

    /** A user model written in Java: dx = x² dt + σ dW blows up in finite time from x0 = 1. */
    record Explosive() implements Model {
        @Override public String name() { return "explosive"; }
        @Override public int dimension() { return 2; }
        @Override public void drift(double[] x, int o, double[] out, int oo) {
            out[oo] = x[o] * x[o];
            out[oo + 1] = -x[o + 1];
        }
        @Override public Noise noise() { return new Noise.Isotropic(0.0); }
    }

    @Test
    void blowUpNamesMemberAndStepAndKeepsEarlierSaves() {
        List<Long> saved = new ArrayList<>();
        try (Integrator in = new JavaBackend().integrator(new Explosive(), new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.1),
                Precision.F64, 1, 1)) {
            double[] x0 = {1.0, 0.0, 0.5, 0.0, 0.1, 0.0};
            Ensemble e = new Ensemble(in, new EnsembleSpec(3, 0, 1000, 5, 1), InitialCondition.constant(x0), 0.1);
            double[] start = x0.clone();
            SimulationDivergedException ex = assertThrows(SimulationDivergedException.class,
                    () -> e.run(start, 0, List.of((save, t, s, m) -> saved.add(save)), null));
            assertEquals(0, ex.member(), ex.getMessage());
            assertTrue(ex.getMessage().contains("member 0") && ex.getMessage().contains("step"), ex.getMessage());
            assertEquals(saved.size(), ex.completedSaves());
            assertTrue(saved.size() > 1, "saves before the blow-up were delivered");
        }
    }

    @Test
    void saveTimesAndProgressAddUp() {
        long[] work = {0};
        List<Double> times = new ArrayList<>();
        try (Integrator in = new JavaBackend().integrator(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01),
                Precision.F64, 3, 1)) {
            Ensemble e = new Ensemble(in, new EnsembleSpec(4, 50, 11, 10, 3), InitialCondition.zero(), 0.01);
            e.run(List.of((save, t, s, m) -> times.add(t)), w -> work[0] += w);
        }
        assertEquals(11, times.size());
        assertEquals(1.0, times.get(10), 1e-12);
        assertEquals(4L * (50 + 100), work[0]);
    }

    /**
     * Euler–Maruyama on the OU SPDE: the sampled pixel variance matches the scheme's own exact
     * stationary variance (its O(dt) bias included) within k·SE, and is measurably away from the
     * continuum value — the bias the exact scheme removes. SE from the spread over members.
     */
    @Test
    void eulerMaruyamaStationaryVarianceCarriesItsKnownBias() {
        OuSpde model = new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
        double dt = 0.6;
        IntegratorSpec em = new IntegratorSpec(Scheme.EULER_MARUYAMA, dt);
        OuExact emExact = new OuExact(model, em);
        double continuum = new OuExact(model, new IntegratorSpec(Scheme.EXACT_OU, dt)).pixelVariance();
        int members = 64, saves = 400;
        double[] perMember = new double[members];
        try (Integrator in = new JavaBackend().integrator(model, em, Precision.F64, 11, 2)) {
            Ensemble e = new Ensemble(in, new EnsembleSpec(members, 0, saves, 2, 11), emExact.stationaryInitialCondition(), dt);
            e.run(List.of((save, t, s, m) -> {
                for (int k = 0; k < m; k++) {
                    double acc = 0;
                    for (int i = 0; i < 64; i++) acc += s[k * 64 + i] * s[k * 64 + i];
                    perMember[k] += acc / 64 / saves;
                }
            }), null);
        }
        double mean = 0, var = 0;
        for (double v : perMember) mean += v / members;
        for (double v : perMember) var += (v - mean) * (v - mean) / (members - 1);
        double se = Math.sqrt(var / members);
        double k = Stats.bonferroniK(1e-4, 2);
        assertEquals(emExact.pixelVariance(), mean, k * se, "EM variance vs its exact discrete value");
        assertTrue(Math.abs(mean - continuum) > k * se,
                "the O(dt) bias " + (emExact.pixelVariance() - continuum) + " should be resolved (SE " + se + ")");
    }
}
