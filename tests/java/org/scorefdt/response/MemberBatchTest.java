package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.Grid;

/**
 * Member batches ({@link LaggedAccumulator#beginMemberBatch}) change how members are integrated,
 * not the estimate: the pooled sums and pair counts over all members are the same whether 12
 * members are observed at once or as batches of 4 and 8, so the means agree to rounding; only the
 * block assignment (hence the error bars) may differ. No pair spans two batches.
 */
class MemberBatchTest {
    static final Grid GRID = new Grid(4);
    static final int D = 16, LAGS = 3, SAVES = 7, MEMBERS = 12;

    /** x(t) for member m and save t: fixed pseudo-random fields. */
    static double[] states(int from, int count, int save) {
        double[] s = new double[count * D];
        for (int m = 0; m < count; m++) {
            Random r = new Random(1000L * (from + m) + save);
            for (int i = 0; i < D; i++) s[m * D + i] = r.nextGaussian();
        }
        return s;
    }

    static LaggedGridAccumulator accumulator() {
        // B = x² − 1 per pixel: nonlinear, so a wrong pairing of saves would show.
        return new LaggedGridAccumulator(GRID, (x, out, members) -> {
            for (int i = 0; i < members * D; i++) out[i] = x[i] * x[i] - 1;
        }, 0, LAGS, 4);
    }

    @Test
    void batchesGiveTheSameMeanAndPairCounts() {
        LaggedGridAccumulator whole = accumulator(), batched = accumulator();
        for (int t = 0; t < SAVES; t++) whole.observe(t, t, states(0, MEMBERS, t), MEMBERS);
        for (int t = 0; t < SAVES; t++) batched.observe(t, t, states(0, 4, t), 4);
        batched.beginMemberBatch();
        for (int t = 0; t < SAVES; t++) batched.observe(t, t, states(4, 8, t), 8);
        double[] ones = {1, 1, 1, 1};
        for (int lag = 0; lag < LAGS; lag++) {
            assertEquals((long) MEMBERS * (SAVES - lag), batched.pairs(lag), "lag " + lag);
            assertEquals(whole.pairs(lag), batched.pairs(lag));
        }
        assertArrayEquals(whole.combine(ones, false), batched.combine(ones, false), 1e-12);
        assertArrayEquals(whole.combine(ones, true), batched.combine(ones, true), 1e-12);
    }

    @Test
    void aBatchSmallerThanTheBlocksIsRefused() {
        LaggedGridAccumulator acc = accumulator();
        acc.observe(0, 0, states(0, 4, 0), 4);
        acc.beginMemberBatch();
        assertThrows(IllegalArgumentException.class, () -> acc.observe(0, 0, states(4, 2, 0), 2));
    }

    @Test
    void columnAccumulatorsSayTheyCannotBatch() {
        LaggedColumnAccumulator col = new LaggedColumnAccumulator(D, (x, out, m) -> { }, 0, LAGS, 2);
        assertThrows(UnsupportedOperationException.class, col::beginMemberBatch);
    }
}
