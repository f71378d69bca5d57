package org.scorefdt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.api.OuShards;
import org.scorefdt.api.OuShardsTest;
import org.scorefdt.api.OuValidationJob;
import org.scorefdt.cli.Main;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;

/**
 * The {@code ou} job on Spark in {@code local[2]} writes the single-JVM run's report.json, errors.csv
 * and .npy files byte for byte for 1, 2, 3 and 7 partitions (OuShardsTest's config: 8 member blocks);
 * {@code local[1]} (through the spark-submit entry point) gives the identical outputs; tasks start
 * costliest first; a partition count outside 1 … 8 and a missing master are refused with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkOuJobTest {
    @TempDir
    static Path tmp;

    OuJobConfig cfg;
    Path single;
    JavaSparkContext sc;

    @BeforeAll
    void singleRunAndContext() {
        cfg = TomlConfigLoader.parse(OuShardsTest.SMALL, "test.toml");
        single = tmp.resolve("single");
        assertTrue(OuValidationJob.run(cfg, RunDirectory.create(single, false), List.of(), JobListener.NONE).complete());
        sc = new JavaSparkContext(quiet(new SparkConf().setMaster("local[2]").setAppName("SparkOuJobTest")));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    void stop() {
        if (sc != null) sc.stop();
    }

    /** No web UI (it would bind a port), the driver on loopback (the host name need not resolve). */
    static SparkConf quiet(SparkConf conf) {
        return conf.set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
    }

    @Test
    @Order(1)
    void local2WritesTheSingleRunBitForBitForAnyPartitionCount() throws IOException {
        assertEquals(2, sc.defaultParallelism());
        for (int k : new int[] {1, 2, 3, 7}) {
            Path out = tmp.resolve("local2-" + k);
            JobResult r = SparkOuJob.run(sc, cfg, k, RunDirectory.create(out, false), List.of(), JobListener.NONE);
            assertTrue(r.complete(), r.summary());
            OuShardsTest.assertSameOutputs(single, out, k + " partitions");
        }
    }

    @Test
    @Order(2)
    void theCostliestRangesStartFirst() {
        // 8 ranges: six of GFDT blocks (2-3 members), then 256 truth pairs, then 44: the big truth block leads.
        List<Integer> order = SparkOuJob.costliestFirst(cfg, 8);
        assertEquals(8, order.stream().distinct().count());
        long[] first = OuShards.shardRange(cfg, order.get(0), 8);
        assertEquals(cfg.ensemble().members(), first[0], "the range of the first truth block");
        for (int k = 1; k < order.size(); k++) {
            long[] a = OuShards.shardRange(cfg, order.get(k - 1), 8), b = OuShards.shardRange(cfg, order.get(k), 8);
            assertTrue(SparkOuJob.work(cfg, a[0], a[1]) >= SparkOuJob.work(cfg, b[0], b[1]), "non-increasing cost at " + k);
        }
    }

    @Test
    @Order(2)
    void aPartitionCountOutsideTheBlocksIsRefusedWithOneLine() {
        int blocks = OuShards.cuts(cfg).length - 1;
        for (int k : new int[] {0, blocks + 1}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SparkOuJob.run(sc, cfg, k, RunDirectory.create(tmp.resolve("bad-" + k), false), List.of(), JobListener.NONE));
            assertTrue(e.getMessage().startsWith("--partitions " + k + ": must be in 1 … " + blocks), e.getMessage());
        }
        // Through the entry point: exit 2, one error line, no output directory.
        Path toml = write("bad.toml", OuShardsTest.SMALL);
        String err = cli(Main.EXIT_USAGE, "-c", toml.toString(), "-o", tmp.resolve("bad-cli").toString(), "--partitions", "9",
                "--master", "local[1]");
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("error: ") && err.contains("--partitions 9: must be in 1 … 8"), err);
        assertFalse(Files.exists(tmp.resolve("bad-cli")));
        String noMaster = cli(Main.EXIT_USAGE, "-c", toml.toString(), "-o", tmp.resolve("no-master").toString(), "--partitions", "2");
        assertEquals(1, noMaster.lines().count(), noMaster);
        assertTrue(noMaster.contains("no Spark master"), noMaster);
    }

    /**
     * local[N] does not retry a task (one attempt): a task that fails fails the job with its first error
     * line, and status.json records it (Spark's SparkException is a checked exception to Java, so this
     * is what catching only runtime exceptions would lose).
     */
    @Test
    @Order(2)
    void aTaskThatFailsFailsTheJobWithItsMessageInStatusJson() throws IOException {
        Path out = tmp.resolve("failing");
        sc.setLocalProperty(SparkOuJob.FAIL_FIRST_ATTEMPT, "1");
        try {
            var e = assertThrows(IllegalStateException.class,
                    () -> SparkOuJob.run(sc, cfg, 3, RunDirectory.create(out, false), List.of(), JobListener.NONE));
            assertEquals("a Spark task failed: injected failure: shard 1, first attempt", e.getMessage());
        } finally {
            sc.setLocalProperty(SparkOuJob.FAIL_FIRST_ATTEMPT, null);
        }
        var status = org.scorefdt.io.JsonReport.read(out.resolve(RunDirectory.STATUS));
        assertFalse(status.get("complete").asBoolean());
        assertFalse(status.get("running").asBoolean());
        assertTrue(status.get("reason").asText().contains("injected failure: shard 1"), status.toString());
    }

    /** Last: local[1] needs the only SparkContext a JVM may hold, so the shared local[2] one stops first. */
    @Test
    @Order(3)
    void local1AndLocal2GiveTheIdenticalReport() throws IOException {
        Path two = tmp.resolve("two-local2");
        assertTrue(SparkOuJob.run(sc, cfg, 3, RunDirectory.create(two, false), List.of(), JobListener.NONE).complete());
        sc.stop();
        sc = null;
        Path toml = write("one.toml", OuShardsTest.SMALL);
        Path one = tmp.resolve("one-local1");
        // The entry point builds its own SparkConf, which reads spark.* system properties.
        SparkConf loopback = quiet(new SparkConf(false));
        java.util.Map<String, String> keep = new java.util.HashMap<>();
        for (var kv : loopback.getAll()) {
            keep.put(kv._1(), System.getProperty(kv._1()));
            System.setProperty(kv._1(), kv._2());
        }
        try {
            cli(Main.EXIT_OK, "-q", "-c", toml.toString(), "-o", one.toString(), "--partitions", "3", "--master", "local[1]");
        } finally {
            keep.forEach((k, v) -> {
                if (v == null) System.clearProperty(k); else System.setProperty(k, v);
            });
        }
        OuShardsTest.assertSameOutputs(two, one, "local[1] vs local[2]");
        OuShardsTest.assertSameOutputs(single, one, "local[1] vs the single run");
    }

    /** {@link SparkOuJob}'s entry point with {@code args}; asserts the exit code, returns standard error. */
    static String cli(int code, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SparkOuJob());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(code, cl.execute(args), err.toString());
        return err.toString();
    }

    static Path write(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
