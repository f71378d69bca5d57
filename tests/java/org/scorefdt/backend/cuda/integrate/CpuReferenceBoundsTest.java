package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Model;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.NativeTier;

/**
 * CPU-only, no GPU: the Java reference against the native tier on exactly the cases and bounds of
 * the GPU parity tests that accept either as their reference ({@link CpuReference}; the GPU node has
 * only Java). If Java meets each bound against native here, CUDA against Java on the node is the same
 * kind of comparison (one FFT library's rounding against another's, or float against double). Each
 * case prints its measured ratio to the bound. Skipped where the native tier is absent.
 */
class CpuReferenceBoundsTest {
    private static final Backend JAVA = new JavaBackend();

    private static void report(String what, double diff, double bound) {
        System.out.printf("java vs native %-40s diff %.3e  bound %.3e  ratio %.2e%n", what, diff, bound, diff / bound);
        assertTrue(diff <= bound, what + ": max |java − native| = " + diff + " > " + bound);
    }

    /** CudaIntegratorParityTest's low-dimensional cases: F64 bitwise; F32 native vs F64 Java within the node's bound. */
    @ParameterizedTest(name = "{0} {1} {2} members={3}")
    @CsvSource({
        "dw1, EULER_MARUYAMA, F64, 1", "dw, HEUN, F64, 31", "dw, RK4_EM, F32, 33", "dw1, RK4_EM, F64, 4097",
        "l96, EULER_MARUYAMA, F64, 33", "l96, HEUN, F32, 1", "l96, RK4_EM, F64, 257", "l96, RK4_EM, F32, 4097",
        "l96odd, RK4_EM, F64, 31", "l96odd, HEUN, F32, 257"})
    void lowDimensional(String name, Scheme scheme, Precision p, int members) {
        Backend nat = NativeTier.require();
        Model m = CudaIntegratorParityTest.model(name);
        double[] got = CudaIntegratorParityTest.run(nat, m, scheme, 0.01, p, members, 40);
        if (p == Precision.F64) {
            CudaIntegratorParityTest.assertBitwise(CudaIntegratorParityTest.run(JAVA, m, scheme, 0.01, p, members, 40), got,
                    name + " " + scheme + " java vs native");
            return;
        }
        double[] ref = CudaIntegratorParityTest.run(JAVA, m, scheme, 0.01, Precision.F64, members, 40);
        report(name + " " + scheme + " f32 native vs f64", CudaIntegratorParityTest.maxDiff(ref, got),
                6e-8 * 40 * 4 * Math.max(1, CudaIntegratorParityTest.maxAbs(ref)));
    }

    @ParameterizedTest(name = "{0} {1} members={3}")
    @CsvSource({"ou8, EXACT_OU, F64, 1, 1.0", "ou8, EULER_MARUYAMA, F64, 33, 0.1", "ou32, EXACT_OU, F64, 31, 1.0",
        "ou32, HEUN, F64, 257, 0.5", "ou32, RK4_EM, F64, 4097, 0.5"})
    void spectral(String name, Scheme scheme, Precision p, int members, double dt) {
        Backend nat = NativeTier.require();
        Model m = CudaIntegratorParityTest.model(name);
        int steps = members > 1000 ? 6 : 30;
        double[] ref = CudaIntegratorParityTest.run(JAVA, m, scheme, dt, p, members, steps);
        double[] got = CudaIntegratorParityTest.run(nat, m, scheme, dt, p, members, steps);
        report(name + " " + scheme + " x" + members, CudaIntegratorParityTest.maxDiff(ref, got),
                1e-12 * CudaIntegratorParityTest.maxAbs(ref));
    }

