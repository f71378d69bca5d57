package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: Allen–Cahn on the CUDA tier ({@link CudaSemiLinearIntegrator}) against the CPU reference
 * ({@link CpuReference}: native, or Java where the natives are absent, as on the node), the paper's
 * parameters, dt = 1/32, members from offset 1000, each run split over two {@code advance} calls.
 * Same noise and coefficients, same per-cell/per-mode bodies (spdes.h), so the only difference is
 * cuFFT's rounding against FFTW's or JTransforms'. Skipped with the cause where no GPU is
 * ({@code FakeDriverTest} runs the small cases on the fake driver and fake cuFFT).
 */
@Tag("gpu")
class CudaAllenCahnParityTest {
    private static final long SEED = 0xac1dL;

    static double[] run(Backend b, AllenCahn m, Scheme s, Precision p, int members, int steps) {
        double[] u = new double[members * m.dimension()];
        InitialCondition.boundedSmoothedWhiteNoise(m.spectralGrid()).fill(u, members, 0, 3L);
        try (Integrator in = b.integrator(m, new IntegratorSpec(s, 1.0 / 32), p, SEED, 2)) {
            in.advance(u, members, 1000, 0, steps / 2);
            in.advance(u, members, 1000, steps / 2, steps - steps / 2);
        }
        return u;
    }

    @ParameterizedTest(name = "n={0} {1} members={2} steps={3}")
    @CsvSource({"8, RK4_EM, 1, 40", "16, RK4_EM, 33, 40", "16, ETD1, 31, 40", "8, ETD2, 5, 40", "64, RK4_EM, 257, 10",
        "64, ETD2, 257, 10", "64, ETD1, 1, 40"})
    void f64AgreesWithTheCpuToFftRounding(int n, Scheme scheme, int members, int steps) {
        CudaTier.leaveToTheGpu(n == 64 && members > 1, "64×64 × 257 members, ~10 s a case on host threads");
        Backend cuda = CudaTier.require();
        Backend cpu = CpuReference.require();
        AllenCahn m = new AllenCahn(AllenCahn.Params.paper(n));
        double[] ref = run(cpu, m, scheme, Precision.F64, members, steps);
        double[] got = run(cuda, m, scheme, Precision.F64, members, steps);
        double scale = CudaIntegratorParityTest.maxAbs(ref), diff = CudaIntegratorParityTest.maxDiff(ref, got);
        // Each transform rounds O(ε·log₂N²) relative (ε = 1.1e-16, log₂N² ≤ 12); a step has at most 15
        // (RK4: 4 drifts × 3 + 3 for the increment), and the dissipative dynamics does not amplify
        // them over the run: ε·12·15·40 ≈ 8e-13 — whichever FFT library the reference uses (Java vs
        // native on these very cases: CpuReferenceBoundsTest).
        assertTrue(diff <= 1e-12 * scale, "n=" + n + " " + scheme + " max |cpu − cuda| = " + diff + ", scale " + scale
                + ", " + CpuReference.name());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RK4_EM", "ETD2"})
    void f32StaysWithinFloatRoundingOfTheF64Cpu(Scheme scheme) {
        Backend cuda = CudaTier.require();
        Backend cpu = CpuReference.require();   // its F64 run: Java and native agree to 1e-12, far inside the float bound
        AllenCahn m = new AllenCahn(AllenCahn.Params.paper(16));
        int steps = 40;
        double[] ref = run(cpu, m, scheme, Precision.F64, 4, steps);
        double[] f32 = run(cuda, m, scheme, Precision.F32, 4, steps);
        // Float rounding (6e−8) times the FFT depth (log₂256 = 8) per step, not amplified by the
        // dissipative dynamics: ≤ steps·8·6e−8 relative (AllenCahnNativeParityTest's bound for the CPU's F32).
        double tol = steps * 8 * 6e-8 * CudaIntegratorParityTest.maxAbs(ref);
        double diff = CudaIntegratorParityTest.maxDiff(ref, f32);
        assertTrue(diff <= tol, scheme + " max |f64 cpu − f32 cuda| = " + diff + " > " + tol + ", " + CpuReference.name());
        assertTrue(diff > 0, "F32 must really compute in float");
    }

    @Test
    void cudaIsChosenForAllenCahnAndNavierStokes() {
        CudaTier.require();   // AUTO opens CUDA first: the CPU tiers play no part
        AllenCahn m = new AllenCahn(AllenCahn.Params.paper(8));
        try (ChosenIntegrator c = ChosenIntegrator.open(BackendKind.AUTO, m, new IntegratorSpec(Scheme.ETD2, 1.0 / 32),
                Precision.F64, 1, 0)) {
            assertEquals(BackendKind.CUDA, c.backend(), c.reasonText());
        }
        try (ChosenIntegrator c = ChosenIntegrator.open(BackendKind.AUTO, NavierStokes2d.paper(16),
                new IntegratorSpec(Scheme.RK4_EM, 1.0 / 128), Precision.F32, 1, 0)) {
            assertEquals(BackendKind.CUDA, c.backend(), c.reasonText());
        }
    }
}
