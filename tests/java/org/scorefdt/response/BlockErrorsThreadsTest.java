package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockErrors} with its replicates on several threads ({@link Replicates}): the same bits on
 * any thread count, each replicate evaluated once, and the row-by-row standard deviation the same bits
 * as the column-by-column definition (sums over rows in row order).
 */
class BlockErrorsThreadsTest {
    static final int BLOCKS = 12, WIDTH = 257;

    /** A weighted block mean of random block values, nonlinear in the weights (so rows differ in every bit). */
    static Function<double[], double[]> estimate(AtomicInteger calls) {
        Random rng = new Random(11);
        double[][] perBlock = new double[BLOCKS][WIDTH];
        for (double[] row : perBlock) for (int i = 0; i < WIDTH; i++) row[i] = rng.nextGaussian() * (1 + i % 7);
        return w -> {
            calls.incrementAndGet();
            double[] m = new double[WIDTH];
            double sw = 0;
            for (int b = 0; b < BLOCKS; b++) {
                sw += w[b];
                for (int i = 0; i < WIDTH; i++) m[i] += w[b] * perBlock[b][i];
            }
            for (int i = 0; i < WIDTH; i++) m[i] = Math.sin(m[i] / sw);
            return m;
        };
    }

    @Test
    void spreadAndBootstrapAreTheSameBitsOnAnyThreadCount() {
        AtomicInteger calls = new AtomicInteger();
        var f = estimate(calls);
        double[] spread1 = BlockErrors.spread(f, BLOCKS), boot1 = BlockErrors.bootstrap(f, BLOCKS, 50, 3L);
        assertEquals(BLOCKS + 50, calls.get());
        for (int threads : new int[] {1, 2, 3, 0}) {
            calls.set(0);
            assertArrayEquals(spread1, BlockErrors.spread(f, BLOCKS, threads), "spread on " + threads + " threads");
            assertArrayEquals(boot1, BlockErrors.bootstrap(f, BLOCKS, 50, 3L, threads), "bootstrap on " + threads + " threads");
            assertEquals(BLOCKS + 50, calls.get(), "every replicate evaluated exactly once on " + threads + " threads");
        }
        // Another bootstrap key draws other resamples: the errors move (the test sees the resamples at all).
        assertNotEquals(boot1[0], BlockErrors.bootstrap(f, BLOCKS, 50, 4L, 2)[0]);
    }

    @Test
    void theRowByRowDeviationIsTheColumnDefinitionBitForBit() {
        AtomicInteger calls = new AtomicInteger();
        var f = estimate(calls);
        double[][] theta = new double[BLOCKS][];
        for (int b = 0; b < BLOCKS; b++) {
            double[] w = new double[BLOCKS];
            w[b] = 1;
            theta[b] = f.apply(w);
        }
        double[] expected = new double[WIDTH];
        for (int i = 0; i < WIDTH; i++) {  // the definition, entry by entry
            double mean = 0;
            for (double[] r : theta) mean += r[i];
            mean /= BLOCKS;
            double ss = 0;
            for (double[] r : theta) ss += (r[i] - mean) * (r[i] - mean);
            expected[i] = Math.sqrt(ss / (BLOCKS - 1)) * (1.0 / Math.sqrt(BLOCKS));
        }
        assertArrayEquals(expected, BlockErrors.spread(f, BLOCKS, 2));
    }

    @Test
    void aNegativeThreadCountIsRefusedByTheEstimatorsOptions() {
        var e = assertThrows(IllegalArgumentException.class, () -> new GfdtEstimator.Options(4, 2, false, 0, 1L, -1));
        assertEquals("threads = -1: must be >= 0 (0 = all cores)", e.getMessage());
    }
}
