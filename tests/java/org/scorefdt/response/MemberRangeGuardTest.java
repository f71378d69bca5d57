package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link LaggedAccumulator#memberRange} after any observed save is refused, also once
 * {@code beginMemberBatch} has cleared the batch's state: the blocks already summed were keyed
 * without the range, so keying the later batches by it would mix two numberings silently.
 */
class MemberRangeGuardTest {
    static final int D = MemberBatchTest.D, LAGS = MemberBatchTest.LAGS;

    @Test
    void gridAccumulatorRefusesMemberRangeAfterAnObservedBatch() {
        LaggedGridAccumulator acc = MemberBatchTest.accumulator();
        for (int t = 0; t < 3; t++) acc.observe(t, t, MemberBatchTest.states(0, 4, t), 4);
        acc.beginMemberBatch();
        assertThrows(IllegalStateException.class, () -> acc.memberRange(4, 12));
    }

    @Test
    void matrixAccumulatorRefusesMemberRangeAfterAnObservedBatch() {
        LaggedMatrixAccumulator acc = new LaggedMatrixAccumulator(D, (x, out, members) -> {
            for (int i = 0; i < members * D; i++) out[i] = -x[i];
        }, LAGS, 4);
        for (int t = 0; t < 3; t++) acc.observe(t, t, MemberBatchTest.states(0, 4, t), 4);
        acc.beginMemberBatch();
        assertThrows(IllegalStateException.class, () -> acc.memberRange(4, 12));
        // Before any save the range is taken.
        LaggedMatrixAccumulator fresh = new LaggedMatrixAccumulator(D, (x, out, members) -> {}, LAGS, 4);
        fresh.beginMemberBatch();
        fresh.memberRange(4, 12);
    }
}
