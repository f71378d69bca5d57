package org.scorefdt.response;

/**
 * The per-save work of {@link LaggedMatrixAccumulator} on a tier: keep the chosen columns of each
 * member's conjugate B in a ring of the last L saves and add, per member block and lag τ, the products
 * x_i(t)·B_k(t − τ) and the marginal sums Σ x_i, Σ B_k over the same pairs, in member order (the Java
 * loop's order, so F64 sums agree bit for bit). Counts and read-out stay with the accumulator.
 * Not thread-safe. Design: docs/systems.md §5.11.
 */
public interface LaggedMatrixKernel extends AutoCloseable {

    /**
     * Save {@code save} (counted from 0 in the current member batch) of {@code members} members.
     *
     * @param states     {@code [members][d]} states x, read-only
     * @param conjugates {@code [members][d]} B = −s for every impulse direction, read-only
     * @param blockStart B + 1 entries: block b holds members blockStart[b] … blockStart[b + 1] − 1
     */
    void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart);

    /**
     * Writes the sums over every save observed so far into {@code sums} ({@code [block][lag][d][columns]})
     * and {@code marginals} ({@code [block][lag][d + columns]}: Σ x_i, then Σ B_k), replacing what they held.
     */
    void sumsInto(double[] sums, double[] marginals);

    /** The next saves come from a new member batch (save indices restart at 0); the sums are kept. */
    void beginMemberBatch();

    /** Frees what the kernel holds; it is not used afterwards. */
    @Override
    void close();
}
