package org.scorefdt.response;

import org.scorefdt.ensemble.Observer;

/**
 * A streaming accumulator of lagged products H(τ) = ⟨A(x(t+τ)) B(x(t))⟩ over an ensemble run, kept
 * as separate sums per member block so that error bars (block spread, block bootstrap) can be formed
 * afterwards. Members are independent, so blocks (contiguous member groups, see {@link MemberBlocks})
 * are independent samples of the same estimate. Every lag is divided by its true pair count:
 * lag τ of a run of T saves has T−τ pairs per member.
 *
 * <p>As an {@link Observer} it must see the same number of members at every save, in time order.
 */
public interface LaggedAccumulator extends Observer {

    /** Lags L (τ = 0 … L−1 saves). */
    int lags();

    /** Components d of one lag of the result. */
    int dimension();

    /** Index of the impulse component (pixel) j the column belongs to. */
    int impulseComponent();

    /** Member blocks. */
    int blocks();

    /** Pairs accumulated at lag τ, all blocks together. */
    long pairs(int lag);

    /** Whether {@link #combine} supports {@code normalize = true}. */
    boolean canNormalize();

    /**
     * The estimate from a weighted combination of blocks: H_w(τ) = Σ_b w_b S_b(τ) / Σ_b w_b n_b(τ),
     * with S_b the block's sums and n_b its pair counts. All weights 1 give the pooled estimate,
     * a unit vector one block's own, bootstrap multiplicities a replicate.
     *
     * @param weights   one non-negative weight per block, not all zero
     * @param normalize divide by the lag-0 matrix (only where {@link #canNormalize()})
     * @return {@code [lags][dimension]}
     * @throws IllegalStateException when a lag has no pairs under these weights
     */
    double[] combine(double[] weights, boolean normalize);

    /**
     * Starts a new batch of independent members (a new segment of the run at save 0): the pairs
     * gathered so far are kept, no pair spans the two batches. Lets a large ensemble be integrated
     * in member batches so that lag buffers hold one batch only.
     *
     * @throws UnsupportedOperationException where the accumulator cannot restart (the default)
     */
    default void beginMemberBatch() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot accumulate member batches");
    }
}
