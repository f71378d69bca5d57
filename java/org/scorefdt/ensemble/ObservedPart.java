package org.scorefdt.ensemble;

import java.util.List;

/**
 * Hands observers only the observed leading part of each member's state: for a model whose state
 * is [field | hidden] (the Navier–Stokes vorticity followed by its forcing phases), observers of the
 * field see {@code [members][observed]} rows. With nothing hidden the states pass through
 * untouched (no copy). One buffer of members × observed values, reused every save.
 */
public final class ObservedPart implements Observer {
    private final int dimension, observed;
    private final List<? extends Observer> targets;
    private double[] buffer = new double[0];

    /**
     * @param dimension full state dimension d
     * @param observed  leading components handed on, 1 ≤ observed ≤ d
     * @param targets   observers of the observed part
     */
    public ObservedPart(int dimension, int observed, List<? extends Observer> targets) {
        if (observed < 1 || observed > dimension) {
            throw new IllegalArgumentException("observed = " + observed + ": must be in [1, " + dimension + "]");
        }
        this.dimension = dimension;
        this.observed = observed;
        this.targets = List.copyOf(targets);
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        double[] rows = states;
        if (observed < dimension) {
            if (buffer.length < members * observed) buffer = new double[members * observed];
            for (int m = 0; m < members; m++) System.arraycopy(states, m * dimension, buffer, m * observed, observed);
            rows = buffer;
        }
        for (Observer o : targets) o.observe(saveIndex, time, rows, members);
    }
}
