package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scorefdt.api.OuShards;
import org.scorefdt.api.ReproduceShards;
import org.scorefdt.api.RespondShards;
import org.scorefdt.api.ShardChecks;
import org.scorefdt.config.ConfigException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ShardFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt merge SHARD… -o DIR}: the outputs of the unsplit run from the shards of
 * {@code ou}, {@code respond} or {@code reproduce --member-range} (the first shard's kind picks the job), after checking they share kind, format and config and cover every
 * member exactly once (one error line naming the gap, the overlap or the shard of another config).
 * Format and order of the merge: docs/formats.md §9.
 */
@RunOptions.Uses(seed = false, backend = false)
@Command(mixinStandardHelpOptions = true, name = "merge", modelTransformer = RunOptions.Fit.class,
        description = "Merge the shards of `ou`, `respond` or `reproduce --member-range` into the outputs of the unsplit run.")
public final class MergeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Mixin
    PlotFormatOption plotFormat;

    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "Shard files, or the directories of shard runs.")
    List<Path> shards;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "Output directory.")
    Path output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            List<ShardFile.Shard> read;
            String kind;
            try {
                read = ShardChecks.read(shards);
                // The first shard's kind picks the job; a shard of another kind is then refused by its checks.
                kind = read.get(0).kind();
                switch (kind) {
                    case RespondShards.KIND -> RespondShards.checkCompatible(read, shards);
                    case ReproduceShards.KIND -> ReproduceShards.checkCompatible(read, shards);
                    default -> OuShards.checkCompatible(read, shards);
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(null, null, null, e.getMessage());  // one line, exit 2, before any output exists
            }
            RunDirectory dir = plotFormat.applyTo(RunDirectory.create(output, force));
            List<String> args = CliSupport.originalArgs(cl);
            int threads = run.threads == null ? 0 : run.threads;  // the estimates' error-bar replicates; no output bit depends on it
            return switch (kind) {
                case RespondShards.KIND -> CliSupport.runJob(cl, dir, run, listener -> RespondShards.merge(read, shards, dir, args));
                case ReproduceShards.KIND -> CliSupport.runJob(cl, dir, run, listener -> ReproduceShards.merge(read, shards, dir, args, listener, threads));
                default -> CliSupport.runJob(cl, dir, run, listener -> OuShards.merge(read, shards, dir, args, listener, threads));
            };
        });
    }
}
