package org.scorefdt.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.api.MemberCuts;
import org.scorefdt.api.ReproduceShards;
import org.scorefdt.api.ReproductionJob;
import org.scorefdt.cli.Errors;
import org.scorefdt.cli.Logging;
import org.scorefdt.cli.Main;
import org.scorefdt.cli.ReproduceCommand;
import org.scorefdt.cli.VerboseOption;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.config.ReproductionSettings;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code reproduce} job of one system on Spark, the stages of {@link ReproduceShards} (docs/formats.md
 * §9): stage 1 — spin-up, data pass and training over the whole ensemble — on the driver; its phase
 * files broadcast as zip bytes (our own phase-file format inside); one task per member range (the
 * costliest started first) running the gfdt pass over its GFDT members and the truth over its pairs,
 * each returning its shard file's bytes; the shards merged on the driver into the single run's files,
 * bit for bit, whatever the partition count (on the host tiers, as the CLI's shards).
 *
 * <p>Tasks run on one thread each: Spark's cores are the parallelism. The driver's stage 1 and merge run on
 * {@code run.threads} threads, or, when that is 0, on as many as the context's default parallelism.
 * As an application: {@code spark-submit --class org.scorefdt.spark.SparkReproduceJob target/scorefdt.jar
 * --preset full --systems navier-stokes -o DIR --partitions N}; exit codes as the CLI's.
 */
@Command(name = "spark-reproduce", mixinStandardHelpOptions = true,
        description = "The reproduce job of one system on Spark: stage 1 on the driver, member ranges as tasks, shards merged"
                + " into the single run's files.")
public final class SparkReproduceJob implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    SparkOptions spark;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config (missing keys: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|full", description = "Bundled preset instead of a file (default: small).")
    String preset;

    @Option(names = "--systems", paramLabel = "NAME", split = ",", description = "The one system to run (ou-spde, allen-cahn,"
            + " navier-stokes), unless the config enables only one.")
    List<String> systems;

    /**
     * Runs the job on {@code sc} into {@code dir}.
     *
     * @param partitions member ranges, one Spark task each
     * @throws IllegalArgumentException when several systems are enabled or {@code partitions} is not in 1 … the block boundaries
     * @throws IllegalStateException    when a task fails (its message is the task's first cause)
     */
    public static JobResult run(JavaSparkContext sc, ReproductionConfig cfg, int partitions, RunDirectory dir, List<String> commandLine,
                                JobListener listener) {
        try {
            MemberCuts cuts = checkPartitions(cfg, partitions);
            int driverThreads = SparkStages.driverThreads(cfg.run().threads(), sc);
            byte[] stage1 = fit(cfg, driverThreads, listener);
            if (stage1 == null) return SparkStages.failed(dir, "stage 1 (spin-up, data, train) stopped: see the driver's log");
            String toml = cfg.toToml();
            ReproductionSettings s = ReproduceShards.system(cfg);
            listener.info("stage 2: " + partitions + " tasks over " + (s.members() + (long) s.truthMembers()) + " members");
            List<Integer> order = SparkStages.costliestFirst(partitions, i -> {
                long[] r = cuts.shardRange(i, partitions);
                return work(s, r[0], r[1]);
            });
            SparkStages.Shards shards = SparkStages.run(sc, stage1, order, partitions, (i, bytes) -> shardTask(toml, i, partitions, bytes));
            return ReproduceShards.merge(shards.shards(), shards.names(), dir, commandLine, listener, driverThreads);
        } catch (RuntimeException e) {
            dir.fail(null, e);
            throw e;
        }
    }

    /**
     * @return the run's member cuts
     * @throws IllegalArgumentException one line, when several systems are enabled or {@code partitions} is not in 1 … the block boundaries
     */
    public static MemberCuts checkPartitions(ReproductionConfig cfg, int partitions) {
        ReproductionJob.checkAvailable(cfg);
        MemberCuts cuts = ReproduceShards.memberCuts(cfg);
        int most = cuts.cuts().length - 1;
        if (partitions < 1 || partitions > most) {
            ReproductionSettings s = ReproduceShards.system(cfg);
            throw new IllegalArgumentException("--partitions " + partitions + ": must be in 1 … " + most + " (the member blocks of this"
                    + " config's " + s.members() + " GFDT members and " + s.truthMembers() + " truth pairs)");
        }
        return cuts;
    }

    /**
     * Estimated cost of members {@code from} … {@code to − 1} in member-steps: a GFDT member's steps over
     * the recorded duration count three times (three scores observe every save, the network's the
     * costliest), a truth pair is two runs over the truth's duration.
     */
    static long work(ReproductionSettings s, long from, long to) {
        long m = s.members();
        long gfdt = Math.max(0, Math.min(to, m) - Math.min(from, m)), pairs = Math.max(0, to - Math.max(from, m));
        return 3 * gfdt * Math.round(s.duration() / s.dt()) + 2 * pairs * Math.round(s.truthDuration() / s.dt());
    }

    /** Stage 1 in a temporary directory: its files as zip bytes; null if it stopped (diverged). */
    private static byte[] fit(ReproductionConfig cfg, int threads, JobListener listener) {
        Path tmp = SparkStages.tempDir("scorefdt-stage1-");
        try {
            Path run = tmp.resolve("run");
            ReproductionConfig c = cfg.withRun(cfg.run().withThreads(threads).withOutput(run.toString()));
            listener.info("stage 1: spin-up, data pass and training on the driver (" + threads + " threads)");
            JobResult r = ReproduceShards.fit(c, RunDirectory.create(run, false), List.of(), listener);
            if (!r.complete()) {
                listener.info(r.summary());
                return null;
            }
            return SparkStages.pack(run);
        } finally {
            SparkStages.delete(tmp);
        }
    }

    /**
     * One task: members {@link MemberCuts#shardRange}(i, n) on one thread in a task-local temporary
     * directory (no shared filesystem), stage 1 unpacked from its broadcast bytes; the shard file's bytes.
     */
    static byte[] shardTask(String toml, int i, int n, byte[] stage1) throws java.io.IOException {
        ReproductionConfig parsed = ReproductionConfig.parse(toml, "the driver's config");
        return SparkStages.shardInTempDir(i, n, (tmp, dir) -> {
            Path fitted = tmp.resolve("stage1");
            SparkStages.unpack(stage1, fitted);
            ReproductionConfig cfg = parsed.withRun(parsed.run().withThreads(1).withOutput(dir.root().toString()));
            long[] r = ReproduceShards.memberCuts(cfg).shardRange(i, n);
            return ReproduceShards.shard(cfg, r[0], r[1], fitted, dir, List.of("spark task " + i + " of " + n), JobListener.LOG_FALLBACKS);
        });
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            ReproductionConfig base = ReproduceCommand.configOf(config, preset, systems);
            ReproductionConfig cfg = spark.output == null ? base : base.withRun(base.run().withOutput(spark.output));
            try {
                checkPartitions(cfg, spark.partitions);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("command line", null, null, e.getMessage());
            }
            return spark.drive(cl, "scorefdt-reproduce", Path.of(cfg.run().output()), verbose.on(),
                    (sc, dir, args, listener) -> run(sc, cfg, spark.partitions, dir, args, listener));
        });
    }

    /** spark-submit's entry point. A failure exits with its code; success returns, so Spark ends the application normally. */
    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args));  // before any logger exists: warnings only, unless --verbose
        int code = new CommandLine(new SparkReproduceJob()).execute(args);
        if (code != Main.EXIT_OK) System.exit(code);
    }
}
