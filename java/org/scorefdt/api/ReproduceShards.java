package org.scorefdt.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.api.reproduce.FitSummary;
import org.scorefdt.api.reproduce.ReproductionSystem;
import org.scorefdt.api.reproduce.ReproductionSystems;
import org.scorefdt.api.reproduce.SystemCheckpoints;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.config.ReproductionSettings;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.io.ShardFile;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.TruthPartials;

/**
 * The {@code reproduce} job of one system split by members (docs/formats.md §9), numbered as
 * {@code ou}'s ({@link MemberCuts}): GFDT members 0 … M−1, then truth pairs M … M+P−1. Two stages:
 * <ol>
 * <li>{@link #fit}: spin-up, data pass and training over the whole ensemble (the data pass's spectrum
 * fit and snapshot cap run over every member in order, and the network trains on all snapshots), as
 * the phase files of a run directory ({@code checkpoints/}).</li>
 * <li>{@link #shard}: with that directory as input, the gfdt pass over the shard's GFDT members
 * (every score's block sums) and the truth over its pairs (their partials). The truth takes nothing
 * from the estimates, so one shard may hold both. The shard of member 0 carries what the report takes
 * from stage 1 ({@link FitSummary}).</li>
 * </ol>
 * {@link #merge} puts every block back and writes the unsplit run's files bit for bit (on the host
 * tiers: a shard's gfdt pass always runs on the host, where a resident CUDA run agrees within its
 * parity bound only). Blocks are keyed by global member, as the unsplit run keys them in every
 * member batch, and a shard runs its members in the unsplit run's batches cut to its range, so a
 * block that spans two batches adds its pieces in the same order in both.
 */
public final class ReproduceShards {
    private ReproduceShards() {}

    /** The shard kind this job writes. */
    public static final String KIND = org.scorefdt.api.reproduce.PhaseChunks.KIND;

    /**
     * The one enabled system of a sharded run.
     *
     * @throws IllegalArgumentException one line when several (or none) are enabled
     */
    public static ReproductionSettings system(ReproductionConfig cfg) {
        List<ReproductionSettings> on = cfg.enabledSystems();
        if (on.size() != 1) {
            throw new IllegalArgumentException("a sharded reproduce run holds one system, " + on.size() + " are enabled ("
                    + String.join(", ", on.stream().map(ReproductionSettings::system).toList()) + "): give --systems NAME");
        }
        return on.get(0);
    }

    /**
     * Where this run's member ranges may start or end.
     *
     * @throws IllegalArgumentException one line unless one system is enabled
     */
    public static MemberCuts memberCuts(ReproductionConfig cfg) {
        ReproductionSettings s = system(cfg);
        return MemberCuts.of(s.members(), s.blocks(), s.truthMembers());
    }

    /**
     * The config shards and stage 1 record: the effective TOML without {@code run.output} and with
     * {@code run.threads} as 0 (results do not depend on the thread count).
     */
    public static ReproductionConfig recorded(ReproductionConfig cfg) {
        return cfg.withRun(cfg.run().withThreads(0));
    }

    /** SHA-256 of the recorded config's text. */
    public static String configHash(ReproductionConfig cfg) {
        return Checkpoints.hash(Checkpoints.configText(recorded(cfg)));
    }

    /** Stage 1 into {@code dir}: spin-up, data and train of the one system, as phase files. */
    public static JobResult fit(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
        ReproductionSettings s = system(cfg);
        return guarded(dir, () -> {
            RunManifest.Builder manifest = ReproductionJob.manifest(cfg, commandLine);
            Checkpoints checkpoints = Checkpoints.start(dir, recorded(cfg));
            Optional<String> problem;
            try {
                problem = pipeline(cfg, s, dir, listener, manifest, checkpoints.system(s.system())).fitOnly();
            } catch (SimulationDivergedException e) {
                problem = Optional.of(s.system() + ": " + e.getMessage());
            }
            dir.finish(manifest, problem.isEmpty(), problem.orElse(null));
            return new JobResult(problem.isEmpty(), problem.map(p -> "stage 1 stopped: " + p)
                    .orElse("fitted: " + dir.root().resolve(Checkpoints.DIR)), dir.root());
        });
    }

    /**
     * @throws IllegalArgumentException (one line) unless {@code fitted} holds this config's finished stage 1
     */
    public static void checkStageInputs(ReproductionConfig cfg, Path fitted) {
        ReproductionSettings s = system(cfg);
        if (fitted == null) {
            throw new IllegalArgumentException("--fitted-score: a reproduce shard needs the directory of stage 1"
                    + " (scorefdt reproduce --fit-only -o DIR)");
        }
        SystemCheckpoints phases = Checkpoints.fitted(fitted, recorded(cfg)).system(s.system());
        if (phases.finished(line -> {}) <= SystemCheckpoints.Phase.TRAIN.ordinal()) {
            throw new IllegalArgumentException("--fitted-score " + fitted + ": stage 1 did not finish (no "
                    + phases.file(SystemCheckpoints.Phase.TRAIN) + ")");
        }
    }

