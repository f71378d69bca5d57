package org.scorefdt.response;

/**
 * The weighted block mean of lagged sums kept flat, {@code sums[(b·lags + τ)·width + i]} with pair
 * counts {@code counts[b·lags + τ]}: Σ_b w_b S_b(τ, i) / Σ_b w_b n_b(τ), in the order of operations of
 * the Java accumulators' {@code BlockSums.weightedMean}, so device accumulators whose sums equal the
 * host's bit for bit also combine to the same bits (blocks with weight 0 are skipped, as there).
 */
public final class BlockWeightedMean {
    private BlockWeightedMean() {}

    /**
     * @param saves saves seen so far, for the message when a lag has no pairs
     * @return {@code [lags][width]}
     * @throws IllegalStateException if a lag has no weighted pairs
     */
    public static double[] of(double[] sums, long[] counts, int blocks, int lags, int width, double[] weights, long saves) {
        if (weights.length != blocks) throw new IllegalArgumentException(weights.length + " weights for " + blocks + " blocks");
        double[] out = new double[lags * width];
        for (int tau = 0; tau < lags; tau++) {
            double n = 0;
            for (int b = 0; b < blocks; b++) {
                if (weights[b] == 0) continue;
                n += weights[b] * counts[b * lags + tau];
                int base = (b * lags + tau) * width;
                for (int i = 0; i < width; i++) out[tau * width + i] += weights[b] * sums[base + i];
            }
            if (!(n > 0)) throw new IllegalStateException("lag " + tau + " has no pairs (run has " + saves + " saves)");
            for (int i = 0; i < width; i++) out[tau * width + i] /= n;
        }
        return out;
    }

    /** Σ_b n_b(lag), the pairs at one lag over all blocks; 0 before anything was counted ({@code counts} null). */
    public static long pairs(long[] counts, int blocks, int lags, int lag) {
        if (counts == null) return 0;
        long n = 0;
        for (int b = 0; b < blocks; b++) n += counts[b * lags + lag];
        return n;
    }
}
