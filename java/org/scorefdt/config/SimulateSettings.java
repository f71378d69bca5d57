package org.scorefdt.config;

/**
 * What {@code scorefdt simulate} records: an ensemble of a named system, kept as training snapshots.
 * Times are in model time units; the system's time step turns them into steps ({@link #steps}).
 *
 * @param members       ensemble members, {@code >= 1}
 * @param spinup        time discarded first, finite and {@code >= 0}
 * @param duration      recorded time per member, finite, {@code >= snapshotEvery}
 * @param snapshotEvery time between kept snapshots, finite and &gt; 0 (and {@code >=} the time step)
 * @param maxSnapshots  cap on the snapshots kept, {@code >= 1}
 * @throws ConfigException naming the key ({@code simulate.*}), the value and the allowed range
 */
public record SimulateSettings(int members, double spinup, double duration, double snapshotEvery, int maxSnapshots) {

    /** Step counts for a time step. */
    public record Steps(long spinUp, long saves, int saveEvery) {
        /** Steps per member: the spin-up, then saveEvery between consecutive saves (the first is at the start). */
        public long totalSteps() {
            return spinUp + (saves - 1) * saveEvery;
        }
    }

    public SimulateSettings {
        Check.atLeast("simulate.members", members, 1);
        Check.nonNegative("simulate.spinup", spinup);
        Check.positive("simulate.snapshot_every", snapshotEvery);
        Check.finite("simulate.duration", duration);
        if (!(duration >= snapshotEvery)) {
            throw ConfigException.invalid("simulate.duration", duration, "must be >= snapshot_every = " + snapshotEvery);
        }
        Check.atLeast("simulate.max_snapshots", maxSnapshots, 1);
    }

    /**
     * The steps of a run with time step {@code dt}: snapshots every round(snapshot_every/dt) steps,
     * floor(duration/snapshot_every) + 1 saves.
     *
     * @throws ConfigException when {@code snapshot_every} is shorter than the time step
     */
    public Steps steps(double dt) {
        if (!(snapshotEvery >= dt)) {
            throw ConfigException.invalid("simulate.snapshot_every", snapshotEvery, "must be >= the time step " + dt);
        }
        return new Steps(Math.round(spinup / dt), (long) Math.floor(duration / snapshotEvery) + 1,
                (int) Math.round(snapshotEvery / dt));
    }
}
