package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedColumnAccumulator;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.score.DeviceConjugate;
import org.scorefdt.backend.cuda.score.DeviceConjugates;

/**
 * GPU-only: the pieces of the device-resident cyclic (Lorenz-96) GFDT pass against the host.
 * <ul>
 *   <li>{@link LocalPolynomialScore}'s device conjugate (one thread per element, the host's operation
 *       order, only +, −, × and the host's 1/σ; --fmad=false) is bitwise the host's −s, and so is the
 *       amplitude correction around it — for several (d, radius, degree), degree 1 (no monomial
 *       table) and a window spanning the ring (2r+1 = d) included;</li>
 *   <li>{@link CudaLaggedColumnAccumulator#cyclic} adds the same products in the same order per cell as
 *       {@link LaggedColumnAccumulator#cyclic} (members, then j, within a save; saves in order), so its pair
 *       counts and its combinations — unit weights and bootstrap-like multiplicities with a zero — are
 *       bitwise equal, with one member, with member blocks of unequal size, and with the ring of lags
 *       wrapped several times.</li>
 * </ul>
 * Runs here on the fake driver (FakeDriverRunner).
 */
@Tag("gpu")
class CudaCyclicGfdtTest {
    private static final int MEMBERS = 37;

    /** Skewed ring data with neighbour correlations (Lorenz-96-like): mean ≈ 2, σ ≈ 3. */
    private static double[] ringSamples(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * d], g = new double[d];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) g[i] = rng.nextGaussian();
            for (int i = 0; i < d; i++) {
                double gi = g[i], gn = g[(i + 1) % d];
                x[r * d + i] = 2 + 2.5 * gi + 0.9 * gn + 0.6 * (gi * gi - 1);
            }
        }
        return x;
    }

    private static double[] host(ScoreModel s, double[] x) {
        double[] b = new double[x.length];
        Conjugate.negativeScore(s).apply(x, b, MEMBERS);
        return b;
    }

    private static double[] device(CudaDevice dev, ScoreModel s, double[] x) {
        int d = s.dimension();
        try (DeviceConjugate c = DeviceConjugates.of(s, dev);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * d);
             DeviceBuffer out = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * d)) {
            states.copyFrom(x);
            c.apply(states, MEMBERS, out);
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            c.apply(states, MEMBERS, out);
            DeviceBuffer.CopyCount during = DeviceBuffer.copies().since(before);
            assertEquals(0, during.toDevice() + during.toHost(), s.name() + ": apply copied " + during);
            assertThrows(IllegalArgumentException.class, () -> c.apply(states, MEMBERS, states));
            return out.toArray();
        }
    }

    @ParameterizedTest
    @CsvSource({"8, 1, 3", "5, 2, 2", "40, 2, 3", "6, 0, 4", "7, 3, 2", "9, 2, 1"})
    void localPolynomialConjugateEqualsTheHostBitwise(int d, int radius, int degree) {
        CudaDevice dev = CudaTier.require().device();
        int n = 300;
        double[] data = ringSamples(n, d, 5), x = ringSamples(MEMBERS, d, 23);
        for (int i = 0; i < x.length; i += 7) x[i] = 3 * x[i] - 4;  // some states in the tails
        LocalPolynomialScore lp = LocalPolynomialScore.fit(data, n, d, radius, degree, 1e-6);
        double[] want = host(lp, x);
        assertArrayEquals(want, device(dev, lp, x), lp.name() + " d=" + d + ": bitwise");
        AmplitudeCorrectedScore ac = AmplitudeCorrectedScore.fit(lp, data, n);
        assertArrayEquals(host(ac, x), device(dev, ac, x), "amplitude-corrected " + lp.name() + " d=" + d + ": bitwise");
        double max = 0;
        for (double v : want) max = Math.max(max, Math.abs(v));
        System.err.printf("CudaCyclicGfdtTest %s d=%d: %d features, max|B| = %.3e, bitwise%n", lp.name(), d, lp.theta().length, max);
    }

    /** A nonlinear conjugate with neighbour coupling, so every offset k gets a distinct sum. */
    private static Conjugate coupled(int d) {
        return (states, out, m) -> {
            for (int r = 0; r < m; r++) {
                for (int i = 0; i < d; i++) {
                    double xi = states[r * d + i], xn = states[r * d + (i + 1) % d];
                    out[r * d + i] = xi * xi * xi - 0.7 * xi + 0.3 * xn;
                }
            }
        };
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1, 0", "7, 3, 8, 3", "6, 4, 5, 4", "37, 4, 40, 17"})
    void deviceCyclicAccumulatorEqualsTheJavaOneBitwise(int members, int blocks, int d, int component) {
        CudaDevice dev = CudaTier.require().device();
        int lags = 4, saves = 11;
        Conjugate b = coupled(d);
        LaggedColumnAccumulator want = LaggedColumnAccumulator.cyclic(d, b, component, lags, blocks);
        SplittableRandom rng = new SplittableRandom(members * 31L + d);
        double[] x = new double[members * d];
        try (CudaLaggedColumnAccumulator got = CudaLaggedColumnAccumulator.cyclic(dev, d, b, component, lags, blocks)) {
            assertEquals(0, got.pairs(0));
            for (int t = 0; t < saves; t++) {
                for (int i = 0; i < x.length; i++) x[i] = 1 + 2 * rng.nextGaussian();
                want.observe(t, 0.1 * t, x, members);
                got.observe(t, 0.1 * t, x, members);
                for (int tau = 0; tau < lags; tau++) assertEquals(want.pairs(tau), got.pairs(tau), "pairs, save " + t + " lag " + tau);
                if (t == 1) {  // lags 2, 3 have no pairs yet: both refuse
                    assertThrows(IllegalStateException.class, () -> want.combine(ones(blocks), false));
                    assertThrows(IllegalStateException.class, () -> got.combine(ones(blocks), false));
                }
            }
            assertEquals((long) members * d * saves, got.pairs(0));
            assertArrayEquals(want.combine(ones(blocks), false), got.combine(ones(blocks), false), "unit weights: bitwise");
            double[] w = new double[blocks];
            for (int i = 0; i < blocks; i++) w[i] = blocks == 1 ? 3 : i % 3;  // multiplicities, a zero among them
            assertArrayEquals(want.combine(w, false), got.combine(w, false), "weights: bitwise");
            assertArrayEquals(want.combine(w, false, false), got.combine(w, false, false), "uncentred: bitwise");
            assertEquals(want.conjugateMean(w), got.conjugateMean(w), "conjugate mean: bitwise");
            assertThrows(UnsupportedOperationException.class, () -> got.combine(ones(blocks), true));
            double[] more = new double[(members + 1) * d];
            assertThrows(IllegalStateException.class, () -> got.observe(saves, 0, more, members + 1));
        }
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }
}
