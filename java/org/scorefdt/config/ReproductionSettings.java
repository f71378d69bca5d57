package org.scorefdt.config;

import java.util.Arrays;
import org.scorefdt.integrate.Scheme;

/**
 * One system's table of a {@link ReproductionConfig} ({@code [ou-spde]}, {@code [allen-cahn]},
 * {@code [navier-stokes]}; docs/reproduction.md §1). Times are in model time units, whole multiples
 * of the step or save interval; {@link #saves()}, {@link #resetSaves()} … give the counts. Checked on
 * construction; messages name the key ({@code allen-cahn.lags}), the value and the allowed range.
 *
 * @param system         table name: the system ({@code ou-spde}, {@code allen-cahn}, {@code navier-stokes})
 * @param enabled        run this system
 * @param n              grid points per side, even, in [8, 256] (the paper's panels reach pixel (6, 0))
 * @param scheme         time-stepping scheme
 * @param dt             time step &gt; 0
 * @param spinup         time units discarded before recording, ≥ 0, a multiple of dt
 * @param members        GFDT ensemble size
 * @param memberBatch    members integrated at once in the GFDT passes (bounds the lag ring, whose size is
 *                       batch × lags × N² doubles); 0 = all
 * @param duration       recorded time units per member, a multiple of the save interval
 * @param saveEvery      steps between saves; the save interval dt·save_every is the lag unit
 * @param lags           response lags τ = 0 … lags−1 saves
 * @param blocks         member blocks for standard errors, 2 ≤ blocks ≤ members (and ≤ batch)
 * @param normalize      divide the GFDT estimate by its lag-0 matrix in Fourier space (R(0) = I)
 * @param snapshotEvery  time units between training snapshots (a multiple of the save interval)
 * @param maxSnapshots   cap on the training set
 * @param ridge          quasi-Gaussian ridge ρ ≥ 0 (relative to the mean variance)
 * @param truthMembers   members of the perturbed ensemble ≥ 2
 * @param truthDuration  recorded time units per truth member (windows of {@code lags} saves every
 *                       {@code resetEvery})
 * @param resetEvery     time units between kicks of the perturbed copy; ≥ the lag span
 * @param delta          kick amplitude δ ≠ 0 at pixel (0, 0)
 * @param noiseScale     factor on the paper's noise variance ε² (OU SPDE, Allen–Cahn), finite and &gt; 0; 1 = the
 *                       paper's ε², (32/N)² restores its per-cell noise on a coarser grid (docs/reproduction.md §3.1);
 *                       must be 1 for Navier–Stokes
 * @param dsm            the periodic CNN and its training
 * @param branching      start members from a few spun-up parents instead of spinning each up ({@link Branching})
 */
