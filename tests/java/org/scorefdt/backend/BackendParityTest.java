package org.scorefdt.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.model.OuSpde;
import org.scorefdt.testing.NativeTier;

/**
 * The same call on the Java reference and the native CPU tier. F64 low-dimensional runs must be
 * bitwise identical (same IEEE operations in the same order, no FMA); spectral runs differ only by
 * the FFT library's rounding; F32 runs stay within float rounding of the F64 reference.
 */
class BackendParityTest {
    private static final long SEED = 0x5eedL;

    static Model model(String name) {
        return switch (name) {
            case "dw" -> new DoubleWell(3, 0.7);
            case "l96" -> Lorenz96.standard();
            case "l96odd" -> new Lorenz96(7, 8.0, 0.5);
            case "ou8" -> new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
            case "ou6" -> new OuSpde(new OuSpde.Params(6, 0.04, 2.5e-4, 0.02, 4e-3, OuSpde.NoiseScaling.GRID));
            default -> throw new IllegalArgumentException(name);
        };
    }

    static double[] start(Model m, int members) {
        double[] x = new double[members * m.dimension()];
        for (int i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin(0.7 * i + 0.1);
        return x;
    }

    static double[] run(Backend b, Model m, Scheme s, double dt, Precision p, int members, int threads, int steps) {
        double[] x = start(m, members);
        try (Integrator in = b.integrator(m, new IntegratorSpec(s, dt), p, SEED, threads)) {
            in.advance(x, members, 0, 0, steps / 2);
            in.advance(x, members, 0, steps / 2, steps - steps / 2);   // chunking must not matter
        }
        return x;
    }

    @ParameterizedTest(name = "{0} threads {1} vs 1")
    @CsvSource({"l96, 2", "ou8, 2"})
    void resultsDoNotDependOnThreadsOrMemberBlocking(String name, int threads) {
        Backend cpu = NativeTier.require();
        Model m = model(name);
        Scheme s = name.startsWith("ou") ? Scheme.EXACT_OU : Scheme.RK4_EM;
        int members = 9, d = m.dimension(), steps = 12;
        double[] whole = run(cpu, m, s, 0.01, Precision.F64, members, 1, steps);
        double[] threaded = run(cpu, m, s, 0.01, Precision.F64, members, threads, steps);
        // The same members advanced as two blocks (rows 0..3 and 4..8), keyed by global member index.
        double[] x = start(m, members);
        double[] a = java.util.Arrays.copyOfRange(x, 0, 4 * d), b = java.util.Arrays.copyOfRange(x, 4 * d, members * d);
        try (Integrator in = cpu.integrator(m, new IntegratorSpec(s, 0.01), Precision.F64, SEED, 1)) {
            // Same step chunking as run(): spectral integrators round-trip through real space per call.
            in.advance(a, 4, 0, 0, steps / 2);
            in.advance(a, 4, 0, steps / 2, steps - steps / 2);
            in.advance(b, 5, 4, 0, steps / 2);
            in.advance(b, 5, 4, steps / 2, steps - steps / 2);
        }
        for (int i = 0; i < members * d; i++) {
            double blocked = i < 4 * d ? a[i] : b[i - 4 * d];
            assertEquals(whole[i], threaded[i], 0.0);
            assertEquals(whole[i], blocked, 0.0);
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
