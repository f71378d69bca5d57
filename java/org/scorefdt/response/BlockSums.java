package org.scorefdt.response;

/**
 * Per-member-block running sums of lagged products and their true pair counts, shared by the
 * streaming accumulators: sums [block][lag][width], counts [block][lag]. Blocks are contiguous
 * member groups ({@link MemberBlocks}), independent of each other, so weighted combinations of them
 * give block-spread and bootstrap error bars.
 */
final class BlockSums {
    private final int blocks, lags, width;
    private final double[][] sums;
    private final long[] counts;

    BlockSums(int blocks, int lags, int width) {
        this.blocks = blocks;
        this.lags = lags;
        this.width = width;
        this.sums = new double[blocks][lags * width];
        this.counts = new long[blocks * lags];
    }

    /** The [lag][width] sums of block b, to accumulate into. */
    double[] block(int b) {
        return sums[b];
    }

    /** Records {@code pairs} new pairs in block b at every lag 0 … maxLag. */
    void count(int b, int maxLag, long pairs) {
        for (int tau = 0; tau <= maxLag; tau++) counts[b * lags + tau] += pairs;
    }

    /** Pairs behind lag τ, over all blocks. */
    long pairs(int lag) {
        long n = 0;
        for (int b = 0; b < blocks; b++) n += counts[b * lags + lag];
        return n;
    }

    /**
     * Σ_b w_b·sums_b / Σ_b w_b·counts_b per lag: the pooled mean for unit weights, a bootstrap
     * replicate for multiplicities. Returns [lag][width].
     *
     * @param saves saves seen so far, for the message when a lag has no pairs
     */
    double[] weightedMean(double[] weights, long saves) {
        if (weights.length != blocks) throw new IllegalArgumentException(weights.length + " weights for " + blocks + " blocks");
        double[] out = new double[lags * width];
        for (int tau = 0; tau < lags; tau++) {
            double n = 0;
            for (int b = 0; b < blocks; b++) {
                if (weights[b] == 0) continue;
                n += weights[b] * counts[b * lags + tau];
                double[] s = sums[b];
                for (int i = 0; i < width; i++) out[tau * width + i] += weights[b] * s[tau * width + i];
            }
            if (!(n > 0)) throw new IllegalStateException("lag " + tau + " has no pairs (run has " + saves + " saves)");
            for (int i = 0; i < width; i++) out[tau * width + i] /= n;
        }
        return out;
    }
}
