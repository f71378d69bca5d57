package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.PhaseFile;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ShardFile;

/**
 * {@code reproduce} of one system split by members: stage 1 (--fit-only: spin-up, data, train), shards
 * of GFDT members and truth pairs (one may hold both) with stage 1's directory as input, merged in any
 * order, write the unsplit run's files byte for byte (all but the manifest, the status, the plots and
 * the checkpoints, as ReproductionResumeTest compares); the merge refuses a missing shard, an
 * overlapping one, one of another config and a shard of another job with one line, and a shard
 * refuses several systems, a missing or foreign stage 1 (docs/formats.md §9). A gfdt pass in several
 * member batches, its blocks spanning batch boundaries, splits and merges alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class ReproduceShardsTest {
    @TempDir
    static Path tmp;

    Path config, single, fit;
    TreeMap<String, byte[]> expected;

    /**
     * The tiny OU SPDE of ReproductionResumeTest in one member batch: 8 GFDT members in 4 blocks (cuts
     * 0, 2, 4, 6, 8), 260 truth pairs (cuts 8, 264, 268); seconds on one core. On the cpu tier: shards
     * run the host accumulators, where `auto` on a GPU machine would keep the unsplit gfdt pass on the
     * device (equal within its parity bound only).
     */
    public static String toml(int seed, int memberBatch) {
        return """
                [run]
                seed = %d
                backend = "cpu"
                [ou-spde]
                n = 8
                members = 8
                member_batch = %d
                blocks = 4
                duration = 100.0
                lags = 4
                snapshot_every = 1.0
                max_snapshots = 1000
                truth_members = 260
                truth_duration = 8.0
                reset_every = 4.0
                dsm_channels = [4]
                dsm_steps = 20
                dsm_batch = 16
                dsm_eval_every = 10
                """.formatted(seed, memberBatch);
    }

    List<String> job(Path cfg) {
        return new ArrayList<>(List.of("reproduce", "-q", "--config", cfg.toString(), "--systems", "ou-spde"));
    }

    @BeforeAll
    void unsplitRunAndStageOne() throws IOException {
        config = Files.writeString(tmp.resolve("tiny.toml"), toml(3, 0));
        single = tmp.resolve("single");
        RespondShardsTest.cli(0, job(config), "-o", single.toString());
        expected = ReproductionResumeTest.results(single);
        fit = tmp.resolve("fit");
        RespondShardsTest.cli(0, job(config), "--fit-only", "-o", fit.toString());
    }

    @Test
    void anySplitMergedInAnyOrderIsTheUnsplitRunBitForBit() {
        Random shuffle = new Random(5);
        List<List<String>> splits = List.of(
                List.of("0:268"),
                List.of("--shard 0/2", "--shard 1/2"),       // 0:6 and 6:268: the second holds GFDT members and truth pairs
                List.of("0:2", "2:264", "264:268"));          // uneven: two blocks, six members and 256 pairs, four pairs
        for (List<String> split : splits) {
            List<Path> shards = shards("k" + split.size(), config, split);
            Collections.shuffle(shards, shuffle);
            Path merged = tmp.resolve("merged-" + split.size());
            RespondShardsTest.cli(0, merge(shards), "-o", merged.toString());
            ReproductionResumeTest.assertSameResults(expected, merged, split.size() + " shards");
        }
    }

    /**
     * 10 GFDT members in batches of 3 (0–2, 3–5, 6–9: the remainder joins the last) and 3 blocks keyed
     * by global member (0–3, 4–6, 7–9): blocks 0 and 1 each span two batches, so a shard of block 1
     * runs the tails of two batches; merged in any order, the unsplit batched run bit for bit.
     */
    @Test
    void aBatchedPassWithBlocksAcrossBatchesSplitAndMergedIsTheUnsplitRunBitForBit() throws IOException {
        String text = toml(3, 3).replace("members = 8\n", "members = 10\n").replace("blocks = 4\n", "blocks = 3\n");
        Path cfg = Files.writeString(tmp.resolve("batched.toml"), text), whole = tmp.resolve("batched-single");
        RespondShardsTest.cli(0, job(cfg), "-o", whole.toString());
        TreeMap<String, byte[]> want = ReproductionResumeTest.results(whole);
        Path fitDir = tmp.resolve("batched-fit");
        RespondShardsTest.cli(0, job(cfg), "--fit-only", "-o", fitDir.toString());
        Random shuffle = new Random(7);
        List<List<String>> splits = List.of(
                List.of("0:4", "4:7", "7:270"),                        // one block each, the last with every truth pair
                List.of("--shard 0/2", "--shard 1/2"));
        for (List<String> split : splits) {
            List<Path> shards = shards("batched-k" + split.size(), cfg, fitDir, split);
            Collections.shuffle(shards, shuffle);
            Path merged = tmp.resolve("batched-merged-" + split.size());
            RespondShardsTest.cli(0, merge(shards), "-o", merged.toString());
            ReproductionResumeTest.assertSameResults(want, merged, "batched, " + split.size() + " shards");
        }
    }

    /**
     * Through the API, a system whose members branch from 2 parents: stage 1 keeps the parents, the
     * truth pairs of a shard start from them, and the merged report carries the sibling check that the
     * shard of member 0 measured — the unsplit run's files bit for bit.
     */
    @Test
    void aBranchedSystemSplitAndMergedIsTheUnsplitRunBitForBit() throws IOException {
        ReproductionConfig cfg = ReproductionConfig.parse(toml(3, 0).replace("[ou-spde]\n",
                "[ou-spde]\nspinup = 12.0\nbranch_parents = 2\nbranch_time = 40.0\n"), "branched.toml").only(List.of("ou-spde"));
        Path whole = tmp.resolve("branched-single");
        assertTrue(ReproductionJob.run(cfg.withRun(cfg.run().withOutput(whole.toString())), JobListener.NONE).job().complete());
        JsonNode branching = new ObjectMapper().readTree(whole.resolve("report.json").toFile()).path("systems").path("ou-spde")
                .path("branching");
        assertEquals(2, branching.path("parents").asInt(), branching.toString());

        Path fitDir = tmp.resolve("branched-fit");
        assertTrue(ReproduceShards.fit(cfg, RunDirectory.create(fitDir, false), List.of(), JobListener.NONE).complete());
        List<Path> shards = new ArrayList<>();
        for (long[] r : new long[][] {{4, 268}, {0, 4}}) {  // the first holds GFDT members and every truth pair
            Path dir = tmp.resolve("branched-" + r[0]);
            assertTrue(ReproduceShards.shard(cfg, r[0], r[1], fitDir, RunDirectory.create(dir, false), List.of(), JobListener.NONE)
                    .complete());
            shards.add(dir);
        }
        Path merged = tmp.resolve("branched-merged");
        assertTrue(ReproduceShards.merge(ShardChecks.read(shards), shards, RunDirectory.create(merged, false), List.of(),
                JobListener.NONE).complete());
        ReproductionResumeTest.assertSameResults(ReproductionResumeTest.results(whole), merged, "branched, 2 shards");
    }

    @Test
    void mergeRefusesAMissingAnOverlappingAForeignAndAnotherJobsShardWithOneLine() throws IOException {
        List<Path> three = shards("refuse", config, List.of("0:2", "2:264", "264:268"));
        String missing = refusedMerge(List.of(three.get(0), three.get(2)), "missing");
        assertTrue(missing.contains("members 2:264 are in no shard"), missing);

        List<Path> overlapping = new ArrayList<>(three);
        overlapping.addAll(shards("two", config, List.of("0:4")));
        String overlap = refusedMerge(overlapping, "overlap");
        assertTrue(overlap.contains("are in both") && overlap.contains("overlapping"), overlap);

        // Another seed, its own stage 1: only the config tells its shard apart.
        Path other = Files.writeString(tmp.resolve("seed4.toml"), toml(4, 0)), otherFit = tmp.resolve("fit-seed4");
        RespondShardsTest.cli(0, job(other), "--fit-only", "-o", otherFit.toString());
        Path foreign = tmp.resolve("foreign");
        RespondShardsTest.cli(0, job(other), "--member-range", "2:264", "--fitted-score", otherFit.toString(), "-o", foreign.toString());
        List<Path> mixed = new ArrayList<>(three);
        mixed.set(1, foreign.resolve(ShardFile.NAME));
        String mismatch = refusedMerge(mixed, "mismatch");
        assertTrue(mismatch.contains(foreign.resolve(ShardFile.NAME).toString()) && mismatch.contains("another config"), mismatch);

        // An ou shard (truth pairs alone) after reproduce ones.
        Path ouToml = Files.writeString(tmp.resolve("ou.toml"), OuShardsTest.SMALL);
        Path ou = tmp.resolve("ou-shard");
        RespondShardsTest.cli(0, List.of("ou", "-q", "--config", ouToml.toString(), "--member-range", "14:270"), "-o", ou.toString());
        List<Path> kinds = new ArrayList<>(three);
        kinds.add(ou.resolve(ShardFile.NAME));
        String kind = refusedMerge(kinds, "kinds");
        assertTrue(kind.contains(ou.resolve(ShardFile.NAME) + " is a 'ou' shard, not 'reproduce'"), kind);
    }

    /**
     * A second stage 1 of the same config whose spin-up differs in one bit (as training that does not
     * repeat exactly, or another backend tier, may give): the merge refuses its shard among the
     * first stage 1's with one line naming both shard files.
     */
    @Test
    void shardsOfTwoStageOneRunsOfOneConfigAreRefusedWithOneLine() throws IOException {
        Path other = tmp.resolve("fit-other");
        try (var files = Files.walk(fit)) {
            for (Path f : files.toList()) {
                Path to = other.resolve(fit.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        String hash = Checkpoints.hash(Files.readString(other.resolve(Checkpoints.CONFIG)));
        Path spinup = other.resolve(Checkpoints.DIR).resolve("ou-spde").resolve("spinup.phase");
        PhaseFile.Contents c = PhaseFile.read(spinup, "spinup", hash);
        double[] states = c.arrays().get("states");
        states[0] = Math.nextUp(states[0]);
        PhaseFile.write(spinup, c);

        List<Path> three = shards("stage1", config, List.of("0:2", "2:264", "264:268"));
        Path foreign = shards("stage1-other", config, other, List.of("2:264")).get(0);
        List<Path> mixed = new ArrayList<>(three);
        mixed.set(1, foreign);
        String e = refusedMerge(mixed, "stage1");
        assertTrue(e.contains(three.get(0) + " and " + foreign + " come from different stage-1 runs"), e);
    }

    @Test
    void aShardRefusesSeveralSystemsAndAMissingOrForeignStageOne() throws IOException {
        String several = refusedShard(List.of("reproduce", "-q", "--config", config.toString(), "--systems", "ou-spde,allen-cahn",
                "--member-range", "0:2", "--fitted-score", fit.toString()), "several");
        assertTrue(several.contains("one system, 2 are enabled (ou-spde, allen-cahn): give --systems NAME"), several);
        String none = refusedShard(job(config), "none", "--member-range", "0:2");
        assertTrue(none.contains("--fitted-score: a reproduce shard needs the directory of stage 1"), none);
        Path seed4 = Files.writeString(tmp.resolve("seed4b.toml"), toml(4, 0));
        String foreign = refusedShard(job(seed4), "foreign-fit", "--member-range", "0:2", "--fitted-score", fit.toString());
        assertTrue(foreign.contains("fitted under another config") && foreign.contains("seed"), foreign);
        String off = refusedShard(job(config), "off", "--member-range", "0:3", "--fitted-score", fit.toString());
        assertTrue(off.contains("3 is not a block boundary (nearest 2 or 4"), off);
        String both = refusedShard(job(config), "both", "--fit-only", "--shard", "0/2");
        assertTrue(both.contains("either --fit-only or a member range"), both);
    }

    /** Shards through the CLI, each range "FROM:TO" or "--shard I/K", stage 1 as input. */
    List<Path> shards(String name, Path cfg, List<String> ranges) {
        return shards(name, cfg, fit, ranges);
    }

    /** As above with the stage 1 directory {@code fitDir}. */
    List<Path> shards(String name, Path cfg, Path fitDir, List<String> ranges) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            Path dir = tmp.resolve(name + "-" + i);
            List<String> args = job(cfg);
            String r = ranges.get(i);
            args.addAll(r.startsWith("--") ? List.of(r.split(" ")) : List.of("--member-range", r));
            RespondShardsTest.cli(0, args, "--fitted-score", fitDir.toString(), "-o", dir.toString());
            out.add(dir.resolve(ShardFile.NAME));
        }
        return out;
    }

    static List<String> merge(List<Path> shards) {
        List<String> args = new ArrayList<>(List.of("merge", "-q"));
        shards.forEach(p -> args.add(p.toString()));
        return args;
    }

    /** `scorefdt merge`'s one error line (exit 2, nothing written). */
    String refusedMerge(List<Path> shards, String name) {
        Path out = tmp.resolve("merge-" + name);
        String err = RespondShardsTest.cli(2, merge(shards), "-o", out.toString());
        assertEquals(1, err.lines().count(), err);
        assertTrue(!Files.exists(out), "a refused merge writes nothing");
        return err;
    }

    /** A shard's one error line (exit 2, nothing written). */
    String refusedShard(List<String> args, String name, String... more) {
        Path out = tmp.resolve("shard-" + name);
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        String err = RespondShardsTest.cli(2, all, "-o", out.toString());
        assertEquals(1, err.lines().count(), err);
        assertTrue(!Files.exists(out), "a refused shard writes nothing");
        return err;
    }
}
