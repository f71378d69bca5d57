package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scorefdt.api.MemberCuts;
import org.scorefdt.api.ReproduceShards;
import org.scorefdt.api.ReproductionJob;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.JobConfigs;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt reproduce}: the paper's comparison of score-based and quasi-Gaussian GFDT against
 * the perturbed-ensemble truth on the OU SPDE, Allen–Cahn and Navier–Stokes
 * ({@link ReproductionJob}). The config is validated and the output directory created before any
 * computation, so a bad value or a directory in the way fails at once (exit 2); so does
 * {@code --resume} against a directory written under another config or chunk count
 * ({@code --checkpoint-chunks}: the gfdt and truth passes in member chunks, each saved when it ends, so
 * a resume reruns only the chunks a kill lost). One system may also run split by
 * members ({@link ReproduceShards}, docs/formats.md §9): {@code --fit-only} (stage 1), then shards with
 * {@code --member-range}/{@code --shard} and {@code --fitted-score DIR}, merged by {@code scorefdt merge}.
 */
@RunOptions.Uses(config = true, precision = true)
@Command(name = "reproduce", modelTransformer = RunOptions.Fit.class, description = {
        "Reproduce the paper's comparison: score-based vs quasi-Gaussian GFDT against the perturbed truth, for the "
                + "OU SPDE, Allen-Cahn and Navier-Stokes.",
        "The default (small) preset uses far fewer truth pairs than the paper, so its noise floor is large; "
                + "--preset full runs the paper's sizes (for a GPU node)."})
public final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    PlotFormatOption plotFormat;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides run.output).")
    String output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Option(names = "--resume", description = "Continue the interrupted run in the output directory (same config): "
            + "finished phases are read back, finished systems skipped; the results equal an uninterrupted run's.")
    boolean resume;

    @Option(names = "--checkpoint-chunks", paramLabel = "K", description = "Run each system's gfdt and truth passes in K member"
            + " chunks on block boundaries, each saved when it ends, so --resume reruns only the chunks a kill lost"
            + " (the results equal a run without chunks).")
    Integer checkpointChunks;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config (missing keys: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|full", description = "Bundled preset instead of a file (default: small).")
    String preset;

    @Option(names = "--systems", paramLabel = "NAME", split = ",",
            description = "Run only these systems (ou-spde, allen-cahn, navier-stokes).")
    List<String> systems;

    @Mixin
    MemberRangeOption members;

    @Option(names = "--fit-only", description = "Stage 1 of a sharded run (one system): spin-up, data pass and training over all"
            + " members, written as the phase files of the output directory, the input of every shard.")
    boolean fitOnly;

    @Option(names = "--fitted-score", paramLabel = "DIR", description = "The output directory of stage 1 (--fit-only), input of a shard.")
    Path fittedScore;

    @Option(names = "--print-config", description = "Print the effective config as TOML and exit.")
    boolean printConfig;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            ReproductionConfig cfg = effective();
            if (printConfig) {
                cl.getOut().print(cfg.toToml());
                cl.getOut().flush();
                return Main.EXIT_OK;
            }
            ReproductionJob.checkAvailable(cfg);
            JobConfigs.checkMemory(cfg, config != null ? config.toString() : "command line");
            Path out = Path.of(cfg.run().output());
            if (resume && force) throw new ConfigException("command line", null, null, "give either --resume or --force, not both");
            long[] range = stage(cfg);
            int chunks = chunks(cfg, out);
            if (resume) Checkpoints.checkResumable(out, cfg, chunks);
            RunDirectory dir = plotFormat.applyTo(resume ? RunDirectory.resume(out) : RunDirectory.create(out, force));
            List<String> args = CliSupport.originalArgs(cl);
            if (fitOnly) return CliSupport.runJob(cl, dir, run, listener -> ReproduceShards.fit(cfg, dir, args, listener));
            if (range != null) {
                return CliSupport.runJob(cl, dir, run, listener -> ReproduceShards.shard(cfg, range[0], range[1], fittedScore, dir, args,
                        listener));
            }
            return CliSupport.runJob(cl, dir, run, listener -> ReproductionJob.run(cfg, dir, args, listener, resume, chunks).job());
        });
    }

    /**
     * The member range of a shard (null otherwise), after checking the stage options go together and a
     * shard's input is this config's stage 1 — before the output directory exists.
     */
    private long[] stage(ReproductionConfig cfg) {
        if (!fitOnly && !members.given()) {
            if (fittedScore != null) {
                throw new ConfigException("command line", null, null, "--fitted-score is the input of a shard: give --member-range or --shard");
            }
            return null;
        }
        if (fitOnly && members.given()) throw new ConfigException("command line", null, null, "give either --fit-only or a member range, not both");
        if (resume || checkpointChunks != null) {
            throw new ConfigException("command line", null, null, "--checkpoint-chunks and --resume are for whole runs, not shards or --fit-only");
        }
        if (fitOnly && fittedScore != null) throw new ConfigException("command line", null, null, "--fitted-score is the input of a shard, not of --fit-only");
        try {
            if (fitOnly) {
                ReproduceShards.system(cfg);
                return null;
            }
            MemberCuts cuts = ReproduceShards.memberCuts(cfg);
            long[] range = members.range(cuts);
            ReproduceShards.checkStageInputs(cfg, fittedScore);
            return range;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("command line", null, null, e.getMessage());
        }
    }

    /**
     * The member chunks of the gfdt and truth passes: --checkpoint-chunks, else (resuming) those the run
     * was started with, else 0 (each pass whole).
     */
    private int chunks(ReproductionConfig cfg, Path out) {
        if (checkpointChunks == null) return resume ? Checkpoints.recordedChunks(out).orElse(0) : 0;
        String k = checkpointChunks.toString();
        if (checkpointChunks < 1) throw new ConfigException("command line", "--checkpoint-chunks", k, "must be >= 1");
        try {
            ReproductionJob.checkChunks(cfg, checkpointChunks);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("command line", "--checkpoint-chunks", k, e.getMessage());
        }
        return checkpointChunks;
    }

    private ReproductionConfig effective() {
        ReproductionConfig cfg = configOf(config, preset, systems);
        return cfg.withRun(run.apply(cfg.run(), output));
    }

    /**
     * The config of {@code --config} or {@code --preset} (default: small), only {@code systems} (all when null).
     *
     * @throws ConfigException one line, at "command line" for the options
     */
    public static ReproductionConfig configOf(Path config, String preset, List<String> systems) {
        if (config != null && preset != null) {
            throw new ConfigException("command line", null, null, "give either --config or --preset, not both");
        }
        ReproductionConfig cfg = config != null ? ReproductionConfig.load(config)
                : ReproductionConfig.preset(preset != null ? preset : "small");
        try {
            if (systems != null) cfg = cfg.only(systems.stream().map(String::trim).toList());
        } catch (ConfigException e) {
            throw e.at("command line", 0, 0);
        }
        return cfg;
    }
}
