package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.testing.NativeTier;

/**
 * The field's lagged autocorrelation sums by FFT over time ({@link NativeLaggedAutoFft}) against the
 * direct sums fed B = u ({@link NativeLaggedGrid#observe} with the field as its own conjugate), and the
 * direct kernel's one-transform {@link NativeLaggedGrid#observeField} against the same: fields with a
 * mean and an AR(1) memory in time (so every lag is far from 0); L = 1 and several L, series not a
 * multiple of the time block, shorter than one, member batches of different sizes, reads mid-block.
 * Bound per (member block, mode) on max_τ |Δz(τ)| over max_τ |z(τ)| of the direct sums:
 * {@link NativeLaggedGridFftTest#ROW_BOUND}. The direct observeField must equal the direct sums with
 * B = u bit for bit (the same spectra, copied); the FFT sums must not depend on the thread count or on
 * mid-block reads (bit for bit).
 */
class NativeLaggedAutoFftTest {

    @ParameterizedTest(name = "{0} N={1} L={2} blocks={3} batches {4}")
    @CsvSource({
        "F64, 8, 1, 2, 5x40",
        "F64, 8, 3, 3, 7x37 7x2 4x6",
        "F64, 8, 17, 1, 4x50 4x9 6x33",
        "F64, 8, 48, 2, 5x131",
        "F64, 16, 100, 2, 6x260 3x61",
        "F32, 8, 17, 2, 4x50 5x12",
        "F32, 16, 100, 2, 6x203",
    })
    void autocorrelationSumsMatchTheDirectSums(Precision precision, int n, int lags, int blocks, String batches) {
        NativeTier.require();
        Grid grid = new Grid(n);
        int size = grid.size(), width = 2 * n * (n / 2 + 1);
        try (LaggedGridKernel direct = new NativeLaggedGrid(grid, lags, blocks, precision, 2);
             LaggedGridKernel directField = new NativeLaggedGrid(grid, lags, blocks, precision, 2);
             NativeLaggedAutoFft fft = new NativeLaggedAutoFft(grid, lags, blocks, precision, 2);
             NativeLaggedAutoFft oneThread = new NativeLaggedAutoFft(grid, lags, blocks, precision, 1)) {
            SplittableRandom r = new SplittableRandom(37L * lags + n);
            double[] want = new double[blocks * lags * width], have = new double[want.length], other = new double[want.length];
            double worst = 0;
            boolean first = true;
            for (String batch : batches.split(" ")) {
                int members = Integer.parseInt(batch.split("x")[0]), saves = Integer.parseInt(batch.split("x")[1]);
                if (!first) {
                    for (LaggedGridKernel k : new LaggedGridKernel[] {direct, directField, fft, oneThread}) k.beginMemberBatch();
                }
                first = false;
                int[] start = new int[blocks + 1];
                for (int b = 0; b <= blocks; b++) start[b] = (int) (((long) b * members + blocks - 1) / blocks);
                double[] u = new double[members * size];
                for (int i = 0; i < u.length; i++) u[i] = r.nextGaussian();
                for (int t = 0; t < saves; t++) {
                    for (int i = 0; i < u.length; i++) u[i] = 0.9 * u[i] + 0.05 + 0.4 * r.nextGaussian() * (1 + (i % size) % 3);
                    direct.observe(t, u, u, members, start);
                    for (LaggedGridKernel k : new LaggedGridKernel[] {directField, fft, oneThread}) k.observeField(t, u, members, start);
                    if (t % 23 == 5) {  // mid-block read of one of the FFT kernels: must change nothing
                        fft.sumsInto(have);
                        direct.sumsInto(want);
                        worst = Math.max(worst, NativeLaggedGridFftTest.worstRow(want, have, blocks * lags, width, lags));
                    }
                }
            }
            direct.sumsInto(want);
            directField.sumsInto(other);
            assertArrayEquals(want, other, "direct sums: observeField differs from observe with B = u");
            fft.sumsInto(have);
            oneThread.sumsInto(other);
            assertArrayEquals(other, have, "FFT sums depend on the thread count or on mid-block reads");
            worst = Math.max(worst, NativeLaggedGridFftTest.worstRow(want, have, blocks * lags, width, lags));
            System.out.printf("lagged autocorrelation FFT vs direct %s N=%d L=%d (P=%d): worst row error %.2e of the row's max%n",
                    precision, n, lags, fft.blockLength(), worst);
            double w = worst;
            assertTrue(w <= NativeLaggedGridFftTest.ROW_BOUND, () -> "worst row error " + w + " > " + NativeLaggedGridFftTest.ROW_BOUND);
        }
    }

