package org.scorefdt.config;

import java.util.Locale;

/**
 * What {@code scorefdt respond} compares: the GFDT response of a named system to an impulse at one
 * component with a trained score, the quasi-Gaussian GFDT and the perturbed-ensemble truth. Times
 * are in model time units; {@link #steps} turns them into steps for the system's time step and
 * checks what depends on the system.
 *
 * @param members             GFDT ensemble members, {@code >= 2}
 * @param spinup              time discarded first, finite and {@code >= 0}
 * @param duration            recorded time per GFDT member, finite and &gt; 0 (more than {@code lags} saves)
 * @param saveEvery           time between saves (the lag spacing), a positive multiple of the time step
 * @param lags                response lags, in saves, {@code >= 1}
 * @param blocks              member blocks for the error bars, in [2, members]
 * @param truthPairs          perturbed/unperturbed pairs of the truth, {@code >= 2}
 * @param truthDuration       recorded time per truth pair, finite and &gt; 0 (at least one kick window)
 * @param resetEvery          saves between truth kicks, {@code >= lags}
 * @param delta               truth kick amplitude δ, finite and {@code != 0}
 * @param component           impulse component j, in [0, d)
 * @param snapshotEvery       every k-th save is kept to fit the quasi-Gaussian baseline, {@code >= 1}
 * @param maxSnapshots        cap on those snapshots, {@code >= d + 2}
 * @param amplitudeCorrection also report the learned score normalised by its lag-0 matrix
 * @param cyclic              average the GFDT column over all impulse positions (cyclic systems)
 * @throws ConfigException naming the key ({@code respond.*}), the value and the allowed range
 */
public record RespondSettings(int members, double spinup, double duration, double saveEvery, int lags, int blocks,
                              int truthPairs, double truthDuration, int resetEvery, double delta, int component,
                              int snapshotEvery, int maxSnapshots, boolean amplitudeCorrection, boolean cyclic) {

    /** Step counts for one system. */
    public record Steps(long spinUp, int saveEvery, long saves, long truthSaves) {}

    public RespondSettings {
        Check.atLeast("respond.members", members, 2);
        Check.nonNegative("respond.spinup", spinup);
        Check.positive("respond.duration", duration);
        Check.positive("respond.save_every", saveEvery);
        Check.atLeast("respond.lags", lags, 1);
        Check.inRange("respond.blocks", blocks, 2, members);
        Check.atLeast("respond.truth_pairs", truthPairs, 2);
        Check.positive("respond.truth_duration", truthDuration);
        if (resetEvery < lags) throw ConfigException.invalid("respond.reset_every", resetEvery, "must be >= lags = " + lags);
        Check.nonZero("respond.delta", delta);
        Check.atLeast("respond.component", component, 0);
        Check.atLeast("respond.snapshot_every", snapshotEvery, 1);
        Check.atLeast("respond.max_snapshots", maxSnapshots, 1);
    }

    /**
     * The steps for a system with time step {@code dt} and dimension {@code d}.
     *
     * @throws ConfigException when {@code save_every} is not a multiple of {@code dt}, the run is too
     *                         short for the lags or the kick window, or {@code component} or
     *                         {@code max_snapshots} do not fit the dimension
     */
    public Steps steps(double dt, int d) {
        Check.steps("respond.duration", duration, dt);
        Check.steps("respond.truth_duration", truthDuration, dt);
        Check.steps("respond.spinup", spinup, dt);
        long saveSteps = Check.steps("respond.save_every", saveEvery, dt);
        if (saveSteps < 1 || saveSteps > Integer.MAX_VALUE || Math.abs(saveSteps * dt - saveEvery) > 1e-9 * Math.max(1, saveEvery)) {
            throw ConfigException.invalid("respond.save_every", saveEvery, "must be a positive multiple of the time step " + dt);
        }
        long saves = Math.round(duration / saveEvery), truthSaves = Math.round(truthDuration / saveEvery);
        if (!(saves > lags)) {
            throw ConfigException.invalid("respond.duration", duration, "gives " + saves + " saves: need more than lags = " + lags);
        }
        if (!(truthSaves >= resetEvery)) {
            throw ConfigException.invalid("respond.truth_duration", truthDuration, "must cover at least one kick window (reset_every = "
                    + resetEvery + " saves)");
        }
        Check.inRange("respond.component", component, 0, d - 1);
        Check.atLeast("respond.max_snapshots", maxSnapshots, d + 2);
        return new Steps(Math.round(spinup / dt), (int) saveSteps, saves, truthSaves);
    }

    /**
     * What {@code respond} holds on the heap at least ({@link MemoryNeed}) for a system of dimension
     * {@code d}, in doubles: the GFDT members' states, one copy of the truth pairs' states and the
     * quasi-Gaussian snapshots; refused by {@link MemoryNeed#check} before a run.
     */
    public MemoryNeed memoryNeed(int d) {
        double saves = duration / saveEvery;
        return new MemoryNeed()
                .add("respond.members", members, (double) members * d, 8, "the members' states")
                .add("respond.truth_pairs", truthPairs, (double) truthPairs * d, 8, "the truth pairs' states")
                .add("respond.max_snapshots", maxSnapshots, Math.min(maxSnapshots, members * (saves / snapshotEvery + 1)) * d, 8,
                        "the quasi-Gaussian snapshots");
    }

    /** The {@code [respond]} table of the manifest, with what the command line adds to these settings. */
    public String toToml(String system, String model, String modelType, long seed, String backend) {
        return String.format(Locale.ROOT, "[respond]%nsystem = \"%s\"%nmodel = \"%s\"%nmodel_type = \"%s\"%nmembers = %d%nspinup = %s%n"
                        + "duration = %s%nsave_every = %s%nlags = %d%nblocks = %d%ntruth_pairs = %d%ntruth_duration = %s%n"
                        + "reset_every = %d%ndelta = %s%ncomponent = %d%nsnapshot_every = %d%nmax_snapshots = %d%nseed = %d%nbackend = \"%s\"%namplitude_correction = %s%ncyclic = %s%n",
                system, model.replace("\\", "\\\\").replace("\"", "\\\""), modelType, members, spinup, duration,
                saveEvery, lags, blocks, truthPairs, truthDuration, resetEvery, delta, component, snapshotEvery, maxSnapshots, seed,
                backend, amplitudeCorrection, cyclic);
    }
}
