package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: 2-D Navier–Stokes (RK4+EM) on the CUDA tier ({@link CudaNavierStokesIntegrator}) against
 * the CPU reference ({@link CpuReference}: native, or Java where the natives are absent, as on the
 * node), members from offset 1000, two {@code advance} calls. The phases see only their own noise
 * and must agree bitwise (F64; Java's equal native's bitwise, NavierStokesParityTest); the vorticity
 * differs by cuFFT's rounding against FFTW's or JTransforms'. Skipped with the cause where no GPU is ({@code FakeDriverTest} runs these on the fakes).
 */
@Tag("gpu")
class CudaNavierStokesParityTest {
    static final IntegratorSpec SPEC = new IntegratorSpec(Scheme.RK4_EM, 1.0 / 128);

    static double[] run(Backend b, NavierStokes2d m, Precision p, int members, int steps) {
        double[] x = new double[members * m.dimension()];
        m.initialCondition().fill(x, members, 1000, 21);
        try (Integrator in = b.integrator(m, SPEC, p, 21, 2)) {
            in.advance(x, members, 1000, 0, steps / 2);
            in.advance(x, members, 1000, steps / 2, steps - steps / 2);
        }
        return x;
    }

    @ParameterizedTest(name = "N={0} dealias={1} members={2}")
    @CsvSource({"16, true, 3", "16, false, 2", "32, true, 33", "64, true, 257"})
    void f64AgreesWithTheCpuToFftRounding(int n, boolean dealias, int members) {
        CudaTier.leaveToTheGpu(n == 64, "64×64 × 257 members");
        Backend cuda = CudaTier.require();
        Backend cpu = CpuReference.require();
        NavierStokes2d m = new NavierStokes2d(NavierStokes2d.Params.paper(n).withDealias(dealias));
        int steps = 16, size = n * n, d = m.dimension();
        double[] ref = run(cpu, m, Precision.F64, members, steps);
        double[] got = run(cuda, m, Precision.F64, members, steps);
        double scale = 0, err = 0;
        for (int r = 0; r < members; r++) {
            for (int i = 0; i < size; i++) {
                scale = Math.max(scale, Math.abs(ref[r * d + i]));
                err = Math.max(err, Math.abs(ref[r * d + i] - got[r * d + i]));
            }
            for (int j = size; j < d; j++) assertEquals(ref[r * d + j], got[r * d + j], 0.0, "phase " + (j - size) + " member " + r);
        }
        assertTrue(scale > 0.1, "non-trivial field: " + scale);
        // As NavierStokesParityTest's Java/FFTW bound: ≤ 9 transforms per drift, 4 drifts a step, 16 steps,
        // ε·log₂N²·36·16 ≈ 8e-13 relative before the (short-time, mild) chaotic growth, for either FFT
        // library in the reference (Java vs native on these cases: CpuReferenceBoundsTest).
        assertTrue(err <= 1e-12 * scale, "vorticity cpu vs cuda: " + err + " (max|ζ| " + scale + "), " + CpuReference.name());
    }

    /** F32 on the GPU within NavierStokesParityTest's bound for the CPU's F32 (1e-5 relative after 16 steps). */
    @Test
    void f32StaysWithinFloatRoundingOfTheF64Cpu() {
        Backend cuda = CudaTier.require();
        Backend cpu = CpuReference.require();   // its F64 run: Java and native agree to 1e-12, far inside 1e-5
        NavierStokes2d m = NavierStokes2d.paper(16);
        int members = 2, d = m.dimension(), size = 256;
        double[] f64 = run(cpu, m, Precision.F64, members, 16), f32 = run(cuda, m, Precision.F32, members, 16);
        double scale = 0, err = 0, phase = 0;
        for (int r = 0; r < members; r++) {
            for (int i = 0; i < size; i++) {
                scale = Math.max(scale, Math.abs(f64[r * d + i]));
                err = Math.max(err, Math.abs(f64[r * d + i] - f32[r * d + i]));
            }
            for (int j = size; j < d; j++) phase = Math.max(phase, Math.abs(f64[r * d + j] - f32[r * d + j]));
        }
        assertTrue(err < 1e-5 * scale && err > 0, "F32 cuda vs F64 cpu vorticity: " + err + " (scale " + scale + ")");
        assertTrue(phase < 1e-5, "F32 cuda vs F64 cpu phases: " + phase);
    }
}