    /**
     * CudaAllenCahnParityTest's cases. They start from {@code InitialCondition.boundedSmoothedWhiteNoise}:
     * with the plain smoothed-white-noise start (divided by the field's maximum, which can be a tiny
     * positive number) 5 and 9 of the 257 members of the 64×64 cases reached NaN within 10 steps on
     * both CPU tiers alike (max|u| = 2.8e58 after one step), so no rounding bound could be measured.
     */
    @ParameterizedTest(name = "n={0} {1} members={2} steps={3}")
    @CsvSource({"8, RK4_EM, 1, 40", "16, RK4_EM, 33, 40", "16, ETD1, 31, 40", "8, ETD2, 5, 40", "64, RK4_EM, 257, 10",
        "64, ETD2, 257, 10", "64, ETD1, 1, 40"})
    void allenCahn(int n, Scheme scheme, int members, int steps) {
        Backend nat = NativeTier.require();
        AllenCahn m = new AllenCahn(AllenCahn.Params.paper(n));
        double[] ref = CudaAllenCahnParityTest.run(JAVA, m, scheme, Precision.F64, members, steps);
        double[] got = CudaAllenCahnParityTest.run(nat, m, scheme, Precision.F64, members, steps);
        report("allen-cahn n=" + n + " " + scheme + " x" + members, CudaIntegratorParityTest.maxDiff(ref, got),
                1e-12 * CudaIntegratorParityTest.maxAbs(ref));
    }

    @ParameterizedTest(name = "N={0} dealias={1} members={2}")
    @CsvSource({"16, true, 3", "16, false, 2", "32, true, 33", "64, true, 257"})
    void navierStokes(int n, boolean dealias, int members) {
        Backend nat = NativeTier.require();
        NavierStokes2d m = new NavierStokes2d(NavierStokes2d.Params.paper(n).withDealias(dealias));
        int size = n * n, d = m.dimension();
        double[] ref = CudaNavierStokesParityTest.run(JAVA, m, Precision.F64, members, 16);
        double[] got = CudaNavierStokesParityTest.run(nat, m, Precision.F64, members, 16);
        double scale = 0, err = 0;
        for (int r = 0; r < members; r++) {
            for (int i = 0; i < size; i++) {
                scale = Math.max(scale, Math.abs(ref[r * d + i]));
                err = Math.max(err, Math.abs(ref[r * d + i] - got[r * d + i]));
            }
            for (int j = size; j < d; j++) assertEquals(ref[r * d + j], got[r * d + j], 0.0, "phase " + (j - size) + " member " + r);
        }
        report("navier-stokes N=" + n + " dealias=" + dealias + " x" + members, err, 1e-12 * scale);
    }

    /** CudaGridPairedTest's PerturbedEnsemble case: the response means within 2e-12·max|x|/δ. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ou8, EXACT_OU", "ac8, ETD2", "ac8, RK4_EM", "ns8, RK4_EM"})
    void perturbedEnsemble(String name, Scheme scheme) {
        Backend nat = NativeTier.require();
        Model m = CudaGridPairedTest.model(name);
        double delta = 0.25, dt = CudaGridPairedTest.dt(m);
        EnsembleSpec es = new EnsembleSpec(5, 4, 7, 2, 13);
        PerturbedEnsemble.Impulse kick = new PerturbedEnsemble.Impulse(5, delta, 3, 3);
        ResponseEstimate ref, got;
        double scale;
        try (Integrator in = JAVA.integrator(m, new IntegratorSpec(scheme, dt), Precision.F64, 0x9a1dL, 1)) {
            ref = new PerturbedEnsemble(in, es, CudaGridPairedTest.initial(m), dt, kick, 1000, m.observedDimension()).run("java");
            double[] x = new double[5 * m.dimension()];
            CudaGridPairedTest.initial(m).fill(x, 5, 1000, 13);
            in.advance(x, 5, 1000, 0, 16);
            scale = CudaIntegratorParityTest.maxAbs(x);
        }
        try (Integrator in = nat.integrator(m, new IntegratorSpec(scheme, dt), Precision.F64, 0x9a1dL, 1)) {
            got = new PerturbedEnsemble(in, es, CudaGridPairedTest.initial(m), dt, kick, 1000, m.observedDimension()).run("cpu");
        }
        report("perturbed " + name + " " + scheme, CudaIntegratorParityTest.maxDiff(ref.mean(), got.mean()), 2 * 1e-12 * scale / delta);
    }
}
