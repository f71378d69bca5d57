package org.scorefdt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.JobListener;
import org.scorefdt.api.JobResult;
import org.scorefdt.api.ReproduceShards;
import org.scorefdt.api.ReproduceShardsTest;
import org.scorefdt.api.ReproductionResumeTest;
import org.scorefdt.cli.Main;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.RunDirectory;

/**
 * The {@code reproduce} job of one system on Spark in {@code local[2]} writes the single-JVM run's
 * files byte for byte (all but the manifest, the status, the plots and the checkpoints, as
 * ReproduceShardsTest compares) for 1, 2, 3 and 6 partitions (ReproduceShardsTest's tiny OU SPDE: 4 GFDT
 * blocks and two truth blocks, so 6 member ranges); stage 1's phase files travel as packed bytes; a
 * partition count outside 1 … 6 and a config with several systems are refused with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkReproduceJobTest {
    @TempDir
    static Path tmp;

    ReproductionConfig cfg;
    TreeMap<String, byte[]> expected;
    JavaSparkContext sc;

    @BeforeAll
    void singleRunAndContext() throws Exception {
        Path config = Files.writeString(tmp.resolve("tiny.toml"), ReproduceShardsTest.toml(3, 0));
        cfg = ReproductionConfig.load(config).only(List.of("ou-spde"));
        Path single = tmp.resolve("single");
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("reproduce", "-q", "--config", config.toString(), "--systems", "ou-spde", "-o", single.toString()),
                err.toString());
        expected = ReproductionResumeTest.results(single);
        sc = new JavaSparkContext(SparkOuJobTest.quiet(new SparkConf().setMaster("local[2]").setAppName("SparkReproduceJobTest")));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    void stop() {
        if (sc != null) sc.stop();
    }

    @Test
    void local2WritesTheSingleRunBitForBitForAnyPartitionCount() {
        assertEquals(6, ReproduceShards.memberCuts(cfg).cuts().length - 1);
        for (int k : new int[] {1, 2, 3, 6}) {
            Path out = tmp.resolve("local2-" + k);
            JobResult r = SparkReproduceJob.run(sc, cfg, k, RunDirectory.create(out, false), List.of(), JobListener.NONE);
            assertTrue(r.complete(), r.summary());
            ReproductionResumeTest.assertSameResults(expected, out, k + " partitions");
        }
    }

    @Test
    void aPartitionCountOutsideTheBlocksOrSeveralSystemsAreRefusedWithOneLine() throws Exception {
        for (int k : new int[] {0, 7}) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SparkReproduceJob.run(sc, cfg, k, RunDirectory.create(tmp.resolve("bad-" + k), false), List.of(), JobListener.NONE));
            assertTrue(e.getMessage().startsWith("--partitions " + k + ": must be in 1 … 6"), e.getMessage());
        }
        ReproductionConfig all = ReproductionConfig.load(Files.writeString(tmp.resolve("all.toml"), ReproduceShardsTest.toml(3, 0)));
        var e = assertThrows(IllegalArgumentException.class, () -> SparkReproduceJob.checkPartitions(all, 2));
        assertTrue(e.getMessage().contains("a sharded reproduce run holds one system"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void stageOneTravelsAsPackedBytesAndUnpacksToTheSameFiles() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pack/a/b"));
        Files.writeString(dir.resolve("x.bin"), "phase");
        Files.write(tmp.resolve("pack/top.bin"), new byte[] {0, 1, 2, (byte) 255});
        Path back = tmp.resolve("unpacked");
        SparkStages.unpack(SparkStages.pack(tmp.resolve("pack")), back);
        assertEquals("phase", Files.readString(back.resolve("a/b/x.bin")));
        assertTrue(java.util.Arrays.equals(new byte[] {0, 1, 2, (byte) 255}, Files.readAllBytes(back.resolve("top.bin"))));
        // An entry that would land outside the target is refused.
        java.io.ByteArrayOutputStream evil = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(evil)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("../escape.bin"));
            zip.write(1);
            zip.closeEntry();
        }
        var e = assertThrows(java.io.IOException.class, () -> SparkStages.unpack(evil.toByteArray(), tmp.resolve("evil")));
        assertTrue(e.getMessage().contains("bad entry ../escape.bin"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("escape.bin")));
    }
}
