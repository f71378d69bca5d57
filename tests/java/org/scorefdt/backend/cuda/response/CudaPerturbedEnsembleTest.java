package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.PerturbedEnsemble.Projected;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.integrate.CudaGridPairedTest;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * GPU-only: the device-resident ground truth ({@link CudaPerturbedEnsemble}, chosen by
 * {@link PerturbedEnsemble#run(String, double[][])} for paired F64 CUDA integrators) against the host
 * algorithm ({@link PerturbedEnsemble#runOnHost}) on the same integrator: means, standard errors,
 * projections and their standard errors bit for bit, over several windows, with an impulse or a
 * profile, observed < d, a member offset; a constant number of host↔device copies whatever the
 * number of saves; divergence reported at the host's member, step and save. Skipped without a GPU.
 */
@Tag("gpu")
class CudaPerturbedEnsembleTest {
    private static final long SEED = 11, OFFSET = 5;

    /** model, members, observed components, profile kick (else an impulse) */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("dw1", 1, 1, false),
                Arguments.of("dw1", 33, 1, true),
                Arguments.of("dw3", 33, 2, false),   // observed < d: the hidden component is stepped, not recorded
                Arguments.of("l96", 1, 40, false),
                Arguments.of("l96", 33, 30, true),   // observed < d with a profile over the observed components
                Arguments.of("dw1", 257, 1, false),
                Arguments.of("l96", 257, 40, false),
                Arguments.of("l96", 33, 40, true),
                Arguments.of("dw3", 1000, 3, true)); // 3 full member blocks of 256 and a partial one of 232
    }

    private record Setup(Model model, IntegratorSpec spec, InitialCondition start) {}

    private static Setup setup(String model) {
        return switch (model) {
            case "dw1" -> new Setup(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.HEUN, 0.01),
                    InitialCondition.constant(new double[] {0.5}));
            case "dw3" -> new Setup(new DoubleWell(3, 0.7), new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01),
                    InitialCondition.constant(new double[] {0.5, -0.8, 0.1}));
            case "l96" -> {
                double[] x0 = new double[40];
                for (int i = 0; i < x0.length; i++) x0[i] = 1 + Math.sin(0.7 * i);
                yield new Setup(Lorenz96.standard(), new IntegratorSpec(Scheme.RK4_EM, 0.01), InitialCondition.constant(x0));
            }
            default -> throw new IllegalArgumentException(model);
        };
    }

    private static PerturbedEnsemble.Impulse kick(int observed, boolean profile, double delta) {
        int lags = 4, resetEvery = 6;
        if (!profile) return new PerturbedEnsemble.Impulse(observed - 1, delta, lags, resetEvery);
        double[] u = new double[observed];
        for (int i = 0; i < observed; i++) u[i] = 0.5 + 0.25 * Math.cos(i);
        return new PerturbedEnsemble.Impulse(new Perturbation.Profile(u), delta, lags, resetEvery);
    }

    private static double[][] projections(int lags, int observed) {
        double[][] w = new double[2][lags * observed];
        for (int k = 0; k < w[0].length; k++) {
            w[0][k] = Math.cos(0.9 * k);
            w[1][k] = k % observed == 0 ? 1 : 0;  // Σ over lags of component 0
        }
        return w;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void deviceTruthEqualsTheHostBitwise(String model, int members, int observed, boolean profile) {
        CudaTier.leaveToTheGpu(model.equals("l96") && members > 1, "l96 × 33 takes ~35 s and × 257 ~250 s on host threads");
        Backend cuda = CudaTier.require();
        Setup s = setup(model);
        EnsembleSpec es = new EnsembleSpec(members, 20, 23, 3, 7);  // windows at saves 0, 6, 12, 18
        PerturbedEnsemble.Impulse kick = kick(observed, profile, 0.01);
        double[][] w = projections(kick.lags(), observed);
        try (Integrator in = cuda.integrator(s.model(), s.spec(), Precision.F64, SEED, 1)) {
            PerturbedEnsemble pe = new PerturbedEnsemble(in, es, s.start(), s.spec().dt(), kick, OFFSET, observed);
            assertEquals(4, pe.windows());
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            Projected dev = pe.run("truth", w, cuda);  // offered: the device path
            DeviceBuffer.CopyCount devCopies = DeviceBuffer.copies().since(before);
            Projected host = pe.runOnHost("truth", w);
            assertBitwise(host, dev);
            double mag = 0;
            for (double v : host.estimate().mean()) mag = Math.max(mag, Math.abs(v));
            assertTrue(mag > 0.1 && Double.isFinite(host.stderrs()[0]), "non-trivial truth: max |R| = " + mag);
            // up: states (+ weights); down: spin-up check, results, divergence records, end check
            assertTrue(devCopies.toDevice() <= 2 && devCopies.toHost() <= 4, "device run copies: " + devCopies);
            // and the direct entry gives the same numbers
            assertBitwise(host, new CudaPerturbedEnsemble(pe).run("truth", w));
        }
    }

    /**
     * The grid integrators (paired on the device since branch grid-paired): OU 8×8 (exact OU scheme),
     * Allen–Cahn 8×8 and Navier–Stokes 8×8, whose state rows carry hidden forcing phases (observed = N² < d).
     */
    @ParameterizedTest(name = "{0} {1} × {2}")
    @CsvSource({"ou8, EXACT_OU, 1", "ou8, EXACT_OU, 33", "ns8, RK4_EM, 3", "ac8, ETD2, 5", "ou8, EXACT_OU, 257"})
    void gridDeviceTruthEqualsTheHostBitwise(String name, Scheme scheme, int members) {
        Backend cuda = CudaTier.require();
        Model m = CudaGridPairedTest.model(name);
        double dt = CudaGridPairedTest.dt(m);
        int observed = m.observedDimension(), lags = 3;
        EnsembleSpec es = new EnsembleSpec(members, 4, 11, 2, 13);  // windows at saves 0, 4, 8
        PerturbedEnsemble.Impulse kick = new PerturbedEnsemble.Impulse(5, 0.25, lags, 4);
        double[][] w = projections(lags, observed);
        try (Integrator in = cuda.integrator(m, new IntegratorSpec(scheme, dt), Precision.F64, SEED, 0)) {
            PerturbedEnsemble pe = new PerturbedEnsemble(in, es, CudaGridPairedTest.initial(m), dt, kick, OFFSET, observed);
            assertEquals(3, pe.windows());
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            Projected dev = pe.run("truth", w, cuda);
            DeviceBuffer.CopyCount devCopies = DeviceBuffer.copies().since(before);
            Projected host = pe.runOnHost("truth", w);
            assertBitwise(host, dev);
            double mag = 0;
            for (double v : host.estimate().mean()) mag = Math.max(mag, Math.abs(v));
            assertTrue(mag > 0.1, name + ": non-trivial truth, max |R| = " + mag);
            // up: states + weights; down: spin-up check, results, divergence records, end check (measured: 2 and 4)
            assertTrue(devCopies.toDevice() <= 2 && devCopies.toHost() <= 4, "device run copies: " + devCopies);
        }
    }

    @Test
    void copiesDoNotGrowWithTheNumberOfSaves() {
        Backend cuda = CudaTier.require();
        Setup s = setup("dw1");
        PerturbedEnsemble.Impulse kick = kick(1, false, 0.01);
        DeviceBuffer.CopyCount[] counts = new DeviceBuffer.CopyCount[2];
        int[] saves = {23, 71};
        try (Integrator in = cuda.integrator(s.model(), s.spec(), Precision.F64, SEED, 1)) {
            for (int k = 0; k < 2; k++) {
                PerturbedEnsemble pe = new PerturbedEnsemble(in, new EnsembleSpec(33, 20, saves[k], 3, 7), s.start(), 0.01, kick);
                DeviceBuffer.CopyCount before = DeviceBuffer.copies();
                pe.run("truth", projections(kick.lags(), 1), cuda);
                counts[k] = DeviceBuffer.copies().since(before);
            }
            assertEquals(counts[0], counts[1], "copies of a 23-save and a 71-save device run");
            // the host path on the same integrator copies both ways at every save (reference point)
            PerturbedEnsemble pe = new PerturbedEnsemble(in, new EnsembleSpec(33, 20, 71, 3, 7), s.start(), 0.01, kick);
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            pe.runOnHost("truth", new double[0][]);
            assertTrue(DeviceBuffer.copies().since(before).toHost() >= 70, "host path copies per save");
        }
    }

    @Test
    void divergenceIsReportedAtTheHostsMemberStepAndSave() {
        Backend cuda = CudaTier.require();
        Setup s = setup("l96");
        PerturbedEnsemble.Impulse kick = kick(40, false, 1e200);  // the copy overflows within a save
        try (Integrator in = cuda.integrator(s.model(), s.spec(), Precision.F64, SEED, 1)) {
            PerturbedEnsemble pe = new PerturbedEnsemble(in, new EnsembleSpec(3, 10, 14, 3, 7), s.start(), 0.01, kick, OFFSET, 40);
            SimulationDivergedException host = assertThrows(SimulationDivergedException.class, () -> pe.runOnHost("truth", new double[0][]));
            SimulationDivergedException dev = assertThrows(SimulationDivergedException.class, () -> pe.run("truth", new double[0][], cuda));
            assertEquals(host.member(), dev.member());
            assertEquals(host.step(), dev.step());
            assertEquals(host.completedSaves(), dev.completedSaves());
            assertTrue(dev.getMessage().contains("diverged: member " + host.member()), dev.getMessage());
        }
    }

    @Test
    void f32AndUnpairedIntegratorsStayOnTheHost() {
        Backend cuda = CudaTier.require();
        Setup s = setup("dw1");
        PerturbedEnsemble.Impulse kick = kick(1, false, 0.01);
        EnsembleSpec es = new EnsembleSpec(5, 20, 11, 3, 7);
        try (Integrator f32 = cuda.integrator(s.model(), s.spec(), Precision.F32, SEED, 1)) {
            PerturbedEnsemble pe = new PerturbedEnsemble(f32, es, s.start(), 0.01, kick);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CudaPerturbedEnsemble(pe));
            assertTrue(e.getMessage().contains("F32"), e.getMessage());
            assertTrue(cuda.truth(pe).declined(), "F32: the tier declines");
            assertBitwise(pe.runOnHost("truth", new double[0][]), pe.run("truth", new double[0][], cuda));  // declined: host
        }
        try (Integrator java = new JavaBackend().integrator(s.model(), s.spec(), Precision.F64, SEED, 1)) {
            PerturbedEnsemble pe = new PerturbedEnsemble(java, es, s.start(), 0.01, kick);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CudaPerturbedEnsemble(pe));
            assertTrue(e.getMessage().contains("advancePairDevice"), e.getMessage());
        }
    }

    static void assertBitwise(Projected expected, Projected actual) {
        assertEquals(expected.estimate().pairs(), actual.estimate().pairs());
        assertArrayEquals(bits(expected.estimate().times()), bits(actual.estimate().times()));
        assertArrayEquals(bits(expected.estimate().mean()), bits(actual.estimate().mean()), "means");
        assertArrayEquals(bits(expected.estimate().stderr()), bits(actual.estimate().stderr()), "standard errors");
        assertArrayEquals(bits(expected.means()), bits(actual.means()), "projections");
        assertArrayEquals(bits(expected.stderrs()), bits(actual.stderrs()), "projection standard errors");
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Double.doubleToRawLongBits(v[i]);
        return b;
    }
}
