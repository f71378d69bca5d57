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
 * block assignment (hence the error bars) may differ, unless blocks are keyed by global member
 * ({@link LaggedAccumulator#memberRange}). No pair spans two batches.
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

    /** Observes global members {@code from} … {@code to − 1} in the run's batches (cut at multiples of {@code batch}). */
    static LaggedGridAccumulator batched(int from, int to, int batch) {
        LaggedGridAccumulator acc = accumulator();
        acc.memberRange(from, MEMBERS);
        boolean first = true;
        for (int b0 = 0; b0 < MEMBERS; b0 += batch) {
            int lo = Math.max(from, b0), hi = Math.min(to, b0 + batch);
            if (lo >= hi) continue;
            if (!first) acc.beginMemberBatch();
            first = false;
            for (int t = 0; t < SAVES; t++) acc.observe(t, t, states(lo, hi - lo, t), hi - lo);
        }
        return acc;
    }

    /**
     * Under memberRange, batches of 5 (0–4, 5–9, 10–11) put member g in block ⌊g·4/12⌋ as the whole run
     * does, so blocks 1 and 3 span two batches; a part of whole blocks run in the same batches cut to its
     * range (3 … 8: pieces 3–4, 5–8) has those blocks' sums bit for bit, and every block its own
     * estimate of the unbatched run to rounding.
     */
    @Test
    void batchesUnderAMemberRangeKeepTheRunsBlocks() {
        LaggedGridAccumulator whole = accumulator(), run = batched(0, MEMBERS, 5), part = batched(3, 9, 5);
        for (int t = 0; t < SAVES; t++) whole.observe(t, t, states(0, MEMBERS, t), MEMBERS);
        LaggedSums all = run.exportSums().slice(1, 3), mine = part.exportSums().slice(1, 3);
        assertArrayEquals(all.sums(), mine.sums());
        assertArrayEquals(all.marginals(), mine.marginals());
        assertArrayEquals(all.counts(), mine.counts());
        for (int b = 0; b < 4; b++) {
            double[] unit = new double[4];
            unit[b] = 1;
            assertArrayEquals(whole.combine(unit, true), run.combine(unit, true), 1e-12, "block " + b);
        }
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
