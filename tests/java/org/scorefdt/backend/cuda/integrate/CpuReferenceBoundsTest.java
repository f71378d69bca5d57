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

    /** A Navier–Stokes run of {@code steps} RK4 + EM steps (dt = 1/128) from the model's start, in two calls. */
    private static double[] runNavierStokes(Backend b, NavierStokes2d m, int members, int steps) {
        double[] x = new double[members * m.dimension()];
        m.initialCondition().fill(x, members, 1000, 21);
        try (Integrator in = b.integrator(m, new IntegratorSpec(Scheme.RK4_EM, 1.0 / 128), Precision.F64, 21, 2)) {
            in.advance(x, members, 1000, 0, steps / 2);
            in.advance(x, members, 1000, steps / 2, steps - steps / 2);
        }
        return x;
    }

    private static void report(String what, double diff, double bound) {
        System.out.printf("java vs native %-40s diff %.3e  bound %.3e  ratio %.2e%n", what, diff, bound, diff / bound);
        assertTrue(diff <= bound, what + ": max |java − native| = " + diff + " > " + bound);
    }

    @ParameterizedTest(name = "N={0} dealias={1} members={2}")
    @CsvSource({"16, true, 3", "16, false, 2", "32, true, 33", "64, true, 257"})
    void navierStokes(int n, boolean dealias, int members) {
        Backend nat = NativeTier.require();
        NavierStokes2d m = new NavierStokes2d(NavierStokes2d.Params.paper(n).withDealias(dealias));
        int size = n * n, d = m.dimension();
        double[] ref = runNavierStokes(JAVA, m, members, 16);
        double[] got = runNavierStokes(nat, m, members, 16);
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
