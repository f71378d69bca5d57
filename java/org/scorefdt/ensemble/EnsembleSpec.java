package org.scorefdt.ensemble;

/**
 * The shape of an ensemble run, in steps: spin-up, then {@code saves} saves every
 * {@code saveEvery} steps. Step indices are global (spin-up included), so the noise of step s is the
 * same whatever the save interval or the member blocking.
 *
 * @param members     ensemble size M ≥ 1
 * @param spinUpSteps steps before the first save (≥ 0)
 * @param saves       number of saves (≥ 1); the first is the state right after spin-up
 * @param saveEvery   steps between saves (≥ 1)
 * @param seed        the run seed
 */
public record EnsembleSpec(int members, long spinUpSteps, long saves, int saveEvery, long seed) {
    public EnsembleSpec {
        if (members < 1) throw new IllegalArgumentException("members = " + members + ": must be >= 1");
        if (spinUpSteps < 0) throw new IllegalArgumentException("spin-up steps = " + spinUpSteps + ": must be >= 0");
        if (saves < 1) throw new IllegalArgumentException("saves = " + saves + ": must be >= 1");
        if (saveEvery < 1) throw new IllegalArgumentException("saveEvery = " + saveEvery + ": must be >= 1");
        if (spinUpSteps + (saves - 1) * saveEvery >= org.scorefdt.rng.Philox.MAX_STEPS) {
            throw new IllegalArgumentException("run too long for the RNG step counter (2^48 steps)");
        }
    }

    /** Total steps integrated. */
    public long totalSteps() {
        return spinUpSteps + (saves - 1) * (long) saveEvery;
    }
}
