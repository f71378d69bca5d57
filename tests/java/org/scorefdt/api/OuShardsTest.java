package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ShardFile;

/**
 * {@code ou} split by members: any split, merged in any order, writes the unsplit run's outputs bit
 * for bit; the merge refuses a missing shard, an overlapping one and one of another config with one
 * line naming it (docs/formats.md §9). Its config and output comparison serve SparkOuJobTest too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class OuShardsTest {
    @TempDir
    static Path tmp;

    /** 14 GFDT members in 6 blocks, 300 truth pairs (two blocks of 256): 8 block boundaries to split on. */
    public static final String SMALL = """
            [run]
            seed = 11
            [model]
            n = 8
            lambda = 0.5
            kappa = 0.01
            advection = 0.2
            [ensemble]
            members = 14
            duration = 120
            [response]
            lags = 6
            blocks = 6
            bootstrap = 20
            [truth]
            pairs = 300
            pixel = [3, 5]
            """;

    OuJobConfig cfg;
    Path single, fitted;

    @BeforeAll
    void unsplitRunAndFit() {
        cfg = TomlConfigLoader.parse(SMALL, "test.toml");
        single = tmp.resolve("single");
        assertTrue(OuValidationJob.run(cfg, RunDirectory.create(single, false), List.of(), JobListener.NONE).complete());
        Path fit = tmp.resolve("fit");
        assertTrue(OuShards.fit(cfg, RunDirectory.create(fit, false), List.of(), JobListener.NONE).complete());
        fitted = fit.resolve(OuShards.FITTED_SCORE);
    }

    @Test
    void cutsAreTheBlockBoundaries() {
        // ⌈b·14/6⌉ for b = 0 … 6, then the truth pairs from 14 in blocks of 256.
        assertArrayEquals(new long[] {0, 3, 5, 7, 10, 12, 14, 270, 314}, OuShards.cuts(cfg));
        assertArrayEquals(new long[] {0, 3}, OuShards.shardRange(cfg, 0, 8));
        assertArrayEquals(new long[] {0, 314}, OuShards.shardRange(cfg, 0, 1));
    }

    @Test
    void theConfigHashIgnoresTheThreadCountOnly() {
        // Results do not depend on threads: a fit on many and shards on one thread belong to one run.
        var run = cfg.run();
        assertEquals(OuShards.configHash(cfg.withRun(run.withThreads(1))), OuShards.configHash(cfg.withRun(run.withThreads(3))));
        assertTrue(!OuShards.configHash(cfg).equals(OuShards.configHash(cfg.withRun(run.withSeed(run.seed() + 1)))));
    }

    @Test
    void anySplitMergedInAnyOrderIsTheUnsplitRunBitForBit() throws IOException {
        Random shuffle = new Random(5);
        for (int k : new int[] {1, 2, 3, 7, 8}) {  // 8: the truth pairs split too
            List<Path> shards = shards("k" + k, k);
            Collections.shuffle(shards, shuffle);
            Path merged = tmp.resolve("merged-" + k);
            JobResult r = OuShards.merge(OuShards.read(shards), shards, RunDirectory.create(merged, false), List.of(), JobListener.NONE);
            assertTrue(r.complete(), r.summary());
            assertSameOutputs(single, merged, k + " shards");
        }
    }

    /** `scorefdt merge --threads N` forms the error bars' replicates on N threads: the outputs stay the unsplit run's bits. */
    @Test
    void theCliMergeOnOneOrThreeThreadsIsTheUnsplitRunBitForBit() throws IOException {
        List<Path> shards = shards("threads", 3);
        for (String threads : new String[] {"1", "3"}) {
            Path merged = tmp.resolve("merged-threads-" + threads);
            StringWriter err = new StringWriter();
            var cl = Main.newCommandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            List<String> args = new ArrayList<>(List.of("merge", "-q", "--threads", threads));
            shards.forEach(p -> args.add(p.toString()));
            args.addAll(List.of("-o", merged.toString()));
            assertEquals(Main.EXIT_OK, cl.execute(args.toArray(String[]::new)), err.toString());
            assertSameOutputs(single, merged, "merge --threads " + threads);
        }
    }

    @Test
    void mergeRefusesAMissingAnOverlappingAndAForeignShardWithOneLine() {
        List<Path> three = shards("refuse", 3);
        String missing = cliMerge(List.of(three.get(0), three.get(2)), "missing");
        assertEquals(1, missing.lines().count(), missing);
        long[] gap = OuShards.shardRange(cfg, 1, 3);
        assertTrue(missing.contains("members " + gap[0] + ":" + gap[1] + " are in no shard"), missing);

        List<Path> overlapping = new ArrayList<>(three);
        overlapping.add(shards("two", 2).get(0));
        String overlap = cliMerge(overlapping, "overlap");
        assertEquals(1, overlap.lines().count(), overlap);
        assertTrue(overlap.contains("are in both") && overlap.contains("overlapping"), overlap);

        // Same members and seed, another estimator list: only the config hash tells it apart.
        OuJobConfig other = TomlConfigLoader.parse(SMALL.replace("blocks = 6", "blocks = 6\nestimators = [\"exact-score\"]"), "other.toml");
        long[] r = OuShards.shardRange(other, 2, 3);
        Path foreign = tmp.resolve("foreign");
        assertTrue(OuShards.shard(other, r[0], r[1], null, RunDirectory.create(foreign, false), List.of(), JobListener.NONE)
                .complete());
        String mismatch = cliMerge(List.of(three.get(0), three.get(1), foreign), "mismatch");
        assertEquals(1, mismatch.lines().count(), mismatch);
        assertTrue(mismatch.contains(foreign.toString()) && mismatch.contains("another config"), mismatch);
    }

    @Test
    void aFitFromAnotherConfigIsRefusedAndTruthOnlyShardsNeedNoFit() {
        // The stage-1 fit of this config, offered to a run whose config differs only in its seed.
        OuJobConfig other = TomlConfigLoader.parse(SMALL.replace("seed = 11", "seed = 99"), "seed99.toml");
        long[] r = OuShards.shardRange(other, 0, 3);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> OuShards.shard(other, r[0], r[1],
                fitted, RunDirectory.create(tmp.resolve("foreign-fit"), false), List.of(), JobListener.NONE));
        assertTrue(e.getMessage().contains("fitted under another config") && e.getMessage().contains(fitted.toString()), e.getMessage());
        // A shard of truth pairs alone (members M … M + P) uses no score: it runs without --fitted-score.
        int m = cfg.ensemble().members();
        assertTrue(OuShards.shard(cfg, m, OuShards.members(cfg), null, RunDirectory.create(tmp.resolve("truth-only"), false), List.of(),
                JobListener.NONE).complete());
    }

    @Test
    void aRangeOffTheBlockBoundariesIsRefusedNamingTheNearestOnes() {
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        Path toml = write("cfg.toml", SMALL);
        int code = cl.execute("ou", "-q", "--config", toml.toString(), "--member-range", "0:4", "-o", tmp.resolve("off").toString());
        assertEquals(Main.EXIT_USAGE, code, err.toString());
        assertTrue(err.toString().contains("4 is not a block boundary (nearest 3 or 5"), err.toString());
    }

    /** The shards of a k-way split through the CLI (--shard I/K, alternately 1 and 2 threads), the fitted score as input; their shard files. */
    List<Path> shards(String name, int k) {
        Path toml = write(name + ".toml", SMALL);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Path dir = tmp.resolve(name + "-" + i);
            StringWriter err = new StringWriter();
            var cl = Main.newCommandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            // Shards of one run may use different thread counts (the config hash leaves threads out; results never depend on it).
            int code = cl.execute("ou", "-q", "--config", toml.toString(), "--shard", i + "/" + k, "--fitted-score", fitted.toString(),
                    "--threads", Integer.toString(1 + i % 2), "-o", dir.toString());
            assertEquals(0, code, err.toString());
            out.add(dir.resolve(ShardFile.NAME));
        }
        return out;
    }

    /** `scorefdt merge`'s error output (it must fail with exit 2 and write nothing). */
    String cliMerge(List<Path> shards, String name) {
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("merge", "-q"));
        shards.forEach(p -> args.add(p.toString()));
        args.addAll(List.of("-o", tmp.resolve("merge-" + name).toString()));
        assertEquals(Main.EXIT_USAGE, cl.execute(args.toArray(String[]::new)), err.toString());
        assertTrue(!Files.exists(tmp.resolve("merge-" + name)), "a refused merge writes nothing");
        return err.toString();
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(tmp.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** report.json, errors.csv, every .npy and results.npz of the two runs, byte for byte. */
    public static void assertSameOutputs(Path a, Path b, String what) throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(a)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy") || n.equals("report.json")
                    || n.equals("errors.csv") || n.equals("results.npz")).sorted().toList();
        }
        assertTrue(names.contains("report.json") && names.contains("results.npz") && names.stream().filter(n -> n.endsWith(".npy")).count() >= 6, names.toString());
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), what + ": " + n + " differs");
        }
    }
}