    /** A shard of members {@code from} … {@code to − 1} into {@code dir}/{@link ShardFile#NAME}. */
    public static JobResult shard(ReproductionConfig cfg, long from, long to, Path fitted, RunDirectory dir, List<String> commandLine,
                                  JobListener listener) {
        ReproductionSettings s = system(cfg);
        return guarded(dir, () -> {
            memberCuts(cfg).check(from, to);
            checkStageInputs(cfg, fitted);
            RunManifest.Builder manifest = ReproductionJob.manifest(cfg, commandLine);
            SystemCheckpoints phases = Checkpoints.fitted(fitted, recorded(cfg)).system(s.system());
            ReproductionPipeline.ShardSums sums;
            try {
                sums = pipeline(cfg, s, dir, listener, manifest, phases).shard(from, to);
            } catch (SimulationDivergedException e) {
                dir.finish(manifest, false, e.getMessage());
                return new JobResult(false, "stopped: " + e.getMessage(), dir.root());
            }
            Map<String, TruthPartials> truth = new LinkedHashMap<>();
            if (sums.truth() != null) truth.put(ReproductionPipeline.TRUTH, sums.truth());
            long members = s.members() + (long) s.truthMembers();
            ShardFile.Shard shard;
            Path file = dir.path(ShardFile.NAME);
            try {
                shard = new ShardFile.Shard(KIND, from, to, members, cfg.run().seed(), configHash(cfg),
                        Checkpoints.configText(recorded(cfg)), sums.gfdt(), truth, sums.fit() == null ? null : sums.fit().toJson(),
                        phases.stage1Sha256());
                ShardFile.write(file, shard);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
            }
            dir.finish(manifest, true, null);
            return new JobResult(true, "shard " + shard.range() + " of " + members + " members: " + file, dir.root());
        });
    }

    /**
     * Shards of one reproduce config that cover every member exactly once.
     *
     * @throws IllegalArgumentException one line naming the shard, the gap or the overlap
     */
    public static void checkCompatible(List<ShardFile.Shard> shards, List<Path> names) {
        ShardChecks.check(shards, names, KIND, 0, shards.isEmpty() ? 0 : shards.get(0).members());
    }

    /**
     * Merges checked reproduce shards into the unsplit run's files in {@code dir}.
     *
     * @param names where each shard was read from, for messages
     */
    public static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, List<String> commandLine,
                                  JobListener listener) {
        return merge(shards, names, dir, commandLine, listener, 0);
    }

    /**
     * As {@link #merge(List, List, RunDirectory, List, JobListener)}, on {@code threads} threads (0 = all
     * cores: the estimates' error-bar replicates); the outputs are the same bits on any count.
     */
    public static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, List<String> commandLine,
                                  JobListener listener, int threads) {
        if (threads < 0) throw new IllegalArgumentException("threads = " + threads + ": must be >= 0 (0 = all cores)");
        return guarded(dir, () -> {
            checkCompatible(shards, names);
            ReproductionConfig parsed = ReproductionConfig.parse(shards.get(0).config(), names.get(0) + " (its config)");
            ReproductionConfig cfg = parsed.withRun(parsed.run().withOutput(dir.root().toString()).withThreads(threads));
            ReproductionSettings s = system(cfg);
            int zero = 0;
            while (shards.get(zero).from() != 0) zero++;
            FitSummary fit;
            try {
                fit = FitSummary.fromJson(shards.get(zero).extra(), names.get(zero));
            } catch (IOException e) {
                throw new IllegalArgumentException("merge: " + e.getMessage(), e);
            }
            Map<String, LaggedSums> gfdt = new LinkedHashMap<>();
            for (String name : shards.get(zero).lagged().keySet()) {
                List<LaggedSums> parts = new ArrayList<>();
                for (ShardFile.Shard sh : shards) if (sh.lagged().containsKey(name)) parts.add(sh.lagged().get(name));
                gfdt.put(name, LaggedSums.merge(parts));
            }
            List<TruthPartials> truth = new ArrayList<>();
            for (ShardFile.Shard sh : shards) if (sh.truth().containsKey(ReproductionPipeline.TRUTH)) truth.add(sh.truth().get(ReproductionPipeline.TRUTH));
            RunManifest.Builder manifest = ReproductionJob.manifest(cfg, commandLine);
            ReproductionPipeline.Outcome o = pipeline(cfg, s, dir, listener, manifest, null).merged(gfdt, truth, fit);
            ReproductionJob.Result r = ReproductionJob.finish(dir, manifest, List.of(o));
            return new JobResult(r.job().complete(), "merged " + shards.size() + " shards of " + shards.get(0).members() + " members; "
                    + r.job().summary(), dir.root());
        });
    }

    private static ReproductionPipeline pipeline(ReproductionConfig cfg, ReproductionSettings s, RunDirectory dir, JobListener listener,
                                                 RunManifest.Builder manifest, SystemCheckpoints phases) {
        ReproductionJob.checkAvailable(cfg);
        ReproductionSystem system = ReproductionSystems.find(s.system()).orElseThrow();
        return new ReproductionPipeline(system, s, cfg.run(), dir, listener, manifest, phases);
    }

    /** Records a failure in status.json (stopping the heartbeat), as {@link ReproductionJob#run} does. */
    private static JobResult guarded(RunDirectory dir, Supplier<JobResult> body) {
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            dir.fail(null, e);
            throw e;
        }
    }
}
