package org.scorefdt.ensemble;

import org.scorefdt.ScoreFdtException;

/**
 * A member's state became NaN or infinite. Names the member, component and global step (the save
 * at which it was detected), and how many saves completed before it, so partial results can be
 * kept and marked incomplete.
 */
public final class SimulationDivergedException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;
    private final long member;
    private final long step;
    private final long completedSaves;

    public SimulationDivergedException(long member, int component, double value, long step, long completedSaves) {
        super("simulation diverged: member " + member + ", component " + component + " = " + value
                + " at step " + step + " (detected at a save; " + completedSaves + " saves completed;"
                + " reduce dt or check the model)");
        this.member = member;
        this.step = step;
        this.completedSaves = completedSaves;
    }

    /** A divergence described by its finder (e.g. a sampler's "chain"), with the same fields. */
    public SimulationDivergedException(String message, long member, long step, long completedSaves) {
        super(message);
        this.member = member;
        this.step = step;
        this.completedSaves = completedSaves;
    }

    public long member() {
        return member;
    }

    public long step() {
        return step;
    }

    public long completedSaves() {
        return completedSaves;
    }
}
