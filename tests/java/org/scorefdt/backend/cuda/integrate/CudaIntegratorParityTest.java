package org.scorefdt.backend.cuda.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.OuSpde;
import org.scorefdt.testing.CpuReference;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.testing.NativeTier;

/**
 * GPU-only: the CUDA integrators against the CPU reference ({@link CpuReference}: the native tier,
 * or the Java tier where the natives are absent, as on the GPU node) on awkward ensemble sizes (1,
 * 31, 33, 257, 4097: partial blocks, one team, a prime-ish count over a block boundary).
 * Low-dimensional runs must be bitwise identical in F64 (against either tier: Java equals native bit
 * for bit, BackendParityTest) and, against the native tier, in F32 (same bodies, same IEEE
 * operations, --fmad=false); spectral runs differ by FFT rounding only (cuFFT vs FFTW or JTransforms).
 * Skipped with the cause where no GPU is.
 */
@Tag("gpu")
class CudaIntegratorParityTest {
    private static final long SEED = 0x5eedL;

    static Model model(String name) {
        return switch (name) {
            case "dw" -> new DoubleWell(3, 0.7);
            case "dw1" -> new DoubleWell(1, 0.5);
            case "l96" -> Lorenz96.standard();
            case "l96odd" -> new Lorenz96(7, 8.0, 0.5);
            case "ou8" -> new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ou32" -> new OuSpde(new OuSpde.Params(32, 0.04, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static double[] start(Model m, int members) {
        double[] x = new double[members * m.dimension()];
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(0.7 * i + 0.1);
        return x;
    }

    /** Two advance calls (chunking in steps must not matter), from member offset 1000. */
    static double[] run(Backend b, Model m, Scheme s, double dt, Precision p, int members, int steps) {
        double[] x = start(m, members);
        try (Integrator in = b.integrator(m, new IntegratorSpec(s, dt), p, SEED, 2)) {
            in.advance(x, members, 1000, 0, steps / 2);
            in.advance(x, members, 1000, steps / 2, steps - steps / 2);
        }
        return x;
    }

    static void assertBitwise(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + ": first difference at element " + i + ": cpu " + want[i] + " cuda " + got[i]);
            }
        }
    }

    @Test
    void memberBlocksGiveTheSameNumbersAsTheWhole() {
        CudaTier.leaveToTheGpu(true, "4097 members");
        Backend cuda = CudaTier.require();
        Model m = model("l96");
        int members = 300, d = m.dimension();
        double[] whole = start(m, members);
        double[] a = Arrays.copyOfRange(whole, 0, 7 * d), b = Arrays.copyOfRange(whole, 7 * d, members * d);
        try (Integrator in = cuda.integrator(m, new IntegratorSpec(Scheme.RK4_EM, 0.01), Precision.F64, SEED, 0)) {
            in.advance(whole, members, 0, 0, 25);
            in.advance(a, 7, 0, 0, 25);
            in.advance(b, members - 7, 7, 0, 25);
        }
        double[] joined = new double[members * d];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertBitwise(whole, joined, "blocked vs whole");
    }

    @Test
    void autoOnAGpuPicksCudaAndFallsToTheCpuForWhatCudaCannotRun() {
        CudaTier.require();
        // the next tier down is the native CPU tier, or Java where the natives are absent (the node)
        BackendKind below = NativeTier.present() ? BackendKind.CPU : BackendKind.JAVA;
        IntegratorSpec spec = new IntegratorSpec(Scheme.RK4_EM, 0.01);
        try (ChosenIntegrator c = ChosenIntegrator.open(BackendKind.AUTO, model("l96"), spec, Precision.F64, 1, 0)) {
            assertEquals(BackendKind.CUDA, c.backend());
        }
        Model big = new Lorenz96(2048, 8.0, 0.5);
        try (ChosenIntegrator c = ChosenIntegrator.open(BackendKind.CUDA, big, spec, Precision.F64, 1, 0)) {
            assertEquals(below, c.backend(), c.reasonText());
            assertTrue(c.reasonText().contains("exceeds the CUDA kernel's 1024"), c.reasonText());
        }
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
