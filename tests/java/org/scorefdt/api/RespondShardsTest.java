package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.io.ShardFile;

/**
 * {@code respond} split by members: stage 1 (--fit-only), shards of GFDT members (the training set
 * as input), shards of truth pairs (the GFDT shards as input), merged in any order, write the unsplit
 * run's report.json, errors.csv, curves and results.npz byte for byte; the merge refuses a missing
 * shard, an overlapping one, one of another config and an ou shard among respond ones with one line
 * (docs/formats.md §9).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class RespondShardsTest {
    @TempDir
    static Path tmp;

    Path model, single, fit;

    /**
     * 12 GFDT members in 4 blocks (cuts 0, 3, 6, 9, 12), 300 truth pairs (cuts 12, 268, 312), a
     * double-well KDE score; seconds on one core.
     */
    List<String> job(String seed) {
        return job(seed, model.toString());
    }

    /** As above with the model file named {@code modelPath}. */
    List<String> job(String seed, String modelPath) {
        return new ArrayList<>(List.of("respond", "-q", "--system", "double-well", "--model", modelPath, "--members", "12",
                "--blocks", "4", "--spinup", "2", "--duration", "20", "--lags", "5", "--reset-every", "10", "--truth-pairs", "300",
                "--truth-duration", "5", "--snapshot-every", "5", "--max-snapshots", "300", "--amplitude-correction", "--seed", seed));
    }

    @BeforeAll
    void modelUnsplitRunAndFit() throws IOException {
        Random g = new Random(3);
        double[] data = new double[400];
        for (int i = 0; i < data.length; i++) data[i] = (i % 2 == 0 ? 1 : -1) + 0.3 * g.nextGaussian();
        model = tmp.resolve("dw-kde.sfdt");
        ScoreModelFile.saveKde(model, data, data.length, 1, 0.25);
        single = tmp.resolve("single");
        cli(0, job("7"), "-o", single.toString());
        fit = tmp.resolve("fit");
        cli(0, job("7"), "--fit-only", "-o", fit.toString());
    }

    @Test
    void anySplitMergedInAnyOrderIsTheUnsplitRunBitForBit() throws IOException {
        Random shuffle = new Random(5);
        for (int k : new int[] {1, 2, 3}) {  // 3: GFDT shards of 3, 3 and 6 members; the truth in 256 + 44 pairs
            List<Path> shards = shards("k" + k, "7", fit, k);
            Collections.shuffle(shards, shuffle);
            Path merged = tmp.resolve("merged-" + k);
            List<String> args = new ArrayList<>(List.of("merge", "-q"));
            shards.forEach(p -> args.add(p.toString()));
            cli(0, args, "-o", merged.toString());
            OuShardsTest.assertSameOutputs(single, merged, k + " shards");
        }
    }

    @Test
    void mergeRefusesAMissingAnOverlappingAForeignAndAnOuShardWithOneLine() throws IOException {
        List<Path> three = shards("refuse", "7", fit, 3);  // GFDT 0:3, 3:6, 6:12; truth 12:268, 268:312
        List<Path> gap = new ArrayList<>(three);
        gap.remove(1);
        String missing = refusedMerge(gap, "missing");
        assertTrue(missing.contains("members 3:6 are in no shard"), missing);

        List<Path> overlapping = new ArrayList<>(three);
        overlapping.add(shards("two", "7", fit, 2).get(0));
        String overlap = refusedMerge(overlapping, "overlap");
        assertTrue(overlap.contains("are in both") && overlap.contains("overlapping"), overlap);

        // Another seed: its own stage 1, one GFDT shard; only the config tells it apart.
        Path otherFit = tmp.resolve("fit-seed8");
        cli(0, job("8"), "--fit-only", "-o", otherFit.toString());
        Path foreign = tmp.resolve("foreign");
        cli(0, job("8"), "--member-range", "3:6", "--fitted-score", otherFit.resolve(RespondShards.TRAINING).toString(), "-o",
                foreign.toString());
        List<Path> mixed = new ArrayList<>(three);
        mixed.set(1, foreign.resolve(ShardFile.NAME));
        String mismatch = refusedMerge(mixed, "mismatch");
        assertTrue(mismatch.contains(foreign.toString()) && mismatch.contains("another config"), mismatch);

        // An ou shard (truth pairs alone: no stage 1) among respond shards.
        Path toml = Files.writeString(tmp.resolve("ou.toml"), OuShardsTest.SMALL);
        Path ou = tmp.resolve("ou-shard");
        cli(0, List.of("ou", "-q", "--config", toml.toString(), "--member-range", "14:270"), "-o", ou.toString());
        List<Path> kinds = new ArrayList<>(three);
        kinds.add(ou.resolve(ShardFile.NAME));
        String kind = refusedMerge(kinds, "kinds");
        assertTrue(kind.contains(ou.resolve(ShardFile.NAME) + " is a 'ou' shard, not 'respond'"), kind);
    }

    /**
     * A second stage 1 of the same config whose training set differs in one bit's worth (as one on a
     * GPU and one on a CPU may): its shards carry another stage-1 fingerprint, and the merge refuses
     * the mix with one line naming both shard files.
     */
    @Test
    void shardsOfTwoStageOneRunsOfOneConfigAreRefusedWithOneLine() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("fit-other"));
        double[] training = NpyReader.read(fit.resolve(RespondShards.TRAINING)).asDoubles();
        training[0] = Math.nextUp(training[0]);
        NpyWriter.write(other.resolve(RespondShards.TRAINING), training, training.length, 1);  // double-well: d = 1
        ObjectNode rec = (ObjectNode) new ObjectMapper().readTree(Files.readString(fit.resolve(RespondShards.FIT)));
        rec.put("training_sha256", RespondJob.sha256(other.resolve(RespondShards.TRAINING)));
        Files.writeString(other.resolve(RespondShards.FIT), rec.toString());

        List<Path> two = shards("stage1", "7", fit, 2);  // GFDT 0:6, 6:12; truth 12:268, 268:312
        Path foreign = tmp.resolve("stage1-other");
        cli(0, job("7"), "--member-range", "6:12", "--fitted-score", other.resolve(RespondShards.TRAINING).toString(), "-o",
                foreign.toString());
        List<Path> mixed = new ArrayList<>(two);
        mixed.set(1, foreign.resolve(ShardFile.NAME));
        String e = refusedMerge(mixed, "stage1");
        assertTrue(e.contains(two.get(0) + " and " + foreign.resolve(ShardFile.NAME) + " come from different stage-1 runs"), e);
    }

    /** The config hash takes the model file's bytes, not its path: shards naming it relatively and absolutely merge. */
    @Test
    void shardsNamingTheModelByAnotherPathMergeIntoTheUnsplitRun() throws IOException {
        String relative = Path.of("").toAbsolutePath().relativize(model.toAbsolutePath()).toString();
        String training = fit.resolve(RespondShards.TRAINING).toString();
        Path g0 = tmp.resolve("path-g0"), g1 = tmp.resolve("path-g1"), t0 = tmp.resolve("path-t0");
        cli(0, job("7"), "--shard", "0/2", "--fitted-score", training, "-o", g0.toString());
        cli(0, job("7", relative), "--shard", "1/2", "--fitted-score", training, "-o", g1.toString());
        List<String> truth = job("7", relative);
        truth.addAll(List.of("--member-range", "12:312", "--gfdt-shards", g0.toString(), g1.toString()));
        cli(0, truth, "-o", t0.toString());
        Path merged = tmp.resolve("merged-paths");
        // The first shard's config names the model as the unsplit run did, so the report is its byte for byte.
        cli(0, List.of("merge", "-q", g0.toString(), t0.toString(), g1.toString()), "-o", merged.toString());
        OuShardsTest.assertSameOutputs(single, merged, "relative and absolute model paths");
    }

    @Test
    void aShardOfAnotherConfigsFitOrAcrossTheStagesIsRefused() {
        String e = cli(2, job("8"), "--member-range", "0:3", "--fitted-score", fit.resolve(RespondShards.TRAINING).toString(), "-o",
                tmp.resolve("wrong-fit").toString());
        assertTrue(e.contains("fitted under another config"), e);
        String across = cli(2, job("7"), "--member-range", "9:268", "--fitted-score", fit.toString(), "-o",
                tmp.resolve("across").toString());
        assertTrue(across.contains("9:268") && across.contains("not both"), across);
        String off = cli(2, job("7"), "--member-range", "0:4", "--fitted-score", fit.toString(), "-o", tmp.resolve("off").toString());
        assertTrue(off.contains("4 is not a block boundary (nearest 3 or 6"), off);
        assertTrue(!Files.exists(tmp.resolve("wrong-fit")) && !Files.exists(tmp.resolve("across")) && !Files.exists(tmp.resolve("off")));
    }

    /** A k-way split through the CLI: k GFDT shards (--shard I/K, the training set as input), then min(k, 2) truth shards. */
    List<Path> shards(String name, String seed, Path fitDir, int k) {
        List<Path> gfdt = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Path dir = tmp.resolve(name + "-g" + i);
            cli(0, job(seed), "--shard", i + "/" + k, "--fitted-score", fitDir.resolve(RespondShards.TRAINING).toString(), "-o",
                    dir.toString());
            gfdt.add(dir.resolve(ShardFile.NAME));
        }
        List<Path> all = new ArrayList<>(gfdt);
        int t = Math.min(k, 2);
        for (int i = 0; i < t; i++) {
            Path dir = tmp.resolve(name + "-t" + i);
            List<String> args = job(seed);
            args.addAll(List.of("--shard", i + "/" + t, "--gfdt-shards"));
            gfdt.forEach(p -> args.add(p.toString()));
            cli(0, args, "-o", dir.toString());
            all.add(dir.resolve(ShardFile.NAME));
        }
        return all;
    }

    /** `scorefdt merge`'s one error line (exit 2, nothing written). */
    String refusedMerge(List<Path> shards, String name) {
        List<String> args = new ArrayList<>(List.of("merge", "-q"));
        shards.forEach(p -> args.add(p.toString()));
        String err = cli(2, args, "-o", tmp.resolve("merge-" + name).toString());
        assertEquals(1, err.lines().count(), err);
        assertTrue(!Files.exists(tmp.resolve("merge-" + name)), "a refused merge writes nothing");
        return err;
    }

    /** Runs the CLI in-process, expecting {@code code}; its error output. */
    static String cli(int code, List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(code, cl.execute(all.toArray(String[]::new)), String.join(" ", all) + "\n" + err);
        return err.toString();
    }
}
