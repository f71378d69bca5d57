package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scorefdt.api.OuCheckpoints;
import org.scorefdt.api.OuShards;
import org.scorefdt.api.OuValidationJob;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.JobConfigs;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt ou}: the OU SPDE validation job. The effective config is the file (or preset),
 * then command-line overrides; the output directory is created before any computation so that a
 * directory in the way fails fast (exit 2) and nothing in it is overwritten.
 */
@RunOptions.Uses(config = true, precision = true)
@Command(mixinStandardHelpOptions = true, name = "ou", modelTransformer = RunOptions.Fit.class, description = "Run the OU SPDE validation: GFDT response vs the exact e^{Mt} and the perturbed truth.")
public final class OuCommand implements Callable<Integer> {
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

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config file (default: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|paper", description = "Bundled preset instead of a file.")
    String preset;

    @Mixin
    MemberRangeOption members;

    @Option(names = "--fitted-score", paramLabel = "FILE", description = "The quasi-Gaussian score of stage 1 (--fit-only), input of a shard.")
    Path fittedScore;

    @Option(names = "--fit-only", description = "Stage 1 of a sharded run: fit the quasi-Gaussian score over all members and write it"
            + " (" + OuShards.FITTED_SCORE + ") instead of a report.")
    boolean fitOnly;

    @Option(names = "--checkpoint-chunks", paramLabel = "K", description = "Run in K resumable pieces (the fit, then K member"
            + " chunks on block boundaries, merged): a killed run continues with --resume, bit for bit the uninterrupted run.")
    Integer checkpointChunks;

    @Option(names = "--resume", description = "Continue a run started with --checkpoint-chunks in the same output directory.")
    boolean resume;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            OuJobConfig cfg = effective();
            long[] range = range(cfg);
            // A shard holds only its own members.
            long m = cfg.ensemble().members();
            JobConfigs.checkMemory(range == null ? cfg.memoryNeed() : cfg.memoryNeed(Math.min(range[1], m) - Math.min(range[0], m),
                    Math.max(range[1], m) - Math.max(range[0], m)), config != null ? config.toString() : "command line");
            if (fitOnly && range != null) {
                throw new ConfigException("command line", null, null, "give either --fit-only or a member range, not both");
            }
            if (fittedScore != null && range == null) {
                throw new ConfigException("command line", null, null, "--fitted-score is the input of a shard: give --member-range or --shard");
            }
            boolean checkpointed = resume || checkpointChunks != null;
            if (checkpointed && (range != null || fitOnly)) {
                throw new ConfigException("command line", null, null, "--checkpoint-chunks and --resume are for whole runs, not shards or --fit-only");
            }
            if (resume && force) throw new ConfigException("command line", null, null, "give either --resume or --force, not both");
            Path out = Path.of(cfg.run().output());
            int chunks = checkpointed ? chunks(out) : 0;
            if (checkpointed) {
                try {
                    OuShards.shardRange(cfg, 0, chunks); // a count the block boundaries cannot give fails before the directory
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("command line", "--checkpoint-chunks", Integer.toString(chunks), e.getMessage());
                }
            }
            if (resume) OuCheckpoints.checkResumable(out, cfg, chunks);
            RunDirectory dir = plotFormat.applyTo(resume ? RunDirectory.resume(out) : RunDirectory.create(out, force));
            List<String> args = CliSupport.originalArgs(cl);
            if (checkpointed) return CliSupport.runJob(cl, dir, run, listener -> OuCheckpoints.run(cfg, chunks, dir, args, listener, resume));
            if (fitOnly) return CliSupport.runJob(cl, dir, run, listener -> OuShards.fit(cfg, dir, args, listener));
            if (range != null) {
                return CliSupport.runJob(cl, dir, run, listener -> OuShards.shard(cfg, range[0], range[1], fittedScore, dir, args, listener));
            }
            return CliSupport.runJob(cl, dir, run, listener -> OuValidationJob.run(cfg, dir, args, listener));
        });
    }

    /** The chunk count: --checkpoint-chunks, else (resuming) the one the run was started with. */
    private int chunks(Path out) {
        if (checkpointChunks != null) {
            if (checkpointChunks < 1) throw new ConfigException("command line", "--checkpoint-chunks", checkpointChunks.toString(), "must be >= 1");
            return checkpointChunks;
        }
        return OuCheckpoints.recordedChunks(out).orElseThrow(() -> new org.scorefdt.io.ResumeException(out + " holds no checkpointed ou run (no "
                + OuCheckpoints.CONFIG + "); start it with --checkpoint-chunks"));
    }

    /** The member range of --member-range or --shard, checked against the config's block boundaries; null for a whole run. */
    long[] range(OuJobConfig cfg) {
        return members.range(OuShards.memberCuts(cfg));
    }

    /** The file (or preset) with the command-line overrides; validated by the config records. */
    OuJobConfig effective() {
        OuJobConfig cfg = base();
        return cfg.withRun(run.apply(cfg.run(), output));
    }

    private OuJobConfig base() {
        return configOf(config, preset);
    }

    /**
     * The config a {@code --config FILE} or {@code --preset NAME} names (the small preset without either), as
     * {@code ou} and the Spark job read it.
     *
     * @throws ConfigException when both are given, the preset is unknown, or the file does not load
     */
    public static OuJobConfig configOf(Path config, String preset) {
        if (config != null && preset != null) {
            throw new ConfigException("command line", null, null, "give either --config or --preset, not both");
        }
        if (config != null) return OuJobConfig.load(config);
        if (preset != null && !OuJobConfig.PRESETS.contains(preset)) { // named as the option, not as a config source
            throw new ConfigException("--preset", null, null, "unknown preset '" + preset + "'; allowed: " + String.join(", ", OuJobConfig.PRESETS));
        }
        return OuJobConfig.preset(preset != null ? preset : "small");
    }
}
