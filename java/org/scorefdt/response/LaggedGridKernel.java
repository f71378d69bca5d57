package org.scorefdt.response;

/**
 * The per-save work of {@link LaggedGridAccumulator} on a tier: transform each member's field u and
 * conjugate B, keep B̂ in a ring of the last L saves, and add the lagged products û(t)·conj B̂(t − τ)
 * to per-block raw sums (uncentred, kx ≥ 0 half spectra), which it keeps. Counts, weights,
 * normalisation and the final transform stay with the accumulator. The tier may hold saves back and
 * add them when the sums are read ({@link #sumsInto}) or the batch ends; each sum is still taken in
 * save order, then member order, whenever it is read. Not thread-safe.
 * Design: docs/backends.md §1.
 */
public interface LaggedGridKernel extends AutoCloseable {

    /**
     * Save {@code save} (counted from 0 in the current member batch) of {@code members} members.
     *
     * @param states     {@code [members][N²]} fields u, read-only
     * @param conjugates {@code [members][N²]} conjugates B, read-only
     * @param blockStart B + 1 entries: block b holds members blockStart[b] … blockStart[b + 1] − 1
     */
    void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart);

    /**
     * As {@link #observe} with B = u: the sums become the field's lagged autocorrelation
     * û(t)·conj û(t − τ), all a conjugate linear per Fourier mode needs (B̂ = g·û + c·δ_{k0}, applied by
     * the caller when it reads the sums). A tier may take them for about half the cross sums' work; a
     * kernel is fed one way, this or {@link #observe}, for its whole life.
     */
    default void observeField(long save, double[] states, int members, int[] blockStart) {
        observe(save, states, states, members, blockStart);
    }

    /**
     * Writes the sums over every save observed so far, all member batches, into {@code sums}
     * ({@code [block][lag][ky][kx][re, im]}, kx = 0 … N/2), replacing what it held.
     */
    void sumsInto(double[] sums);

    /** The next saves come from a new member batch (save indices restart at 0); the sums are kept. */
    void beginMemberBatch();

    /** Frees what the kernel holds; it is not used afterwards. */
    @Override
    void close();
}
