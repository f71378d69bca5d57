package org.scorefdt.response;

/**
 * The weighted block mean of lagged sums kept flat, {@code sums[(b·lags + τ)·width + i]} with pair
 * counts {@code counts[b·lags + τ]}: Σ_b w_b S_b(τ, i) / Σ_b w_b n_b(τ), one order of operations for the
 * host accumulators ({@code BlockSums}) and the device ones, so device sums equal to the host's bit for
 * bit also combine to the same bits (blocks with weight 0 are skipped); and its centred form.
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

    /**
     * The centred estimate ⟨A(t+τ)B(t)⟩ − Ā_τ B̄_τ (docs/numerics.md §5): {@link #of} the products less,
     * per lag, the product of the weighted means of A and B over that lag's pairs, read from
     * {@code marginals[(b·lags + τ)·(wa + 1) + w]} (Σ A for w < wa, Σ B at w = wa, counted by
     * {@code counts}). Entries i < {@code span} of each lag are centred, by Ā_i (wa = span) or by the
     * one Ā (wa = 1); the others are left as they are.
     */
    public static double[] centred(double[] sums, double[] marginals, long[] counts, int blocks, int lags, int width, int wa,
                                   int span, double[] weights, long saves) {
        double[] h = of(sums, counts, blocks, lags, width, weights, saves);
        double[] mu = of(marginals, counts, blocks, lags, wa + 1, weights, saves);
        for (int tau = 0; tau < lags; tau++) {
            int m = tau * (wa + 1);
            for (int i = 0; i < span; i++) h[tau * width + i] -= mu[m + (wa == 1 ? 0 : i)] * mu[m + wa];
        }
        return h;
    }

    /**
     * The centred estimate of a response matrix, ⟨A_i(t+τ)B_k(t)⟩ − Ā_{i,τ} B̄_{k,τ}: {@link #of} the
     * products {@code sums[(b·lags + τ)·rows·cols + i·cols + k]} less, per lag, the outer product of the
     * weighted means of A ({@code rows} values) and B ({@code cols} values) read from
     * {@code marginals[(b·lags + τ)·(rows + cols) + w]} (Σ A_i for w < rows, then Σ B_k).
     *
     * @return {@code [lags][rows][cols]}
     */
    public static double[] centredOuter(double[] sums, double[] marginals, long[] counts, int blocks, int lags, int rows,
                                        int cols, double[] weights, long saves) {
        int width = rows * cols, wm = rows + cols;
        double[] h = of(sums, counts, blocks, lags, width, weights, saves);
        double[] mu = of(marginals, counts, blocks, lags, wm, weights, saves);
        for (int tau = 0; tau < lags; tau++) {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < cols; k++) h[tau * width + i * cols + k] -= mu[tau * wm + i] * mu[tau * wm + rows + k];
            }
        }
        return h;
    }

    /** B̄ over the pairs of lag 0 (every save) from the marginal sums of {@link #centred}. */
    public static double conjugateMean(double[] marginals, long[] counts, int blocks, int lags, int wa, double[] weights,
                                       long saves) {
        return of(marginals, counts, blocks, lags, wa + 1, weights, saves)[wa];
    }

    /** Σ_b n_b(lag), the pairs at one lag over all blocks; 0 before anything was counted ({@code counts} null). */
    public static long pairs(long[] counts, int blocks, int lags, int lag) {
        if (counts == null) return 0;
        long n = 0;
        for (int b = 0; b < blocks; b++) n += counts[b * lags + lag];
        return n;
    }
}