public record ReproductionSettings(String system, boolean enabled, int n, Scheme scheme, double dt, double spinup,
                                   int members, int memberBatch, double duration, int saveEvery, int lags, int blocks,
                                   boolean normalize, double snapshotEvery, int maxSnapshots, double ridge,
                                   int truthMembers, double truthDuration, double resetEvery, double delta,
                                   double noiseScale, Dsm dsm, Branching branching) {

    /** Smallest grid: the paper's last panel is pixel (6, 0). */
    public static final int MIN_N = 8;
    /** Largest grid. */
    public static final int MAX_N = 256;

    /**
     * The periodic CNN score network trained by denoising score matching (docs/systems.md §6), as keys
     * {@code dsm_*} of the system's table.
     *
     * @param channels     hidden channel counts, each ≥ 1
     * @param steps        Adam updates ≥ 1
     * @param batch        minibatch ≥ 1
     * @param learningRate Adam η &gt; 0
     * @param warmup       warm-up updates ≥ 0
     * @param sigmaMin     σ_min as a fraction of the data's pixel standard deviation, in (0, 1)
     * @param evalEvery    updates between held-out evaluations ≥ 1
     * @param patience     evaluations without improvement before stopping ≥ 1
     */
    public record Dsm(int[] channels, int steps, int batch, double learningRate, int warmup, double sigmaMin,
                      int evalEvery, int patience) {
        public Dsm {
            if (channels == null || channels.length == 0) throw ConfigException.invalid("dsm_channels", "[]", "need at least one hidden layer");
            channels = channels.clone();
            for (int c : channels) {
                if (c < 1 || c > 1024) {
                    throw ConfigException.invalidText("dsm_channels", Arrays.toString(channels), "each must be in [1, 1024]");
                }
            }
            Check.atLeast("dsm_steps", steps, 1);
            Check.atLeast("dsm_batch", batch, 1);
            Check.positive("dsm_learning_rate", learningRate);
            Check.atLeast("dsm_warmup", warmup, 0);
            if (!(sigmaMin > 0 && sigmaMin < 1)) throw ConfigException.invalid("dsm_sigma_min", sigmaMin, "must be in (0, 1) (fraction of the pixel std)");
            Check.atLeast("dsm_eval_every", evalEvery, 1);
            Check.atLeast("dsm_patience", patience, 1);
        }

        @Override
        public int[] channels() {
            return channels.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Dsm d && Arrays.equals(channels, d.channels) && steps == d.steps && batch == d.batch
                    && Double.compare(learningRate, d.learningRate) == 0 && warmup == d.warmup
                    && Double.compare(sigmaMin, d.sigmaMin) == 0 && evalEvery == d.evalEvery && patience == d.patience;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(channels) * 31 + steps;
        }

        @Override
        public String toString() {
            return "Dsm[channels=" + Arrays.toString(channels) + ", steps=" + steps + ", batch=" + batch + ", learningRate="
                    + learningRate + ", warmup=" + warmup + ", sigmaMin=" + sigmaMin + ", evalEvery=" + evalEvery
                    + ", patience=" + patience + "]";
        }
    }

    /**
     * Branching, keys {@code branch_parents} and {@code branch_time} (docs/reproduction.md §1.1): with
     * {@code parents} P &gt; 0, only P parents run the whole {@code spinup}; every GFDT and truth member
     * starts from parent (global member index mod P) and runs {@code time} more units on its own noise
     * before recording, so the spin-up costs P·spinup + members·time instead of members·spinup. The
     * report checks that siblings have forgotten their parent (docs/reproduction.md §1.1).
     *
     * @param parents spun-up parents ≥ 0; 0 = every member spins up on its own (no branching)
     * @param time    time units each member runs from its parent before recording, ≥ 0 (&gt; 0 when branching)
     */
    public record Branching(int parents, double time) {
        /** Every member spins up on its own. */
        public static final Branching NONE = new Branching(0, 0);

        public Branching {
            Check.atLeast("branch_parents", parents, 0);
            Check.nonNegative("branch_time", time);
            if (parents > 0 && !(time > 0)) {
                throw ConfigException.invalid("branch_time", time, "must be > 0 when branch_parents > 0 (siblings must decorrelate)");
            }
        }

        /** Whether members branch from parents. */
        public boolean on() {
            return parents > 0;
        }
    }

    public ReproductionSettings {
        Check.notNull(system + ".scheme", scheme);
        Check.notNull(system + ".dsm", dsm);
        Check.notNull(system + ".branching", branching);
        String p = system + ".";
        if (n < MIN_N || n > MAX_N || n % 2 != 0) {
            throw ConfigException.invalid(p + "n", n, "must be even and in [" + MIN_N + ", " + MAX_N + "]");
        }
        Check.timeStep(p + "dt", dt);
        Check.nonNegative(p + "spinup", spinup);
        Check.atLeast(p + "members", members, 1);
        Check.atLeast(p + "member_batch", memberBatch, 0);
        Check.positive(p + "duration", duration);
        Check.atLeast(p + "save_every", saveEvery, 1);
        Check.atLeast(p + "lags", lags, 1);
        Check.atLeast(p + "blocks", blocks, 2);
        if (blocks > members) throw ConfigException.invalid(p + "blocks", blocks, "must be <= members (" + members + ")");
        if (memberBatch != 0 && memberBatch < blocks) {
            throw ConfigException.invalid(p + "member_batch", memberBatch, "must be 0 (all) or >= blocks (" + blocks + ")");
        }
        Check.positive(p + "snapshot_every", snapshotEvery);
        Check.atLeast(p + "max_snapshots", maxSnapshots, 10);
        Check.nonNegative(p + "quasi_gaussian_ridge", ridge);
        Check.atLeast(p + "truth_members", truthMembers, 2);
        Check.positive(p + "truth_duration", truthDuration);
        Check.positive(p + "reset_every", resetEvery);
        Check.nonZero(p + "delta", delta);
        if (!(noiseScale > 0) || Double.isInfinite(noiseScale)) {
            throw ConfigException.invalid(p + "noise_scale", noiseScale, "must be finite and > 0");
        }
        if (system.equals("navier-stokes") && noiseScale != 1) {
            throw ConfigException.invalid(p + "noise_scale", noiseScale, "must be 1 (Navier–Stokes has no additive field noise)");
        }
        // Derived counts: each throws naming its key when a time is not a whole number of units.
        whole(p + "spinup", spinup, dt);
        whole(p + "branch_time", branching.time(), dt);
        if (branching.parents() > members) {
            throw ConfigException.invalid(p + "branch_parents", branching.parents(), "must be <= members (" + members + ")");
        }
        Check.steps(p + "duration", duration, dt);
        Check.steps(p + "spinup", spinup, dt);
        Check.steps(p + "truth_duration", truthDuration, dt);
        Check.steps(p + "reset_every", resetEvery, dt);
        double save = dt * saveEvery; // fields are not assigned yet in a compact constructor
        long saves = whole(p + "duration", duration, save);
        if (saves < lags) {
            throw ConfigException.invalid(p + "lags", lags, "must be <= duration / (dt * save_every) = " + saves
                    + " saves, so the longest lag has pairs");
        }
        whole(p + "snapshot_every", snapshotEvery, save);
        long reset = whole(p + "reset_every", resetEvery, save);
        if (reset < lags) {
            throw ConfigException.invalid(p + "reset_every", resetEvery, "must be >= lags * dt * save_every = "
                    + lags * save + " (a window must hold every lag)");
        }
        if (whole(p + "truth_duration", truthDuration, save) < lags) {
            throw ConfigException.invalid(p + "truth_duration", truthDuration, "must be >= lags * dt * save_every = "
                    + lags * save + " (at least one window)");
        }
    }

    /** Time between saves, the lag unit. */
    public double saveInterval() {
        return dt * saveEvery;
    }

    /** Steps of spin-up (of every member, or of each parent when branching). */
    public long spinupSteps() {
        return Math.round(spinup / dt);
    }

    /**
     * Steps a GFDT or truth member runs before recording: the spin-up, or when branching the
     * branch time from its parent; the member's first recorded save is at this step.
     */
    public long memberSpinupSteps() {
        return branching.on() ? Math.round(branching.time() / dt) : spinupSteps();
    }

    /** Saves per GFDT member ({@code duration} / save interval; the first save is the state after spin-up). */
    public long saves() {
        return Math.round(duration / saveInterval());
    }

    /** Saves between training snapshots. */
    public int snapshotSaves() {
        return (int) Math.round(snapshotEvery / saveInterval());
    }

    /** Saves between kicks of the perturbed copy. */
    public int resetSaves() {
        return (int) Math.round(resetEvery / saveInterval());
    }

    /** Saves per truth member. */
    public long truthSaves() {
        return Math.round(truthDuration / saveInterval());
    }

    /** Perturbed/unperturbed pairs of the truth: members × windows. */
    public long truthPairs() {
        return truthMembers * ((truthSaves() - lags) / resetSaves() + 1);
    }

    /**
     * What this system holds on the heap at least ({@link MemoryNeed}), in doubles: the spun-up states
     * of every GFDT member, one copy of the truth members' states, and the training snapshots; refused by
     * {@link MemoryNeed#check} before a run.
     */
    public MemoryNeed memoryNeed() {
        double cells = (double) n * n;
        return new MemoryNeed()
                .add(system + ".members", members, (double) members * cells, 8, "the GFDT members' spun-up states")
                .add(system + ".truth_members", truthMembers, (double) truthMembers * cells, 8, "the truth members' states")
                .add(system + ".max_snapshots", maxSnapshots, Math.min(maxSnapshots, (double) members * (duration / snapshotEvery + 1)) * cells, 8,
                        "the training snapshots");
    }

    /** Members per GFDT batch. */
    public int batch() {
        return memberBatch == 0 ? members : Math.min(memberBatch, members);
    }

    /** A copy with {@code enabled} changed. */
    public ReproductionSettings withEnabled(boolean on) {
        return new ReproductionSettings(system, on, n, scheme, dt, spinup, members, memberBatch, duration, saveEvery, lags,
                blocks, normalize, snapshotEvery, maxSnapshots, ridge, truthMembers, truthDuration, resetEvery, delta, noiseScale, dsm, branching);
    }

    /** {@code time / unit} when it is a whole number ≥ 0 (to 1e-9 relative), else an error naming {@code key}. */
    private static long whole(String key, double time, double unit) {
        double q = time / unit;
        long r = Math.round(q);
        if (Math.abs(q - r) > 1e-9 * Math.max(1, q) || r > Integer.MAX_VALUE) {
            throw ConfigException.invalid(key, time, "must be a whole multiple of " + unit + " (dt or dt * save_every)"
                    + (r > Integer.MAX_VALUE ? " below 2^31 units" : ""));
        }
        return r;
    }
}
