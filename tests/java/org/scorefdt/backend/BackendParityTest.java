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

    @ParameterizedTest(name = "{0} {1} members={2} threads={3}")
    @CsvSource({
        "dw, EULER_MARUYAMA, 1, 1", "dw, HEUN, 31, 2", "dw, RK4_EM, 33, 2",
        "l96, EULER_MARUYAMA, 32, 2", "l96, HEUN, 1, 1", "l96, RK4_EM, 257, 2", "l96odd, RK4_EM, 255, 2"})
    void lowDimensionalF64IsBitwiseIdentical(String name, Scheme scheme, int members, int threads) {
        Backend cpu = NativeTier.require();
        Model m = model(name);
        double[] ref = run(new JavaBackend(), m, scheme, 0.01, Precision.F64, members, 1, 40);
        double[] nat = run(cpu, m, scheme, 0.01, Precision.F64, members, threads, 40);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(Double.doubleToRawLongBits(ref[i]), Double.doubleToRawLongBits(nat[i]),
                    () -> "first difference in " + name + " " + scheme);
        }
    }

    @ParameterizedTest(name = "{0} {1} members={2}")
    @CsvSource({"ou8, EXACT_OU, 5, 1.0", "ou8, EULER_MARUYAMA, 3, 0.1", "ou6, HEUN, 2, 0.5", "ou8, RK4_EM, 1, 0.5"})
    void spectralF64AgreesToFftRounding(String name, Scheme scheme, int members, double dt) {
        Backend cpu = NativeTier.require();
        Model m = model(name);
        double[] ref = run(new JavaBackend(), m, scheme, dt, Precision.F64, members, 1, 30);
        double[] nat = run(cpu, m, scheme, dt, Precision.F64, members, 2, 30);
        double scale = maxAbs(ref);
        // Each step adds O(ε·log N²) relative rounding per mode in both FFTs; 30 steps, ε = 2.2e-16.
        assertTrue(maxDiff(ref, nat) <= 1e-12 * scale, "max |java − native| = " + maxDiff(ref, nat) + " scale " + scale);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"l96, RK4_EM", "dw, EULER_MARUYAMA", "ou8, EXACT_OU"})
    void f32StaysWithinFloatRoundingOfF64(String name, Scheme scheme) {
        Backend cpu = NativeTier.require();
        Model m = model(name);
        double dt = scheme == Scheme.EXACT_OU ? 1.0 : 0.01;
        int steps = 20;
        double[] ref = run(cpu, m, scheme, dt, Precision.F64, 16, 2, steps);
        double[] f32 = run(cpu, m, scheme, dt, Precision.F32, 16, 2, steps);
        // Lorenz-96 is chaotic (λ_max ≈ 1.7): over t = 0.2 float rounding (6e-8) grows ≲ e^{0.34}·steps-fold.
        double tol = 6e-8 * steps * 4 * Math.max(1, maxAbs(ref));
        assertTrue(maxDiff(ref, f32) <= tol, "max |f64 − f32| = " + maxDiff(ref, f32) + " > " + tol);
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
