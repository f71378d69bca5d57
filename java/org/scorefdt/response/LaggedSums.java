package org.scorefdt.response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The raw statistics of one lagged accumulator for a contiguous range of its global member blocks
 * ({@link MemberBlocks}): product sums {@code sums[(b·lags + τ)·width + i]}, marginal sums
 * {@code marginals[(b·lags + τ)·marginalWidth + w]} and pair counts {@code counts[b·lags + τ]}, b
 * counted from {@code firstBlock}, as {@link BlockSums} keeps them. What a shard carries and a merge
 * puts back: blocks are taken over whole, never added, so a merged accumulator holds the very doubles
 * of the unsplit run (the merge is exact, not compensated).
 *
 * @param totalBlocks   B, the blocks of the whole run
 * @param firstBlock    the first block held here
 * @param blockCount    blocks held here (firstBlock + blockCount ≤ B)
 * @param lags          L
 * @param width         values per (block, lag) of the products
 * @param marginalWidth values per (block, lag) of the marginals (A's then B's)
 * @param saves         saves each member was observed for (the same in every part)
 */
public record LaggedSums(int totalBlocks, int firstBlock, int blockCount, int lags, int width, int marginalWidth, long saves,
                         double[] sums, double[] marginals, long[] counts) {
    public LaggedSums {
        if (totalBlocks < 1) throw new IllegalArgumentException("totalBlocks = " + totalBlocks + ": must be >= 1");
        if (firstBlock < 0 || blockCount < 0 || firstBlock + blockCount > totalBlocks) {
            throw new IllegalArgumentException("blocks " + firstBlock + " + " + blockCount + ": must lie in 0 … " + totalBlocks);
        }
        if (lags < 1 || width < 1 || marginalWidth < 1) {
            throw new IllegalArgumentException("lags, width, marginalWidth = " + lags + ", " + width + ", " + marginalWidth + ": must be >= 1");
        }
        long rows = (long) blockCount * lags;
        if (sums.length != rows * width || marginals.length != rows * marginalWidth || counts.length != rows) {
            throw new IllegalArgumentException("arrays of " + sums.length + ", " + marginals.length + ", " + counts.length
                    + " values for " + blockCount + " blocks × " + lags + " lags × (" + width + ", " + marginalWidth + ", 1)");
        }
    }

    /** Blocks {@code from … to − 1} (global indices) of this part. */
    public LaggedSums slice(int from, int to) {
        if (from < firstBlock || to > firstBlock + blockCount || from > to) {
            throw new IllegalArgumentException("blocks " + from + " … " + to + " outside " + firstBlock + " … " + (firstBlock + blockCount));
        }
        int r0 = (from - firstBlock) * lags, r1 = (to - firstBlock) * lags;
        return new LaggedSums(totalBlocks, from, to - from, lags, width, marginalWidth, saves,
                java.util.Arrays.copyOfRange(sums, r0 * width, r1 * width),
                java.util.Arrays.copyOfRange(marginals, r0 * marginalWidth, r1 * marginalWidth),
                java.util.Arrays.copyOfRange(counts, r0, r1));
    }

    /**
     * The whole run from parts that hold every block exactly once, in any order: each block's values are
     * copied, so the result does not depend on the parts' order or split.
     *
     * @throws IllegalArgumentException naming the block that is missing or held twice, or a shape that differs
     */
    public static LaggedSums merge(List<LaggedSums> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no parts to merge");
        List<LaggedSums> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(LaggedSums::firstBlock));
        LaggedSums f = sorted.get(0);
        int rowsAll = f.totalBlocks * f.lags;
        double[] s = new double[rowsAll * f.width], mg = new double[rowsAll * f.marginalWidth];
        long[] c = new long[rowsAll];
        int next = 0;
        for (LaggedSums p : sorted) {
            if (p.totalBlocks != f.totalBlocks || p.lags != f.lags || p.width != f.width || p.marginalWidth != f.marginalWidth
                    || p.saves != f.saves) {
                throw new IllegalArgumentException("parts differ in shape: " + p.shape() + " vs " + f.shape());
            }
            if (p.blockCount == 0) continue;
            if (p.firstBlock < next) throw new IllegalArgumentException("block " + p.firstBlock + " is held twice");
            if (p.firstBlock > next) throw new IllegalArgumentException("block " + next + " is missing");
            int r0 = p.firstBlock * f.lags;
            System.arraycopy(p.sums, 0, s, r0 * f.width, p.sums.length);
            System.arraycopy(p.marginals, 0, mg, r0 * f.marginalWidth, p.marginals.length);
            System.arraycopy(p.counts, 0, c, r0, p.counts.length);
            next = p.firstBlock + p.blockCount;
        }
        if (next != f.totalBlocks) throw new IllegalArgumentException("block " + next + " is missing");
        return new LaggedSums(f.totalBlocks, 0, f.totalBlocks, f.lags, f.width, f.marginalWidth, f.saves, s, mg, c);
    }

    /** First global member of block b of a run of {@code members} split into {@code blocks} ({@link MemberBlocks}). */
    public static long firstMember(int b, long members, int blocks) {
        return MemberBlocks.globalStart(b, members, blocks);
    }

    /** B, L, widths and saves, for messages. */
    public String shape() {
        return totalBlocks + " blocks × " + lags + " lags × " + width + " (+" + marginalWidth + "), " + saves + " saves";
    }

    /** The sums as an accumulator holds them (all B blocks; only a whole run, firstBlock 0). */
    BlockSums toBlockSums(int wa) {
        if (firstBlock != 0 || blockCount != totalBlocks) {
            throw new IllegalArgumentException("blocks " + firstBlock + " … " + (firstBlock + blockCount - 1) + " of " + totalBlocks
                    + ": an accumulator needs all of them (merge the parts first)");
        }
        BlockSums b = new BlockSums(totalBlocks, lags, width, wa, marginalWidth - wa);
        System.arraycopy(sums, 0, b.sums, 0, sums.length);
        System.arraycopy(marginals, 0, b.marginals, 0, marginals.length);
        System.arraycopy(counts, 0, b.counts, 0, counts.length);
        return b;
    }

    /** A copy of an accumulator's sums, all blocks. */
    static LaggedSums of(BlockSums b, long saves) {
        return new LaggedSums(b.blocks, 0, b.blocks, b.lags, b.width, b.wa + b.wb, saves, b.sums.clone(), b.marginals.clone(),
                b.counts.clone());
    }
}
