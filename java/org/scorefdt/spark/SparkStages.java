package org.scorefdt.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.cli.Main;
import org.scorefdt.config.ConfigException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ShardFile;
import org.scorefdt.util.AtomicFiles;
import picocli.CommandLine;

/**
 * What the Spark jobs ({@link SparkOuJob}, {@link SparkReproduceJob}) share: the stages of a sharded run
 * (docs/formats.md §9) with stage 1 on the driver, its output broadcast as bytes (our own file formats,
 * never Java serialisation of our objects), one task per member range started costliest first, and the
 * tasks' shard files collected as bytes for the driver's merge. Nothing here holds state.
 */
final class SparkStages {
    private SparkStages() {}

    /**
     * Test seam, for SparkOuJobRetryTest: a job whose local property of this name holds a shard index
     * makes that shard's task throw on its first attempt (as a lost executor's would), so that Spark's
     * retry is exercised. A property of the submitting thread's jobs, not static state: unset, and never
     * set, in production.
     */
    static final String FAIL_FIRST_ATTEMPT = "scorefdt.test.failFirstAttemptOfShard";

    /** A shard's work on an executor: (shard index, stage 1's bytes) → its shard file's bytes. */
    @FunctionalInterface
    interface ShardBody extends Serializable {
        byte[] run(int shard, byte[] stage1) throws Exception;
    }

    /** A job's driver: its stages on {@code sc} into {@code dir}. */
    @FunctionalInterface
    interface DriverJob {
        JobResult run(JavaSparkContext sc, RunDirectory dir, List<String> commandLine, JobListener listener);
    }

    /**
     * The command line's part of a Spark job: the master (spark-submit's, or {@code master}), the output
     * directory checked before Spark starts, progress lines unless {@code quiet}, the summary and the exit code.
     *
     * @throws ConfigException when there is no master (exit 2, one line)
     */
    static int drive(CommandLine cl, String app, String master, Path out, boolean force, boolean quiet, boolean verbose, DriverJob job) {
        SparkConf conf = new SparkConf().setAppName(app);
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) {
            throw new ConfigException("command line", null, null, "no Spark master: run through spark-submit --master URL, or give"
                    + " --master (e.g. 'local[*]' on one machine)");
        }
        RunDirectory.checkAvailable(out, force);  // before Spark starts: a directory in the way fails fast
        JobListener listener = quiet ? JobListener.LOG_FALLBACKS : new Lines(cl);
        JobResult result;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            if (!verbose) sc.setLogLevel("WARN");
            result = job.run(sc, RunDirectory.create(out, force), cl.getParseResult().originalArgs(), listener);
        }
        return Main.report(cl, result);
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

    /** A failed run's result, its reason recorded in status.json. */
    static JobResult failed(RunDirectory dir, String reason) {
        dir.markIncomplete(reason);
        return new JobResult(false, reason, dir.root());
    }

    /** Shards decoded on the driver and the names messages give them (spark-task-I-of-N). */
    record Shards(List<ShardFile.Shard> shards, List<Path> names) {}

    /**
     * Runs one task per shard of {@code order} (slice k runs shard order[k]; Spark starts slices in
     * order) with {@code stage1} broadcast, and decodes the shard files they return.
     *
     * @throws IllegalStateException when a task fails after Spark's retries (its first cause's message)
     */
    static Shards run(JavaSparkContext sc, byte[] stage1, List<Integer> order, int partitions, ShardBody body) {
        Broadcast<byte[]> input = sc.broadcast(stage1);
        List<byte[]> bytes;
        try {
            bytes = sc.parallelize(order, partitions).map(i -> {
                injectedFailure(i);
                return body.run(i, input.value());
            }).collect();
        } catch (Exception e) {  // after Spark's retries: a SparkException, which is checked in Java's eyes
            throw new IllegalStateException("a Spark task failed: " + rootMessage(e), e);
        } finally {
            input.destroy();
        }
        List<ShardFile.Shard> shards = new ArrayList<>();
        List<Path> names = new ArrayList<>();
        for (int k = 0; k < bytes.size(); k++) {  // the merges take shards in any order
            Path name = Path.of("spark-task-" + order.get(k) + "-of-" + partitions);
            try {
                shards.add(ShardFile.decode(name, bytes.get(k)));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            names.add(name);
        }
        return new Shards(shards, names);
    }

    /** A task's shard, run into {@code dir} (a fresh run directory in {@code tmp}); its job result. */
    @FunctionalInterface
    interface ShardRun {
        JobResult run(Path tmp, RunDirectory dir) throws IOException;
    }

    /**
     * Runs task i's shard in a task-local temporary directory (no shared filesystem; removed afterwards):
     * the shard file's bytes.
     *
     * @throws IllegalStateException when the shard did not complete (its summary)
     */
    static byte[] shardInTempDir(int i, int n, ShardRun shard) throws IOException {
        Path tmp = tempDir("scorefdt-shard-" + i + "-");
        try {
            RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
            JobResult res = shard.run(tmp, dir);
            if (!res.complete()) throw new IllegalStateException("task " + i + " of " + n + ": " + res.summary());
            return Files.readAllBytes(dir.path(ShardFile.NAME));
        } finally {
            delete(tmp);
        }
    }

    /**
     * Shard indices 0 … n−1, costliest first (ties by index). Spark starts a stage's tasks in partition
     * order, and a range holding a truth block (never split) can outweigh several GFDT ranges: started
     * last, it would run alone at the end (longest-processing-time-first scheduling avoids that).
     */
    static List<Integer> costliestFirst(int partitions, IntToLongFunction work) {
        long[] w = new long[partitions];
        for (int i = 0; i < partitions; i++) w[i] = work.applyAsLong(i);
        return IntStream.range(0, partitions).boxed().sorted(Comparator.<Integer>comparingLong(i -> -w[i]).thenComparing(i -> i)).toList();
    }

    /** Threads of the driver's stages: {@code configured}, or the context's parallelism when that is 0 (all cores). */
    static int driverThreads(int configured, JavaSparkContext sc) {
        if (configured > 0) return configured;
        return Math.max(1, Math.min(sc.defaultParallelism(), Runtime.getRuntime().availableProcessors()));
    }

    private static void injectedFailure(int i) {
        org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
        String shard = task.getLocalProperty(FAIL_FIRST_ATTEMPT);
        if (shard != null && task.attemptNumber() == 0 && Integer.parseInt(shard) == i) {
            throw new IllegalStateException("injected failure: shard " + i + ", first attempt");
        }
    }

    /** The innermost cause's message: Spark wraps a task's exception with the executor's stack trace. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return m.lines().findFirst().orElse(m);
    }

    /**
     * A directory tree's regular files as zip bytes (relative paths, sorted), for a stage 1 whose output
     * is a directory (reproduce's phase files).
     */
    static byte[] pack(Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("packing " + dir + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@link #pack}'s files under {@code dir}.
     *
     * @throws IOException when an entry would land outside {@code dir} or a file cannot be written
     */
    static void unpack(byte[] packed, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(packed))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = root.resolve(e.getName()).normalize();
                if (!target.startsWith(root) || e.isDirectory()) throw new IOException("stage 1 bytes: bad entry " + e.getName());
                Files.createDirectories(target.getParent());
                Files.copy(zip, target);
            }
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("creating a temporary directory: " + e.getMessage(), e);
        }
    }

    /** Removes a temporary tree; what cannot be removed stays (the temp dir is the system's to clean). */
    static void delete(Path root) {
        try {
            AtomicFiles.deleteTree(root);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
