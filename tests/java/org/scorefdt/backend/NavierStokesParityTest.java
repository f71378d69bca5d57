package org.scorefdt.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.testing.NativeTier;

/**
 * Navier–Stokes on the Java reference and the native CPU tier (FFTW). The phases see only the
 * shared Philox normals and the same IEEE operations, so they agree bitwise; the vorticity goes
 * through different FFT libraries (JTransforms vs FFTW) and agrees to rounding: after 16 RK4 steps
 * the bound is 1e-12 relative to max|ζ| (measured ≈ 1e-15). Native results are bitwise independent of
 * thread count and member blocking; F32 stays within float rounding of F64.
 */
class NavierStokesParityTest {
    static final IntegratorSpec SPEC = new IntegratorSpec(Scheme.RK4_EM, 1.0 / 128);

    static double[] run(Backend b, NavierStokes2d m, Precision p, int members, long offset, int threads, int steps) {
        double[] x = new double[members * m.dimension()];
        m.initialCondition().fill(x, members, offset, 21);
        try (Integrator in = b.integrator(m, SPEC, p, 21, threads)) {
            in.advance(x, members, offset, 0, steps / 2);
            in.advance(x, members, offset, steps / 2, steps - steps / 2);
        }
        return x;
    }

    @ParameterizedTest(name = "N={0} dealias={1} members={2}")
    @CsvSource({"16, true, 3", "16, false, 2", "32, true, 3"})
    void javaAndNativeAgree(int n, boolean dealias, int members) {
        NativeCpuBackend cpu = NativeTier.require();
        NavierStokes2d m = new NavierStokes2d(NavierStokes2d.Params.paper(n).withDealias(dealias));
        int steps = 16, size = n * n, d = m.dimension();
        double[] ref = run(new JavaBackend(), m, Precision.F64, members, 0, 1, steps);
        double[] nat = run(cpu, m, Precision.F64, members, 0, 2, steps);
        double scale = 0, err = 0;
        for (int r = 0; r < members; r++) {
            for (int i = 0; i < size; i++) {
                scale = Math.max(scale, Math.abs(ref[r * d + i]));
                err = Math.max(err, Math.abs(ref[r * d + i] - nat[r * d + i]));
            }
            for (int j = size; j < d; j++) assertEquals(ref[r * d + j], nat[r * d + j], 0.0, "phase " + (j - size) + " member " + r);
        }
        assertTrue(scale > 0.1, "non-trivial field: " + scale);
        assertTrue(err <= 1e-12 * scale, "vorticity Java vs native: " + err + " (max|ζ| " + scale + ")");
        // The run moved the field away from its start: the comparison is not of two copies of the input.
        double[] x0 = new double[members * d];
        m.initialCondition().fill(x0, members, 0, 21);
        double moved = 0;
        for (int i = 0; i < size; i++) moved = Math.max(moved, Math.abs(ref[i] - x0[i]));
        assertTrue(moved > 1e-3, "field evolved: " + moved);
    }

    @Test
    void nativeIsBitwiseIndependentOfThreadsAndBlocking() {
        NativeCpuBackend cpu = NativeTier.require();
        NavierStokes2d m = NavierStokes2d.paper(16);
        int members = 5, d = m.dimension(), steps = 24;
        double[] one = run(cpu, m, Precision.F64, members, 0, 1, steps);
        assertArrayEquals(one, run(cpu, m, Precision.F64, members, 0, 2, steps), "2 threads");
        double[] a = run(cpu, m, Precision.F64, 2, 0, 2, steps), b = run(cpu, m, Precision.F64, 3, 2, 1, steps);
        double[] joined = new double[members * d];
        System.arraycopy(a, 0, joined, 0, 2 * d);
        System.arraycopy(b, 0, joined, 2 * d, 3 * d);
        assertArrayEquals(one, joined, "blocks [0,2) + [2,5)");
    }

    /** F32: ζ within a few float ulps of the F64 run (relative 1e-5 after 16 steps; measured 3e-7), phases within float rounding. */
    @Test
    void f32StaysWithinFloatRoundingOfF64() {
        NativeCpuBackend cpu = NativeTier.require();
        NavierStokes2d m = NavierStokes2d.paper(16);
        int members = 2, d = m.dimension(), size = 256;
        double[] f64 = run(cpu, m, Precision.F64, members, 0, 1, 16), f32 = run(cpu, m, Precision.F32, members, 0, 1, 16);
        double scale = 0, err = 0, phase = 0;
        for (int r = 0; r < members; r++) {
            for (int i = 0; i < size; i++) {
                scale = Math.max(scale, Math.abs(f64[r * d + i]));
                err = Math.max(err, Math.abs(f64[r * d + i] - f32[r * d + i]));
            }
            for (int j = size; j < d; j++) phase = Math.max(phase, Math.abs(f64[r * d + j] - f32[r * d + j]));
        }
        assertTrue(err < 1e-5 * scale && err > 0, "F32 vs F64 vorticity: " + err + " (scale " + scale + ")");
        assertTrue(phase < 1e-5, "F32 vs F64 phases: " + phase);
    }

    /** Zero steps leave the state bitwise unchanged on both tiers (no FFT round trip). */
    @Test
    void zeroStepsChangeNothing() {
        NativeCpuBackend cpu = NativeTier.require();
        NavierStokes2d m = NavierStokes2d.paper(16);
        for (Backend b : new Backend[] {new JavaBackend(), cpu}) {
            double[] x = run(b, m, Precision.F64, 2, 0, 1, 4), y = x.clone();
            try (Integrator in = b.integrator(m, SPEC, Precision.F64, 21, 1)) {
                in.advance(y, 2, 0, 4, 0);
            }
            assertArrayEquals(x, y, b.kind().configName());
        }
    }

    @Test
    void otherSchemesFallBackWithAReason() {
        NativeCpuBackend cpu = NativeTier.require();
        NavierStokes2d m = NavierStokes2d.paper(16);
        assertTrue(cpu.unsupported(m, SPEC, Precision.F64).isEmpty());
        String why = cpu.unsupported(m, new IntegratorSpec(Scheme.HEUN, 0.01), Precision.F64).orElseThrow();
        assertTrue(why.contains("rk4-em"), why);
    }
}
