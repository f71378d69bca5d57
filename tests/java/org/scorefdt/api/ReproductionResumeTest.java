package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.api.reproduce.SystemCheckpoints;
import org.scorefdt.api.reproduce.SystemCheckpoints.Phase;
import org.scorefdt.backend.Fallback;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.ResumeException;

/**
 * An interrupted {@code reproduce} run, resumed on its directory, gives the uninterrupted run's files
 * bit for bit, whichever phase it stopped after; a changed config or a damaged phase file stops the
 * resume with the file and the problem named (docs/reproduction.md §6).
 */
public class ReproductionResumeTest {
    @TempDir
    Path tmp;

    /**
     * A tiny OU run (about a second): every phase, the CNN trained for a few steps, 800 snapshots so
     * that the 160 held out of training carry the score diagnostics.
     */
    static ReproductionConfig config(Path out, int dsmSteps) {
        return ReproductionConfig.parse("""
                [run]
                seed = 3
                output = "%s"
                [ou-spde]
                n = 8
                members = 8
                member_batch = 4
                blocks = 4
                duration = 100.0
                lags = 4
                snapshot_every = 1.0
                max_snapshots = 1000
                truth_members = 2
                truth_duration = 16.0
                reset_every = 4.0
                dsm_channels = [4]
                dsm_steps = %d
                dsm_batch = 16
                dsm_eval_every = 10
                [allen-cahn]
                enabled = false
                [navier-stokes]
                enabled = false
                """.formatted(out.toString().replace("\\", "/"), dsmSteps), "resume.toml");
    }

    static ReproductionConfig config(Path out) {
        return config(out, 20);
    }

    /** Thrown by {@link #stopAfter} as a kill would stop the run. */
    static final class Stop extends RuntimeException {
        Stop() {
            super("stopped by the test");
        }
    }

    /** A listener that records the phases started and stops the run when phase {@code k + 1} starts. */
    static final class Listener implements JobListener {
        final int stopAfter;
        final List<String> phases = new ArrayList<>(), info = new ArrayList<>();

        Listener(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override public void phase(String name, long totalWork) {
            if (phases.size() == stopAfter) throw new Stop();
            phases.add(name);
        }
        @Override public void progress(long done) {}
        @Override public void info(String line) {
            info.add(line);
        }
        @Override public void fallback(Fallback fallback) {}
    }

    /** Every result file but the manifest, the status and the checkpoints, by relative path. */
    public static TreeMap<String, byte[]> results(Path dir) {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("checkpoints/") || rel.equals("manifest.json") || rel.equals("status.json")
                        || rel.endsWith(".png")) {
                    continue;
                }
                out.put(rel, Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static void assertSameResults(TreeMap<String, byte[]> expected, Path dir, String what) {
        TreeMap<String, byte[]> got = results(dir);
        assertEquals(expected.keySet(), got.keySet(), what);
        assertTrue(expected.containsKey("report.json") && expected.containsKey("ou-spde/report.json") && expected.containsKey("results.npz"), what);
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, got.get(name), what + ": " + name + " differs"));
    }

    static Path phaseFile(Path dir, Phase p) {
        return dir.resolve("checkpoints/ou-spde/" + p.tag() + ".phase");
    }

    /** Stops a run in {@code dir} when phase {@code k + 1} starts, leaving the files of phases 1…k. */
    static void interrupted(Path dir, int k) {
        assertThrows(Stop.class, () -> ReproductionJob.run(config(dir), new Listener(k)));
        for (Phase p : Phase.values()) {
            assertEquals(p.ordinal() < k, Files.exists(phaseFile(dir, p)), "after " + k + " phases: " + p);
        }
    }

    @Test
    void resumingAfterEachPhaseGivesTheUninterruptedRun() {
        Path full = tmp.resolve("full");
        assertTrue(ReproductionJob.run(config(full), JobListener.NONE).job().complete());
        TreeMap<String, byte[]> expected = results(full);
        String[] names = {"spin-up", "data", "train", "gfdt", "truth"};
        for (int k = 1; k < Phase.values().length; k++) {
            Path dir = tmp.resolve("stop" + k);
            interrupted(dir, k);
            Listener resumed = new Listener(Integer.MAX_VALUE);
            assertTrue(ReproductionJob.resume(config(dir), resumed).job().complete());
            assertEquals(Arrays.stream(names, k, names.length).map(n -> "ou-spde: " + n).toList(), resumed.phases,
                    "after " + k + " phases only the rest run");
            assertSameResults(expected, dir, "stopped after " + k + " phases");
        }
        // A finished run resumed: nothing runs again, the same results are written.
        Listener again = new Listener(0);
        assertTrue(ReproductionJob.resume(config(full), again).job().complete());
        assertSameResults(expected, full, "resumed when finished");
    }

