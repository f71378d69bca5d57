package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matrix accumulator's sums as a mergeable artifact (issue 14): members split on the run's block
 * boundaries, each part keyed by global member blocks ({@code memberRange}), exported, sliced to its
 * own blocks and merged in any order give the unsplit run's sums and estimates bit for bit.
 */
class LaggedMatrixSumsTest {
    static final int D = 3, LAGS = 4, BLOCKS = 5, MEMBERS = 13, SAVES = 17;
    static final int[] COLUMNS = {2, 0};

    /** B = −s of a non-Gaussian score with a non-zero mean, so every column and the centring matter. */
    static final Conjugate CONJ = (x, out, m) -> {
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < D; i++) out[r * D + i] = x[r * D + i] * x[r * D + i] * x[r * D + i] - 0.4 * x[r * D + (i + 1) % D] + 0.3;
        }
    };

    /** Member g's state at save t: a function of (g, t) alone, as a run's Philox streams are. */
    static double state(long g, int t, int i) {
        long h = (g * 1_000_003L + t) * 31 + i;
        return 0.7 + Math.sin(h * 0.618) * (1 + i % 3);
    }

    /** Members from … to−1 observed for every save, keyed as global members of the run when {@code ranged}. */
    static LaggedMatrixAccumulator run(long from, long to, boolean ranged) {
        var a = new LaggedMatrixAccumulator(D, CONJ, COLUMNS, LAGS, BLOCKS, ResponseKernels.REFERENCE, 0);
        if (ranged) a.memberRange(from, MEMBERS);
        int m = (int) (to - from);
        double[] x = new double[m * D];
        for (int t = 0; t < SAVES; t++) {
            for (int r = 0; r < m; r++) for (int i = 0; i < D; i++) x[r * D + i] = state(from + r, t, i);
            a.observe(t, t, x, m);
        }
        return a;
    }

    @Test
    void partsMergedInAnyOrderAreTheUnsplitRunBitForBit() {
        LaggedMatrixAccumulator whole = run(0, MEMBERS, false);
        LaggedSums all = whole.exportSums();
        double[] w = new double[BLOCKS];
        java.util.Arrays.fill(w, 1); // every block: the estimate
        Random shuffle = new Random(3);
        for (int[] cuts : new int[][] {{0, 5}, {0, 2, 5}, {0, 1, 2, 3, 4, 5}}) {
            List<LaggedSums> parts = new ArrayList<>();
            for (int k = 0; k + 1 < cuts.length; k++) {
                long from = LaggedSums.firstMember(cuts[k], MEMBERS, BLOCKS), to = LaggedSums.firstMember(cuts[k + 1], MEMBERS, BLOCKS);
                parts.add(run(from, to, true).exportSums().slice(cuts[k], cuts[k + 1]));
            }
            Collections.shuffle(parts, shuffle);
            LaggedSums merged = LaggedSums.merge(parts);
            assertArrayEquals(all.sums(), merged.sums(), "sums, split at " + java.util.Arrays.toString(cuts));
            assertArrayEquals(all.marginals(), merged.marginals());
            assertArrayEquals(all.counts(), merged.counts());
            var restored = new LaggedMatrixAccumulator(D, CONJ, COLUMNS, LAGS, BLOCKS, ResponseKernels.REFERENCE, 0);
            restored.importSums(merged);
            assertArrayEquals(whole.combine(w, true), restored.combine(w, true));
            assertArrayEquals(whole.combine(w, false), restored.combine(w, false));
            assertArrayEquals(whole.conjugateMeans(w), restored.conjugateMeans(w));
            for (int lag = 0; lag < LAGS; lag++) assertEquals(whole.pairs(lag), restored.pairs(lag));
            // each block's own estimate too, so the error bars (the spread over blocks) are the unsplit run's
            assertArrayEquals(BlockErrors.spread(v -> whole.combine(v, true), BLOCKS), BlockErrors.spread(v -> restored.combine(v, true), BLOCKS));
        }
    }

    @Test
    void aRangeAfterTheFirstSaveAndForeignSumsAreRefused() {
        LaggedMatrixAccumulator a = run(0, MEMBERS, false);
        assertThrows(IllegalStateException.class, () -> a.memberRange(0, MEMBERS));
        var other = new LaggedMatrixAccumulator(D, CONJ, new int[] {0}, LAGS, BLOCKS, ResponseKernels.REFERENCE, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> other.importSums(a.exportSums()));
        assertTrue(e.getMessage().contains("matrix accumulator"), e.getMessage());
    }
}
