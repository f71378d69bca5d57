package org.scorefdt.integrate;

/**
 * Advances a block of ensemble members in place, on some backend. States are row-major
 * {@code [member][component]}. The randomness of member row r at step s is keyed by
 * (seed, memberOffset + r, step0 + s), so splitting an ensemble into blocks, or running it on
 * more threads, gives the same numbers.
 *
 * <p>Instances are not thread-safe (they own scratch buffers): use one per thread of control.
 */
public interface Integrator extends AutoCloseable {

    /** Components per member. */
    int dimension();

    /** The precision this integrator computes in. */
    Precision precision();

    /**
     * Takes {@code nSteps} steps of every member.
     *
     * @param states       {@code [members][dimension]}, advanced in place (F64 layout)
     * @param members      number of rows
     * @param memberOffset global index of row 0
     * @param step0        global index of the first step
     * @param nSteps       steps to take (≥ 0)
     */
    void advance(double[] states, int members, long memberOffset, long step0, int nSteps);

    /** Releases native resources; idempotent. */
    @Override
    default void close() {}

    /** Shape checks shared by all backends, done once before crossing into native code. */
    static void checkShape(double[] states, int members, int dimension, long memberOffset, long step0, int nSteps) {
        if (members < 0 || nSteps < 0 || memberOffset < 0 || step0 < 0) {
            throw new IllegalArgumentException("members, nSteps, memberOffset, step0 must be >= 0 (got "
                    + members + ", " + nSteps + ", " + memberOffset + ", " + step0 + ")");
        }
        if ((long) members * dimension > states.length) {
            throw new IllegalArgumentException("states holds " + states.length + " values, need members × dimension = "
                    + members + " × " + dimension);
        }
        if (memberOffset + members > org.scorefdt.rng.Philox.MAX_MEMBERS
                || step0 + nSteps > org.scorefdt.rng.Philox.MAX_STEPS) {
            throw new IllegalArgumentException("member or step index beyond the RNG counter range");
        }
    }
}
