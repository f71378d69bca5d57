package org.scorefdt.response;

import org.scorefdt.ensemble.Observer;

/**
 * A streaming accumulator of the lagged covariance H(τ) = ⟨(A(x(t+τ)) − Ā_τ)(B(x(t)) − B̄_τ)⟩ over an
 * ensemble run, Ā_τ and B̄_τ the means over lag τ's pairs (docs/numerics.md §5). It keeps the raw
 * product sums and the sums of A and of B over the same pairs, separately per member block so that
 * error bars (block spread, block bootstrap) can be formed afterwards. Members are independent, so blocks (contiguous member groups, see {@link MemberBlocks})
 * are independent samples of the same estimate. Every lag is divided by its true pair count:
 * lag τ of a run of T saves has T−τ pairs per member.
 *
 * <p>As an {@link Observer} it must see the same number of members at every save, in time order.
 */
public interface LaggedAccumulator extends Observer, AutoCloseable {

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
     * The estimate from a weighted combination of blocks: H_w(τ) = Σ_b w_b S_b(τ) / Σ_b w_b n_b(τ) − Ā_w(τ) B̄_w(τ),
     * with S_b the block's product sums, n_b its pair counts, and Ā_w, B̄_w the means of A and B over
     * the lag's pairs weighted alike. All weights 1 give the pooled estimate, a unit vector one
     * block's own, bootstrap multiplicities a replicate.
     *
     * @param weights   one non-negative weight per block, not all zero
     * @param normalize divide by the lag-0 matrix (only where {@link #canNormalize()})
     * @param centred   subtract Ā_w B̄_w (false: the raw product mean, biased wherever both means are non-zero)
     * @return {@code [lags][dimension]}
     * @throws IllegalStateException when a lag has no pairs under these weights
     */
    double[] combine(double[] weights, boolean normalize, boolean centred);

    /**
     * Whether {@link #combine} may be called from several threads at once once it has been called
     * once (the error bars' replicates run in parallel then, {@link GfdtEstimator.Options#threads()}).
     * False by default: a device accumulator copies its sums through one staging buffer per call.
     */
    default boolean concurrentCombine() {
        return false;
    }

    /** The centred estimate, {@link #combine(double[], boolean, boolean)} with {@code centred} true. */
    default double[] combine(double[] weights, boolean normalize) {
        return combine(weights, normalize, true);
    }

    /**
     * B̄ under these block weights over the pairs of lag 0 (every save): for B = −s of an impulse,
     * −⟨s_j⟩, which the true score makes 0; averaged over positions where the accumulator averages
     * (cyclic rings, grids: per pixel).
     */
    double conjugateMean(double[] weights);

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

    /**
     * Keys the member blocks by global member index: the members this accumulator will see are
     * members {@code offset} … of a run of {@code total}, block b holding the run's members
     * ⌈b·T/B⌉ … (docs/formats.md §9). Each {@link #beginMemberBatch} moves on past the members of the
     * batch before, so batches run in member order have the run's blocks too. Call before the first
     * save; without it every batch is split over all B blocks alone.
     *
     * @throws UnsupportedOperationException where the accumulator cannot (the default)
     */
    default void memberRange(long offset, long total) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot key blocks by global member");
    }

    /**
     * The raw block sums, counts and marginals as {@link #combine} reads them ({@link LaggedSums}).
     *
     * @throws UnsupportedOperationException where the accumulator cannot export them (the default)
     */
    default LaggedSums exportSums() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot export its sums");
    }

    /**
     * Replaces what was accumulated by {@code sums} (a merged whole run), so that {@link #combine}
     * gives what the run that produced them gives; nothing may be observed afterwards.
     *
     * @throws UnsupportedOperationException where the accumulator cannot (the default)
     */
    default void importSums(LaggedSums sums) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot import sums");
    }

    /** Frees what a tier holds for this accumulator (native sums); its estimates stay readable only before. */
    @Override
    default void close() {}

    /**
     * Wall nanoseconds spent in {@link #observe} so far, split as {conjugate B, everything else (the
     * lagged accumulation)}, for run manifests; zeros where the accumulator does not time itself.
     */
    default long[] nanosSpent() {
        return new long[2];
    }
}
