package org.scorefdt.ensemble;

/**
 * Fills the initial states of a block of members. Implementations draw randomness from the
 * {@link org.scorefdt.rng.Streams#INITIAL} stream keyed by the global member index, so the
 * initial ensemble does not depend on how members are split.
 */
@FunctionalInterface
public interface InitialCondition {
    /**
     * @param states       {@code [members][dimension]} to fill
     * @param members      rows to fill
     * @param memberOffset global index of row 0
     * @param seed         the run seed
     */
    void fill(double[] states, int members, long memberOffset, long seed);

    /** Every member starts at the origin. */
    static InitialCondition zero() {
        return (states, members, offset, seed) -> java.util.Arrays.fill(states, 0, states.length, 0.0);
    }

    /** Every member starts from a copy of {@code x0}. */
    static InitialCondition constant(double[] x0) {
        double[] copy = x0.clone();
        return (states, members, offset, seed) -> {
            for (int m = 0; m < members; m++) System.arraycopy(copy, 0, states, m * copy.length, copy.length);
        };
    }
}