    @Test
    void aPhaseWhoseFileIsMissingIsRecomputedWithTheLaterOnes() throws IOException {
        Path full = tmp.resolve("full");
        assertTrue(ReproductionJob.run(config(full), JobListener.NONE).job().complete());
        Path dir = tmp.resolve("gap");
        interrupted(dir, 4);
        Files.delete(phaseFile(dir, Phase.DATA));
        Listener resumed = new Listener(Integer.MAX_VALUE);
        assertTrue(ReproductionJob.resume(config(dir), resumed).job().complete());
        assertEquals(List.of("ou-spde: data", "ou-spde: train", "ou-spde: gfdt", "ou-spde: truth"), resumed.phases);
        assertTrue(resumed.info.stream().anyMatch(l -> l.contains("gfdt.phase is recomputed") && l.contains("data")),
                String.join("\n", resumed.info));
        assertSameResults(results(full), dir, "data phase deleted");
    }

    @Test
    void aChangedConfigIsRefusedNamingTheKey() {
        Path dir = tmp.resolve("run");
        interrupted(dir, 2);
        ResumeException e = assertThrows(ResumeException.class, () -> ReproductionJob.resume(config(dir, 30), JobListener.NONE));
        assertTrue(e.getMessage().contains("ou-spde.dsm_steps: 20 in the run, 30 now"), e.getMessage());
        assertTrue(e.getMessage().contains("config.toml"), e.getMessage());
        assertFalse(Files.exists(phaseFile(dir, Phase.TRAIN)), "nothing ran");
        // A moved directory is the same run: the output path is not part of the config.
        Path moved = tmp.resolve("moved");
        try {
            Files.move(dir, moved);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        assertTrue(ReproductionJob.resume(config(moved), JobListener.NONE).job().complete());
    }

    @Test
    void aDamagedPhaseFileIsNamed() throws IOException {
        Path dir = tmp.resolve("run");
        interrupted(dir, 3);
        Path data = phaseFile(dir, Phase.DATA);
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length / 2));
        ResumeException e = assertThrows(ResumeException.class, () -> ReproductionJob.resume(config(dir), JobListener.NONE));
        assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("truncated"), e.getMessage());

        bytes[bytes.length - 20] ^= 1;
        Files.write(data, bytes);
        e = assertThrows(ResumeException.class, () -> ReproductionJob.resume(config(dir), JobListener.NONE));
        assertTrue(e.getMessage().contains(data.toString()) && e.getMessage().contains("checksum"), e.getMessage());

        Files.delete(dir.resolve("checkpoints/ou-spde/" + SystemCheckpoints.MODEL));
        Files.delete(data);
        interrupted(tmp.resolve("other"), 3);
        Files.copy(phaseFile(tmp.resolve("other"), Phase.DATA), data);
        e = assertThrows(ResumeException.class, () -> ReproductionJob.resume(config(dir), JobListener.NONE));
        assertTrue(e.getMessage().contains(SystemCheckpoints.MODEL) && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void aDirectoryOfAnotherKindIsNotResumed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        ResumeException e = assertThrows(ResumeException.class, () -> ReproductionJob.resume(config(dir), JobListener.NONE));
        assertTrue(e.getMessage().contains("config.toml is missing"), e.getMessage());
        // An empty one starts a new run.
        assertTrue(ReproductionJob.resume(config(tmp.resolve("new")), JobListener.NONE).job().complete());
    }

    @Test
    void everyScoreCarriesItsDiagnosticsOnTheHeldOutSnapshots() throws IOException {
        Path dir = tmp.resolve("diag");
        Listener l = new Listener(Integer.MAX_VALUE);
        assertTrue(ReproductionJob.run(config(dir), l).job().complete());
        var methods = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("report.json").toFile())
                .path("systems").path("ou-spde").path("methods");
        for (String name : List.of(ReproductionPipeline.LEARNED, ReproductionPipeline.GAUSSIAN, ReproductionPipeline.ANALYTIC)) {
            var d = methods.path(name).path("diagnostics");
            assertEquals(160, d.path("samples").asInt(), name + ": the trainer's 20 % split of 800 snapshots");
            assertTrue(d.has("hyvarinen_loss") && d.has("worst"), name + ": " + d);
        }
        // The exact OU score is the true score: its mean Stein diagonal is 1 within its error bar. (Not every
        // identity: 8 members × 100 time units hold too few independent samples of the slow modes, whose
        // correlation time of ~50 units exceeds a block; ScoreDiagnosticsTest checks passing on adequate data.)
        var exact = methods.path(ReproductionPipeline.ANALYTIC).path("diagnostics");
        assertEquals(1, exact.path("stein_diagonal").asDouble(), 4 * exact.path("stein_diagonal_stderr").asDouble(), exact.toString());
        // A CNN trained 20 steps is far from the score, and says so in one warning line.
        assertTrue(l.info.stream().anyMatch(s -> s.startsWith("warning: ou-spde: gfdt-dsm-cnn: ") && s.contains("fails its Stein")),
                String.join("\n", l.info));
    }
}
