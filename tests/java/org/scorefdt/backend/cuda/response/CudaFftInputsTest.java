package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.backend.cuda.score.CudaAllenCahnConjugate;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.score.AllenCahnScore;
import org.scorefdt.testing.CudaTier;

/**
 * GPU-only: cuFFT may overwrite the input of an out-of-place r2c (and does overwrite that of a 2-D
 * c2r), and the stand-in cuFFT of FakeDriverTest always does (NaN). The device grid accumulator and
 * the device Allen–Cahn conjugate are handed buffers that are not theirs (an ensemble's live states,
 * DeviceLaggedFeed's fixed fields and conjugates): each entry must leave them bit for bit as they
 * were, and still give the host accumulator's sums (to FFT rounding, 1e-11 × max|R| as
 * CudaGridConjugateTest). The integrators' own reliance shows in their parity tests.
 */
@Tag("gpu")
class CudaFftInputsTest {
    private static final int N = 8, MEMBERS = 5, SAVES = 6, LAGS = 3, BLOCKS = 2, PIXEL = 13;

    /** Smooth fields in about [−1.3, 1.3] plus noise, [members][N²]. */
    private static double[] fields(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] f = new double[MEMBERS * N * N];
        for (int m = 0; m < MEMBERS; m++) {
            double phase = rng.nextDouble() * 6.28;
            for (int i = 0; i < N * N; i++) {
                int x = i % N, y = i / N;
                f[m * N * N + i] = Math.sin(2 * Math.PI * x / N + phase) * Math.cos(2 * Math.PI * y / N) + 0.3 * rng.nextGaussian();
            }
        }
        return f;
    }

    /** B = g·u + c/N², the conjugate {@code linear(…, gain g everywhere, dcOffset c)} forms per mode. */
    private static Conjugate affine(double g, double c) {
        return (x, out, m) -> {
            for (int i = 0; i < m * N * N; i++) out[i] = g * x[i] + c / (N * N);
        };
    }

    private static void assertMatches(String what, LaggedGridAccumulator host, CudaLaggedGridAccumulator acc) {
        for (int lag = 0; lag < LAGS; lag++) assertEquals(host.pairs(lag), acc.pairs(lag), what + ": pairs at lag " + lag);
        double[] w = new double[BLOCKS];
        Arrays.fill(w, 1);
        for (boolean normalize : new boolean[] {false, true}) {
            double[] want = host.combine(w, normalize), got = acc.combine(w, normalize);
            double scale = 0, diff = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                diff = Math.max(diff, Math.abs(want[i] - got[i]));  // NaN fails the bound below
            }
            assertTrue(scale > 0, what + ": reference is all zero");
            System.err.printf("CudaFftInputsTest %s (normalize %b): max|dev − host|/max|host| = %.3e%n", what, normalize, diff / scale);
            assertTrue(diff / scale <= 1e-11, what + " (normalize " + normalize + "): " + diff / scale);
        }
    }

    /** The linear device conjugate (the OU / spectral quasi-Gaussian path) and the Allen–Cahn one, from the live states. */
    @Test
    void laggedGridLeavesTheStatesItReadsUnchanged() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(N);
        int size = grid.size();
        double g = -0.5, c = 3.0;
        double[] gain = new double[size];
        Arrays.fill(gain, g);
        AllenCahnScore score = new AllenCahnScore(new AllenCahn(AllenCahn.Params.paper(N)));
        LaggedGridAccumulator hostLinear = new LaggedGridAccumulator(grid, affine(g, c), PIXEL, LAGS, BLOCKS);
        LaggedGridAccumulator hostAc = new LaggedGridAccumulator(grid, Conjugate.negativeScore(score), PIXEL, LAGS, BLOCKS);
        try (CudaLaggedGridAccumulator linear = CudaLaggedGridAccumulator.linear(dev, grid, null, gain, c, PIXEL, LAGS, BLOCKS);
             CudaLaggedGridAccumulator ac = CudaLaggedGridAccumulator.withConjugate(dev, grid, null,
                     new CudaAllenCahnConjugate(dev, score), PIXEL, LAGS, BLOCKS);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * size)) {
            for (int t = 0; t < SAVES; t++) {
                double[] f = fields(40 + t);
                hostLinear.observe(t, t, f, MEMBERS);
                hostAc.observe(t, t, f, MEMBERS);
                states.copyFrom(f);
                linear.observeDevice(states, MEMBERS);
                assertArrayEquals(f, states.toArray(), "linear conjugate: the states changed at save " + t);
                ac.observeDevice(states, MEMBERS);  // reads the states the first accumulator was handed
                assertArrayEquals(f, states.toArray(), "Allen–Cahn conjugate: the states changed at save " + t);
            }
            assertMatches("linear conjugate", hostLinear, linear);
            assertMatches("Allen–Cahn conjugate", hostAc, ac);
        }
    }

    /** Fields and conjugates handed in, the same buffers every save (as DeviceLaggedFeed does). */
    @Test
    void laggedGridLeavesFieldsAndConjugatesHandedInUnchanged() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(N);
        int size = grid.size();
        Conjugate b = affine(-1, 0);
        LaggedGridAccumulator host = new LaggedGridAccumulator(grid, b, PIXEL, LAGS, BLOCKS);
        try (CudaLaggedGridAccumulator acc = new CudaLaggedGridAccumulator(dev, grid, null, PIXEL, LAGS, BLOCKS);
             DeviceBuffer u = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * size);
             DeviceBuffer bu = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * size)) {
            double[] f = fields(7), conj = new double[f.length];
            b.apply(f, conj, MEMBERS);
            u.copyFrom(f);
            bu.copyFrom(conj);
            for (int t = 0; t < SAVES; t++) {
                host.observe(t, t, f, MEMBERS);
                acc.observeDevice(u, bu, MEMBERS);
                assertArrayEquals(f, u.toArray(), "fields changed at save " + t);
                assertArrayEquals(conj, bu.toArray(), "conjugates changed at save " + t);
            }
            assertMatches("fields and conjugates handed in", host, acc);
        }
    }
}
