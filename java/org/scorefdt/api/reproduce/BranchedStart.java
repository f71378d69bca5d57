package org.scorefdt.api.reproduce;

import org.scorefdt.model.InitialCondition;

/**
 * Members started from spun-up parents: global member g starts at parent g mod P's state (docs/reproduction.md
 * §1.1). Keyed by the global index, so the start does not depend on how members are split into batches.
 */
public final class BranchedStart implements InitialCondition {
    private final double[] parents;
    private final int count, dimension;

    /**
     * @param parents   the parents' states, {@code [count][dimension]} (copied)
     * @param dimension state dimension
     */
    public BranchedStart(double[] parents, int dimension) {
        if (dimension < 1 || parents.length == 0 || parents.length % dimension != 0) {
            throw new IllegalArgumentException(parents.length + " parent values do not hold whole states of dimension " + dimension);
        }
        this.parents = parents.clone();
        this.dimension = dimension;
        this.count = parents.length / dimension;
    }

    /** The parent of global member {@code member}. */
    public int parentOf(long member) {
        return (int) Math.floorMod(member, (long) count);
    }

    @Override
    public void fill(double[] states, int members, long memberOffset, long seed) {
        for (int m = 0; m < members; m++) {
            System.arraycopy(parents, parentOf(memberOffset + m) * dimension, states, m * dimension, dimension);
        }
    }
}
