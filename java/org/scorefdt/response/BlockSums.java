package org.scorefdt.response;

/**
 * Per-member-block running sums of the streaming accumulators, kept flat as the device keeps them:
 * lagged products {@code sums[(b·lags + τ)·width + i]}, the marginal sums of the observable A and
 * the conjugate B over the same pairs {@code marginals[(b·lags + τ)·(wa + wb) + w]} (A for w < wa, B
 * after: one B for a column, wb for the columns of a matrix), and pair counts {@code counts[b·lags + τ]}. Blocks are contiguous member groups
 * ({@link MemberBlocks}), independent of each other, so weighted combinations of them give
 * block-spread and bootstrap error bars; {@link BlockWeightedMean} combines them.
 */
final class BlockSums {
    final int blocks, lags, width, wa, wb;
    final double[] sums, marginals;
    final long[] counts;

    BlockSums(int blocks, int lags, int width, int wa) {
        this(blocks, lags, width, wa, 1);
    }

    /** Sums with {@code wb} conjugate marginals per (block, lag): a response matrix's columns. */
    BlockSums(int blocks, int lags, int width, int wa, int wb) {
        if ((long) blocks * lags * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(blocks + " blocks × " + lags + " lags × " + width + " values: too many for one array");
        }
        this.blocks = blocks;
        this.lags = lags;
        this.width = width;
        this.wa = wa;
        this.wb = wb;
        this.sums = new double[blocks * lags * width];
        this.marginals = new double[blocks * lags * (wa + wb)];
        this.counts = new long[blocks * lags];
    }

    /** Records {@code pairs} new pairs in block b at every lag 0 … maxLag. */
    void count(int b, int maxLag, long pairs) {
        for (int tau = 0; tau <= maxLag; tau++) counts[b * lags + tau] += pairs;
    }

    /** Pairs behind lag τ, over all blocks. */
    long pairs(int lag) {
        return BlockWeightedMean.pairs(counts, blocks, lags, lag);
    }

    /** The weighted mean products, centred on entries i < {@code span} ({@link BlockWeightedMean#centred}) or raw. */
    double[] combine(double[] weights, long saves, boolean centred, int span) {
        return centred ? BlockWeightedMean.centred(sums, marginals, counts, blocks, lags, width, wa, span, weights, saves)
                : BlockWeightedMean.of(sums, counts, blocks, lags, width, weights, saves);
    }

    /** The weighted mean products [lag][i][k], centred on Ā_i B̄_k ({@link BlockWeightedMean#centredOuter}) or raw. */
    double[] combineOuter(double[] weights, long saves, boolean centred) {
        return centred ? BlockWeightedMean.centredOuter(sums, marginals, counts, blocks, lags, wa, wb, weights, saves)
                : BlockWeightedMean.of(sums, counts, blocks, lags, width, weights, saves);
    }

    /** ⟨B_k⟩ over the pairs of lag 0 under these weights, one per conjugate marginal. */
    double[] conjugateMeans(double[] weights, long saves) {
        double[] mu = BlockWeightedMean.of(marginals, counts, blocks, lags, wa + wb, weights, saves);
        return java.util.Arrays.copyOfRange(mu, wa, wa + wb);
    }

    /** ⟨B⟩ over the pairs of lag 0 under these weights. */
    double conjugateMean(double[] weights, long saves) {
        return BlockWeightedMean.conjugateMean(marginals, counts, blocks, lags, wa, weights, saves);
    }
}
