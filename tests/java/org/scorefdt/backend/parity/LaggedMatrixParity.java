package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.parity.ParityTier.Op;
import org.scorefdt.response.BlockErrors;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedMatrixAccumulator;
import org.scorefdt.response.LaggedMatrixKernel;
import org.scorefdt.util.Offer;

/**
 * The lagged matrix sums on a tier against {@link LaggedMatrixAccumulator}'s Java loop, fed the same
 * states: the tier adds every entry's products member by member in the loop's order with no FMA
 * contraction (native/cpu is built with -ffp-contract=off), so the F64 centred and raw estimates,
 * the conjugate means and the block-spread errors must agree bit for bit. Members 1, 31, 33 (odd
 * block splits), one lag and several (ring wraps), all columns and a permuted subset, two member
 * batches of different sizes, read mid-run as well; 1 and 2 threads give the same bits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaggedMatrixParity {

    abstract ParityTier tier();

    /** d, members of the first batch, of the second (0: none), lags, blocks; columns: all or {d−1, 0}. */
    Stream<Arguments> cases() {
        int[][] c = {{1, 1, 0, 1, 1}, {3, 31, 0, 5, 3}, {3, 33, 31, 4, 4}, {5, 33, 0, 9, 2}, {2, 1, 33, 3, 1}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int[] k : c) {
            b.add(Arguments.of(tier(), k[0], k[1], k[2], k[3], k[4], false));
            if (k[0] > 1) b.add(Arguments.of(tier(), k[0], k[1], k[2], k[3], k[4], true));
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} d={1} members={2},{3} lags={4} blocks={5} subset={6}")
    @MethodSource("cases")
    void sumsAreBitwiseTheJavaLoop(ParityTier tier, int d, int members1, int members2, int lags, int blocks, boolean subset) {
        Backend b = tier.require();
        int[] columns = subset ? new int[] {d - 1, 0} : LaggedMatrixAccumulator.allColumns(d);
        Offer<LaggedMatrixKernel> offer = ScoreKernelParity.assertTable(tier, Op.LAGGED_MATRIX, b.laggedMatrix(d, columns, lags, blocks, 2));
        if (!offer.offered()) return;
        offer.value().close();
        // B = −s of a non-Gaussian score with a non-zero mean, so centring and every column matter.
        Conjugate conj = (x, out, m) -> {
            for (int r = 0; r < m; r++) {
                for (int i = 0; i < d; i++) out[r * d + i] = x[r * d + i] * x[r * d + i] * x[r * d + i] - 0.4 * x[r * d + (i + 1) % d] + 0.3;
            }
        };
        var ref = new LaggedMatrixAccumulator(d, conj, columns, lags, blocks, org.scorefdt.response.ResponseKernels.REFERENCE, 0);
        var got = new LaggedMatrixAccumulator(d, conj, columns, lags, blocks, b, 2);
        var one = new LaggedMatrixAccumulator(d, conj, columns, lags, blocks, b, 1);
        assertTrue(got.onKernel() && one.onKernel() && !ref.onKernel());
        SplittableRandom r = new SplittableRandom(100L * d + members1 + lags);
        String what = tier + " d=" + d + " members " + members1 + "," + members2 + " lags " + lags + " blocks " + blocks;
        for (int batch = 0; batch < 2; batch++) {
            int m = batch == 0 ? members1 : members2;
            if (m == 0) break;
            if (batch == 1) for (LaggedMatrixAccumulator a : new LaggedMatrixAccumulator[] {ref, got, one}) a.beginMemberBatch();
            int saves = batch == 0 ? 2 * lags + 7 : 11;
            double[] x = new double[m * d];
            for (int t = 0; t < saves; t++) {
                for (int i = 0; i < x.length; i++) x[i] = 0.7 + r.nextGaussian() * (1 + i % 3);
                for (LaggedMatrixAccumulator a : new LaggedMatrixAccumulator[] {ref, got, one}) a.observe(t, t, x, m);
                if (batch == 0 && t == lags) check(ref, got, blocks, what + " mid-run");
            }
        }
        for (int lag = 0; lag < lags; lag++) assertEquals(ref.pairs(lag), got.pairs(lag), what + ": pairs at lag " + lag);
        check(ref, got, blocks, what);
        check(got, one, blocks, what + ": 1 and 2 threads");
        got.close();
        one.close();
    }

    /**
     * A part of the run keyed by global member blocks ({@code memberRange}) on the tier: its exported sums are
     * the Java loop's for the same members, so parts merged from either are the unsplit run's (LaggedMatrixSumsTest).
     */
    @org.junit.jupiter.api.Test
    void aPartKeyedByGlobalBlocksIsBitwiseTheJavaLoop() {
        Backend b = tier().require();
        int d = 3, lags = 4, blocks = 5, total = 13;
        int[] columns = {2, 0};
        Offer<LaggedMatrixKernel> offer = ScoreKernelParity.assertTable(tier(), Op.LAGGED_MATRIX, b.laggedMatrix(d, columns, lags, blocks, 2));
        if (!offer.offered()) return;
        offer.value().close();
        Conjugate conj = (x, out, m) -> {
            for (int r = 0; r < m; r++) for (int i = 0; i < d; i++) out[r * d + i] = x[r * d + i] * x[r * d + i] - 0.5 * x[r * d + (i + 2) % d];
        };
        long from = org.scorefdt.response.LaggedSums.firstMember(1, total, blocks), to = org.scorefdt.response.LaggedSums.firstMember(4, total, blocks);
        var ref = new LaggedMatrixAccumulator(d, conj, columns, lags, blocks, org.scorefdt.response.ResponseKernels.REFERENCE, 0);
        var got = new LaggedMatrixAccumulator(d, conj, columns, lags, blocks, b, 2);
        ref.memberRange(from, total);
        got.memberRange(from, total);
        int m = (int) (to - from);
        SplittableRandom r = new SplittableRandom(77);
        double[] x = new double[m * d];
        for (int t = 0; t < 15; t++) {
            for (int i = 0; i < x.length; i++) x[i] = 0.3 + r.nextGaussian();
            ref.observe(t, t, x, m);
            got.observe(t, t, x, m);
        }
        var a = ref.exportSums().slice(1, 4);
        var c = got.exportSums().slice(1, 4);
        assertArrayEquals(a.sums(), c.sums(), 0.0, tier() + ": sums of blocks 1 … 3");
        assertArrayEquals(a.marginals(), c.marginals(), 0.0);
        assertArrayEquals(a.counts(), c.counts());
        got.close();
    }

    private static void check(LaggedMatrixAccumulator ref, LaggedMatrixAccumulator got, int blocks, String what) {
        double[] ones = new double[blocks], w = new double[blocks];
        Arrays.fill(ones, 1);
        for (int i = 0; i < blocks; i++) w[i] = (i * 7 + 2) % 3;
        if (blocks == 1) w[0] = 2;
        for (double[] weights : new double[][] {ones, w}) {
            for (boolean centred : new boolean[] {true, false}) {
                assertArrayEquals(ref.combine(weights, centred), got.combine(weights, centred), 0.0,
                        what + " weights " + Arrays.toString(weights) + " centred " + centred);
            }
            assertArrayEquals(ref.conjugateMeans(weights), got.conjugateMeans(weights), 0.0, what + ": conjugate means");
        }
        if (blocks >= 2) {
            assertArrayEquals(BlockErrors.spread(x -> ref.combine(x, true), blocks), BlockErrors.spread(x -> got.combine(x, true), blocks),
                    0.0, what + ": block errors");
        }
    }
}
