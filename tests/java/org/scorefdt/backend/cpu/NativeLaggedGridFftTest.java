package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.testing.NativeTier;

/**
 * The lagged grid sums by FFT over time ({@link NativeLaggedGridFft}) against the direct sums
 * ({@link NativeLaggedGrid}) on random fields and conjugates correlated with them (B = −0.7u + noise, as a
 * GFDT conjugate is correlated with its field, so lag 0 does not cancel), with means: L = 1 and
 * several L, series not a multiple of the time block, series shorter than L, member batches of
 * different sizes, and reads mid-block. Bound, per (member block, mode), on max_τ |Δz(τ)| (complex
 * modulus) relative to max_τ |z(τ)| of the direct sums: {@link #ROW_BOUND} in F64 and in F32 (both paths
 * multiply the same float spectra in double, so F32 differs by the time FFTs' rounding only). The FFT sums must
 * not depend on the thread count or on mid-block reads (bit for bit).
 */
class NativeLaggedGridFftTest {
    /** Largest |fft − direct| of a row over the row's largest |direct|; measured ≤ 2.5·10⁻¹⁵ (docs/backends.md §1). */
    static final double ROW_BOUND = 1e-13;

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
    void fftSumsMatchTheDirectSums(Precision precision, int n, int lags, int blocks, String batches) {
        NativeTier.require();
        Grid grid = new Grid(n);
        int size = grid.size(), width = 2 * n * (n / 2 + 1);
        try (LaggedGridKernel direct = new NativeLaggedGrid(grid, lags, blocks, precision, 2);
             NativeLaggedGridFft fft = new NativeLaggedGridFft(grid, lags, blocks, precision, 2);
             NativeLaggedGridFft oneThread = new NativeLaggedGridFft(grid, lags, blocks, precision, 1)) {
            SplittableRandom r = new SplittableRandom(31L * lags + n);
            double[] want = new double[blocks * lags * width], have = new double[want.length], other = new double[want.length];
            double worst = 0;
            boolean first = true;
            for (String batch : batches.split(" ")) {
                int members = Integer.parseInt(batch.split("x")[0]), saves = Integer.parseInt(batch.split("x")[1]);
                if (!first) {
                    for (LaggedGridKernel k : new LaggedGridKernel[] {direct, fft, oneThread}) k.beginMemberBatch();
                }
                first = false;
                int[] start = new int[blocks + 1];  // the accumulator's split: block b starts at ⌈b·M/B⌉
                for (int b = 0; b <= blocks; b++) start[b] = (int) (((long) b * members + blocks - 1) / blocks);
                double[] u = new double[members * size], c = new double[members * size];
                for (int t = 0; t < saves; t++) {
                    for (int i = 0; i < u.length; i++) {
                        u[i] = 0.5 + r.nextGaussian() * (1 + (i % size) % 3);
                        c[i] = -0.2 - 0.7 * u[i] + 0.3 * r.nextGaussian();
                    }
                    for (LaggedGridKernel k : new LaggedGridKernel[] {direct, fft, oneThread}) k.observe(t, u, c, members, start);
                    if (t % 23 == 5) {  // mid-block read of one of the two: must change nothing
                        fft.sumsInto(have);
                        direct.sumsInto(want);
                        worst = Math.max(worst, worstRow(want, have, blocks * lags, width, lags));
                    }
                }
            }
            direct.sumsInto(want);
            fft.sumsInto(have);
            oneThread.sumsInto(other);
            assertArrayEquals(other, have, "FFT sums depend on the thread count or on mid-block reads");
            worst = Math.max(worst, worstRow(want, have, blocks * lags, width, lags));
            System.out.printf("lagged FFT vs direct %s N=%d L=%d (P=%d): worst row error %.2e of the row's max%n", precision, n,
                    lags, fft.blockLength(), worst);
            double w = worst;
            assertTrue(w <= ROW_BOUND, () -> "worst row error " + w + " > " + ROW_BOUND);
        }
    }

    /** max over (block, mode) of max_τ |Δz| / max_τ |z|; sums are [block][lag][mode][re, im]. */
    static double worstRow(double[] want, double[] have, int rows, int width, int lags) {
        int blocks = rows / lags;
        double worst = 0;
        for (int b = 0; b < blocks; b++) {
            for (int k = 0; k < width; k += 2) {
                double scale = 0, diff = 0;
                for (int tau = 0; tau < lags; tau++) {
                    int i = (b * lags + tau) * width + k;
                    scale = Math.max(scale, Math.hypot(want[i], want[i + 1]));
                    diff = Math.max(diff, Math.hypot(have[i] - want[i], have[i + 1] - want[i + 1]));
                }
                if (scale > 0) worst = Math.max(worst, diff / scale);
                else assertTrue(diff == 0, "a mode the direct sums leave 0 is " + diff);
            }
        }
        return worst;
    }
}
