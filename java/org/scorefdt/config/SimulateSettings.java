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

    /** Steps per member above which a run is refused (docs/formats.md §10). */
    public static final long MAX_STEPS = Check.MAX_STEPS;

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

    /** Arrays of members × dimension doubles a run holds at once (states, initial states, observed copy). */
    static final int STATE_COPIES = 3;

    /**
     * Refuses, before anything is allocated, a run whose memory cannot exist: members × dimension
     * beyond a Java array, or the state and snapshot arrays beyond {@code availableBytes} (the JVM's
     * {@code Runtime.maxMemory()}), so a typo in {@code members} is a one-line error, not an
     * OutOfMemoryError minutes in.
     *
     * @param dimension    the system's state dimension
     * @param observed     the observed dimension (width of a snapshot)
     * @param availableBytes memory the JVM may use
     * @throws ConfigException naming {@code simulate.members} (or {@code max_snapshots}), the need and the limit
     */
    public void checkMemory(int dimension, int observed, long availableBytes) {
        double states = (double) members * dimension;
        if (states > Integer.MAX_VALUE - 8) {
            throw ConfigException.invalid("simulate.members", members, "members x dimension " + dimension + " = "
                    + (long) states + " states exceed the largest Java array (2^31 - 1); must be <= " + (Integer.MAX_VALUE - 8) / dimension);
        }
        double snapshots = 2.0 * Math.min(maxSnapshots, (double) members * 1e9) * observed * 8; // grows by doubling
        double need = STATE_COPIES * 8 * states + snapshots;
        if (need > availableBytes) {
            String key = snapshots > need / 2 ? "simulate.max_snapshots" : "simulate.members";
            Object value = snapshots > need / 2 ? (Object) maxSnapshots : (Object) members;
            throw ConfigException.invalid(key, value, "needs about " + gib(need) + " of memory for dimension " + dimension
                    + ", more than the " + gib(availableBytes) + " this JVM may use; lower it or raise -Xmx");
        }
    }

    private static String gib(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1L << 30));
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
        double spin = Math.rint(spinup / dt), every = Math.rint(snapshotEvery / dt), saves = Math.floor(duration / snapshotEvery) + 1;
        // Counts beyond these ranges would wrap (a huge duration or a tiny dt): refuse them here, not mid-run.
        if (every > Integer.MAX_VALUE) {
            throw ConfigException.invalid("simulate.snapshot_every", snapshotEvery, "is " + every + " steps of " + dt + "; must be <= "
                    + Integer.MAX_VALUE + " steps");
        }
        if (spin + saves * every > MAX_STEPS) {
            throw ConfigException.invalid(spin > saves * every ? "simulate.spinup" : "simulate.duration", spin > saves * every ? spinup : duration,
                    "needs more than " + MAX_STEPS + " steps of " + dt + " per member; must be shorter");
        }
        return new Steps((long) spin, (long) saves, (int) every);
    }
}
