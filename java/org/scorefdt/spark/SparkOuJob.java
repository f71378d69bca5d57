package org.scorefdt.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.api.OuShards;
import org.scorefdt.cli.Errors;
import org.scorefdt.cli.Logging;
import org.scorefdt.cli.Main;
import org.scorefdt.cli.OuCommand;
import org.scorefdt.cli.VerboseOption;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.EnsembleConfig;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.ResponseConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ou} job on Spark, the stages of {@link OuShards} (docs/formats.md §9): stage 1, the
 * quasi-Gaussian fit, on the driver; its score file's bytes (the model-file format, never Java
 * serialisation) broadcast; one task per member range of {@link OuShards#shardRange} (the costliest
 * started first), each returning its shard file's bytes; the shards merged on the driver. The outputs equal the single-JVM run's bit
 * for bit, whatever the partition count.
 *
 * <p>Tasks run their integrator on one thread: Spark's cores are the parallelism. The driver fits (and
 * forms the merged estimates' error bars) on
 * {@code run.threads} threads, or, when that is 0, on as many as the context's default parallelism
 * (capped by the driver's cores), so {@code local[1]} and {@code local[2]} compare one core with two.
 *
 * <p>As an application ({@code spark-submit --class org.scorefdt.spark.SparkOuJob target/scorefdt.jar
 * -c cfg.toml -o DIR --partitions N}) it exits 0, 1 (the run failed) or 2 (bad input, one
 * {@code error:} line), as the CLI does. Spark is a provided dependency: spark-submit supplies it.
 */
@Command(name = "spark-ou", mixinStandardHelpOptions = true,
        description = "The ou job on Spark: fit on the driver, member ranges as tasks, shards merged into the single run's outputs.")
public final class SparkOuJob implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Mixin
    SparkOptions spark;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config file (default: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|paper", description = "Bundled preset instead of a file.")
    String preset;

    /**
     * Runs the job on {@code sc} into {@code dir}.
     *
     * @param partitions member ranges, one Spark task each
     * @throws IllegalArgumentException when {@code partitions} is not in 1 … the config's block boundaries
     * @throws IllegalStateException    when a task fails (its message is the task's first cause)
     */
    public static JobResult run(JavaSparkContext sc, OuJobConfig cfg, int partitions, RunDirectory dir, List<String> commandLine,
                                JobListener listener) {
        try {
            checkPartitions(cfg, partitions);
            int driverThreads = SparkStages.driverThreads(cfg.run().threads(), sc);
            byte[] fitted = fit(cfg, driverThreads, listener);
            if (fitted == null) return SparkStages.failed(dir, "stage 1 (fit) stopped: the simulation diverged");
            String toml = cfg.toToml();
            listener.info("stage 2: " + partitions + " tasks over " + OuShards.members(cfg) + " members");
            SparkStages.Shards s = SparkStages.run(sc, fitted, costliestFirst(cfg, partitions), partitions,
                    (i, score) -> shardTask(toml, i, partitions, score));
            return OuShards.merge(s.shards(), s.names(), dir, commandLine, listener, driverThreads);
        } catch (RuntimeException e) {
            dir.fail(null, e);
            throw e;
        }
    }

    /** @throws IllegalArgumentException one line, when {@code partitions} is not in 1 … the config's block boundaries */
    public static void checkPartitions(OuJobConfig cfg, int partitions) {
        int most = OuShards.cuts(cfg).length - 1;
        if (partitions < 1 || partitions > most) {
            throw new IllegalArgumentException("--partitions " + partitions + ": must be in 1 … " + most + " (the member blocks of this"
                    + " config's " + cfg.ensemble().members() + " GFDT members and " + cfg.truth().pairs() + " truth pairs)");
        }
    }

    /** Shard indices, costliest first ({@link SparkStages#costliestFirst}). */
    static List<Integer> costliestFirst(OuJobConfig cfg, int partitions) {
        return SparkStages.costliestFirst(partitions, i -> {
            long[] r = OuShards.shardRange(cfg, i, partitions);
            return work(cfg, r[0], r[1]);
        });
    }

    /**
     * Estimated cost of members {@code from} … {@code to − 1} in member-steps: a GFDT member's steps count
     * twice (two estimators observe every save), a truth pair is two runs over the spin-up and the lags.
     */
    static long work(OuJobConfig cfg, long from, long to) {
        EnsembleConfig e = cfg.ensemble();
        double dt = cfg.integrator().dt();
        long spin = Math.round(e.spinup() / dt), steps = spin + Math.round(e.duration() / dt);
        long m = e.members();
        long gfdt = Math.max(0, Math.min(to, m) - Math.min(from, m)), pairs = Math.max(0, to - Math.max(from, m));
        return 2 * gfdt * steps + 2 * pairs * (spin + (long) cfg.response().lags() * e.saveEvery());
    }

    /** Stage 1 in a temporary directory: the fitted score file's bytes; empty without the quasi-Gaussian estimator; null if it diverged. */
    private static byte[] fit(OuJobConfig cfg, int threads, JobListener listener) {
        if (!cfg.response().estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN)) return new byte[0];
        Path tmp = SparkStages.tempDir("scorefdt-fit-");
        try {
            Path run = tmp.resolve("run");
            OuJobConfig c = cfg.withRun(cfg.run().withThreads(threads).withOutput(run.toString()));
            listener.info("stage 1: the quasi-Gaussian fit on the driver (" + threads + " threads)");
            JobResult r = OuShards.fit(c, RunDirectory.create(run, false), List.of(), listener);
            return r.complete() ? Files.readAllBytes(run.resolve(OuShards.FITTED_SCORE)) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the fitted score: " + e.getMessage(), e);
        } finally {
            SparkStages.delete(tmp);
        }
    }

    /** See {@link SparkStages#FAIL_FIRST_ATTEMPT}. */
    static final String FAIL_FIRST_ATTEMPT = SparkStages.FAIL_FIRST_ATTEMPT;

    /**
     * One task: members {@link OuShards#shardRange}(i, n) on one thread in a task-local temporary
     * directory (no shared filesystem), the fitted score from its broadcast bytes; the shard file's bytes.
     */
    static byte[] shardTask(String toml, int i, int n, byte[] fitted) throws IOException {
        OuJobConfig parsed = TomlConfigLoader.parse(toml, "the driver's config");
        return SparkStages.shardInTempDir(i, n, (tmp, dir) -> {
            OuJobConfig cfg = parsed.withRun(parsed.run().withThreads(1).withOutput(dir.root().toString()));
            long[] r = OuShards.shardRange(cfg, i, n);
            Path score = fitted.length > 0 ? Files.write(tmp.resolve(OuShards.FITTED_SCORE), fitted) : null;
            return OuShards.shard(cfg, r[0], r[1], score, dir, List.of("spark task " + i + " of " + n), JobListener.LOG_FALLBACKS);
        });
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            OuJobConfig cfg = effective();
            try {
                checkPartitions(cfg, spark.partitions);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("command line", null, null, e.getMessage());
            }
            return spark.drive(cl, "scorefdt-ou", Path.of(cfg.run().output()), verbose.on(),
                    (sc, dir, args, listener) -> run(sc, cfg, spark.partitions, dir, args, listener));
        });
    }

    /** The file (or preset), with -o. */
    private OuJobConfig effective() {
        OuJobConfig cfg = OuCommand.configOf(config, preset);
        return spark.output == null ? cfg : cfg.withRun(cfg.run().withOutput(spark.output));
    }

    /** spark-submit's entry point. A failure exits with its code; success returns, so Spark ends the application normally. */
    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args));  // before any logger exists: warnings only, unless --verbose
        int code = new CommandLine(new SparkOuJob()).execute(args);
        if (code != Main.EXIT_OK) System.exit(code);
    }
}
