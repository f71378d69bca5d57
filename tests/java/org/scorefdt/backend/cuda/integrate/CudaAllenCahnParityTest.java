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