    /**
     * A shard holds a few of the run's blocks, the others empty: an empty block's sums stay 0 and the
     * others are those of the same members without it, bit for bit, for the autocorrelation FFT, the direct
     * and the cross-correlation FFT kernels.
     */
    @Test
    void aBlockWithNoMembersAddsNothingAndChangesNoOtherBlock() {
        NativeTier.require();
        Grid grid = new Grid(8);
        int size = grid.size(), width = 2 * 8 * 5, lags = 17, members = 7;
        int[] withEmpty = {0, 4, 4, 7}, without = {0, 4, 7};
        try (NativeLaggedAutoFft three = new NativeLaggedAutoFft(grid, lags, 3, Precision.F64, 2);
             NativeLaggedAutoFft two = new NativeLaggedAutoFft(grid, lags, 2, Precision.F64, 2);
             LaggedGridKernel directThree = new NativeLaggedGrid(grid, lags, 3, Precision.F64, 2);
             LaggedGridKernel directTwo = new NativeLaggedGrid(grid, lags, 2, Precision.F64, 2);
             LaggedGridKernel crossThree = new NativeLaggedGridFft(grid, lags, 3, Precision.F64, 2);
             LaggedGridKernel crossTwo = new NativeLaggedGridFft(grid, lags, 2, Precision.F64, 2)) {
            SplittableRandom r = new SplittableRandom(3);
            double[] u = new double[members * size];
            for (int t = 0; t < 45; t++) {  // 45 saves: two whole time blocks of 16 and a partial one
                for (int i = 0; i < u.length; i++) u[i] = 0.8 * u[i] + 0.1 + r.nextGaussian();
                three.observeField(t, u, members, withEmpty);
                two.observeField(t, u, members, without);
                directThree.observe(t, u, u, members, withEmpty);
                directTwo.observe(t, u, u, members, without);
                crossThree.observe(t, u, u, members, withEmpty);
                crossTwo.observe(t, u, u, members, without);
            }
            int block = lags * width;
            for (LaggedGridKernel[] k : new LaggedGridKernel[][] {{three, two}, {directThree, directTwo}, {crossThree, crossTwo}}) {
                double[] a = new double[3 * block], b = new double[2 * block];
                k[0].sumsInto(a);
                k[1].sumsInto(b);
                assertArrayEquals(java.util.Arrays.copyOfRange(b, 0, block), java.util.Arrays.copyOfRange(a, 0, block), "block 0");
                assertArrayEquals(new double[block], java.util.Arrays.copyOfRange(a, block, 2 * block), "the empty block");
                assertArrayEquals(java.util.Arrays.copyOfRange(b, block, 2 * block), java.util.Arrays.copyOfRange(a, 2 * block, 3 * block), "block 2");
            }
        }
    }

    @Test
    void blockLengthReachesEveryLagWithAFastTransform() {
        assertEquals(16, NativeLaggedAutoFft.blockLength(1));
        assertEquals(100, NativeLaggedAutoFft.blockLength(100));  // 2·99 = 198 has the factor 11
        assertEquals(512, NativeLaggedAutoFft.blockLength(513));
        for (int lags = 1; lags < 300; lags++) assertTrue(NativeLaggedAutoFft.blockLength(lags) >= lags - 1);
    }

    @Test
    void takesNoConjugates() {
        NativeTier.require();
        try (NativeLaggedAutoFft k = new NativeLaggedAutoFft(new Grid(4), 3, 1, Precision.F64, 1)) {
            assertThrows(IllegalStateException.class, () -> k.observe(0, new double[16], new double[16], 1, new int[] {0, 1}));
        }
    }
}
