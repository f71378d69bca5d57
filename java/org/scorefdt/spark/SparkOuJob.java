package org.scorefdt.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
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
import org.scorefdt.io.ShardFile;
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

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config file (default: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|paper", description = "Bundled preset instead of a file.")
    String preset;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides run.output).")
    String output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Option(names = "--partitions", paramLabel = "N", required = true,
            description = "Spark tasks: member ranges of the run (1 … the config's block boundaries).")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when spark-submit does not set one (e.g. 'local[2]').")
    String master;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

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
            int driverThreads = driverThreads(cfg, sc);
            byte[] fitted = fit(cfg, driverThreads, listener);
            if (fitted == null) return failed(dir, "stage 1 (fit) stopped: the simulation diverged");
            Broadcast<byte[]> score = sc.broadcast(fitted);
            String toml = cfg.toToml();
            List<Integer> order = costliestFirst(cfg, partitions);
            listener.info("stage 2: " + partitions + " tasks over " + OuShards.members(cfg) + " members");
            List<byte[]> bytes;
            try {
                // One element per slice, so slice k runs shard order[k]; collect keeps slice order.
                bytes = sc.parallelize(order, partitions).map(i -> {
                    injectedFailure(i);
                    return shardTask(toml, i, partitions, score.value());
                }).collect();
            } catch (RuntimeException e) {
                throw new IllegalStateException("a Spark task failed: " + rootMessage(e), e);
            } finally {
                score.destroy();
            }
            List<ShardFile.Shard> shards = new ArrayList<>();
            List<Path> names = new ArrayList<>();
            for (int k = 0; k < bytes.size(); k++) {  // the merge takes shards in any order
                Path name = Path.of("spark-task-" + order.get(k) + "-of-" + partitions);
                try {
                    shards.add(ShardFile.decode(name, bytes.get(k)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e.getMessage(), e);
                }
                names.add(name);
            }
            return OuShards.merge(shards, names, dir, commandLine, listener, driverThreads);
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

    /**
     * Shard indices, costliest first. Spark starts a stage's tasks in partition order, and a range
     * holding a truth block (up to 256 pairs, never split) can outweigh several GFDT ranges: started
     * last, it would run alone at the end (longest-processing-time-first scheduling avoids that).
     */
    static List<Integer> costliestFirst(OuJobConfig cfg, int partitions) {
        long[] work = new long[partitions];
        for (int i = 0; i < partitions; i++) {
            long[] r = OuShards.shardRange(cfg, i, partitions);
            work[i] = work(cfg, r[0], r[1]);
        }
        return IntStream.range(0, partitions).boxed().sorted(Comparator.<Integer>comparingLong(i -> -work[i]).thenComparing(i -> i)).toList();
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

    /** Threads of the driver's fit and merge: run.threads, or the context's parallelism when that is 0 (all cores). */
    static int driverThreads(OuJobConfig cfg, JavaSparkContext sc) {
        if (cfg.run().threads() > 0) return cfg.run().threads();
        return Math.max(1, Math.min(sc.defaultParallelism(), Runtime.getRuntime().availableProcessors()));
    }

    /** Stage 1 in a temporary directory: the fitted score file's bytes; empty without the quasi-Gaussian estimator; null if it diverged. */
    private static byte[] fit(OuJobConfig cfg, int threads, JobListener listener) {
        if (!cfg.response().estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN)) return new byte[0];
        Path tmp = tempDir("scorefdt-fit-");
        try {
            Path run = tmp.resolve("run");
            OuJobConfig c = cfg.withRun(cfg.run().withThreads(threads).withOutput(run.toString()));
            listener.info("stage 1: the quasi-Gaussian fit on the driver (" + threads + " threads)");
            JobResult r = OuShards.fit(c, RunDirectory.create(run, false), List.of(), listener);
            return r.complete() ? Files.readAllBytes(run.resolve(OuShards.FITTED_SCORE)) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the fitted score: " + e.getMessage(), e);
        } finally {
            delete(tmp);
        }
    }

    /**
     * Test seam, for SparkOuJobRetryTest: a job whose local property {@value #FAIL_FIRST_ATTEMPT} names a shard
     * index makes that shard's task throw on its first attempt (as a lost executor's would), so that Spark's retry
     * is exercised. A property of the submitting thread's jobs, not static state: unset, and never set, in
     * production.
     */
    static final String FAIL_FIRST_ATTEMPT = "scorefdt.test.failFirstAttemptOfShard";

    private static void injectedFailure(int i) {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        String shard = task.getLocalProperty(FAIL_FIRST_ATTEMPT);
        if (shard != null && task.attemptNumber() == 0 && Integer.parseInt(shard) == i) {
            throw new IllegalStateException("injected failure: shard " + i + ", first attempt");
        }
    }

    /**
     * One task: members {@link OuShards#shardRange}(i, n) on one thread in a task-local temporary
     * directory (no shared filesystem), the fitted score from its broadcast bytes; the shard file's bytes.
     */
    static byte[] shardTask(String toml, int i, int n, byte[] fitted) throws IOException {
        OuJobConfig parsed = TomlConfigLoader.parse(toml, "the driver's config");
        Path tmp = tempDir("scorefdt-shard-" + i + "-");
        try {
            Path run = tmp.resolve("run");
            OuJobConfig cfg = parsed.withRun(parsed.run().withThreads(1).withOutput(run.toString()));
            long[] r = OuShards.shardRange(cfg, i, n);
            Path score = null;
            if (fitted.length > 0) score = Files.write(tmp.resolve(OuShards.FITTED_SCORE), fitted);
            RunDirectory dir = RunDirectory.create(run, false);
            JobResult res = OuShards.shard(cfg, r[0], r[1], score, dir, List.of("spark task " + i + " of " + n), JobListener.LOG_FALLBACKS);
            if (!res.complete()) throw new IllegalStateException("task " + i + " (members " + r[0] + ":" + r[1] + "): " + res.summary());
            return Files.readAllBytes(dir.path(ShardFile.NAME));
        } finally {
            delete(tmp);
        }
    }

    private static JobResult failed(RunDirectory dir, String reason) {
        dir.markIncomplete(reason);
        return new JobResult(false, reason, dir.root());
    }

    /** The innermost cause's message: Spark wraps a task's exception with the executor's stack trace. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("creating a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Removes a temporary tree; what cannot be removed stays (the temp dir is the system's to clean). */
    private static void delete(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            OuJobConfig cfg = effective();
            try {
                checkPartitions(cfg, partitions);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("command line", null, null, e.getMessage());
            }
            SparkConf conf = new SparkConf().setAppName("scorefdt-ou");
            if (master != null) conf.setMaster(master);
            else if (!conf.contains("spark.master")) {
                throw new ConfigException("command line", null, null, "no Spark master: run through spark-submit --master URL, or give"
                        + " --master (e.g. 'local[*]' on one machine)");
            }
            Path out = Path.of(cfg.run().output());
            RunDirectory.checkAvailable(out, force);  // before Spark starts: a directory in the way fails fast
            JobListener listener = quiet ? JobListener.LOG_FALLBACKS : new Lines(cl);
            JobResult result;
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                if (!verbose.on()) sc.setLogLevel("WARN");
                result = run(sc, cfg, partitions, RunDirectory.create(out, force), cl.getParseResult().originalArgs(), listener);
            }
            cl.getOut().println(result.summary());
            cl.getOut().println("output: " + result.outputDir());
            cl.getOut().flush();
            if (!result.complete()) {
                cl.getErr().println("error: run incomplete; see " + result.outputDir().resolve(RunDirectory.STATUS));
                return Main.EXIT_FAILED;
            }
            return Main.EXIT_OK;
        });
    }

    /** The file (or preset), with -o. */
    private OuJobConfig effective() {
        OuJobConfig cfg = OuCommand.configOf(config, preset);
        return output == null ? cfg : cfg.withRun(cfg.run().withOutput(output));
    }

    /** Progress as lines on standard error (a Spark driver's terminal is no place for a progress bar). */
    private record Lines(CommandLine cl) implements JobListener {
        @Override public void phase(String name, long totalWork) { info("phase " + name); }
        @Override public void progress(long done) {}
        @Override public void info(String line) {
            cl.getErr().println(line);
            cl.getErr().flush();
        }
    }

    /** spark-submit's entry point. A failure exits with its code; success returns, so Spark ends the application normally. */
    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args));  // before any logger exists: warnings only, unless --verbose
        int code = new CommandLine(new SparkOuJob()).execute(args);
        if (code != Main.EXIT_OK) System.exit(code);
    }
}
