package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunStatus;

/**
 * {@code reproduce --checkpoint-chunks K} runs each system's gfdt and truth passes as K member chunks,
 * each written when it ends: the run's files are those of a run without chunks bit for bit; a run
 * stopped or killed inside a pass and resumed reruns only the chunks it lost, leaving the others'
 * files as they were, with the same files; a resume with another chunk count is refused in one line
 * (docs/formats.md §8).
 */
class ReproductionChunksTest {
    @TempDir
    Path tmp;

    /**
     * ReproductionResumeTest's tiny OU run (8 GFDT members in 2 batches and 4 blocks, 2 truth pairs:
     * cuts 0, 2, 4, 6, 8, 10), in 3 chunks 0:2, 2:6 (a block in each batch) and 6:10 (GFDT members and
     * the truth pairs).
     */
    static final int K = 3;

    static Path chunk(Path dir, String range) {
        return dir.resolve("checkpoints/ou-spde/chunks/members-" + range + ".sfs");
    }

    static ReproductionJob.Result chunked(Path dir, JobListener listener) {
        return ReproductionJob.run(ReproductionResumeTest.config(dir), RunDirectory.create(dir, false), List.of(), listener, false, K);
    }

    /** Every chunk file's bytes and modification time, by name. */
    static Map<String, Object[]> chunkFiles(Path dir) throws IOException {
        Map<String, Object[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(chunk(dir, "x").getParent())) {
            for (Path f : s.toList()) out.put(f.getFileName().toString(), new Object[] {Files.readAllBytes(f), Files.getLastModifiedTime(f)});
        }
        return out;
    }

    static void assertUntouched(Map<String, Object[]> before, Path dir, String what) throws IOException {
        Map<String, Object[]> now = chunkFiles(dir);
        before.forEach((name, v) -> {
            assertArrayEquals((byte[]) v[0], (byte[]) now.get(name)[0], what + ": " + name + " rewritten");
            assertEquals((FileTime) v[1], now.get(name)[1], what + ": " + name + " rewritten");
        });
    }

    @Test
    void aChunkedRunIsTheUnchunkedRunBitForBitAndResumesOnlyTheLostChunk() throws IOException {
        Path whole = tmp.resolve("whole");
        assertTrue(ReproductionJob.run(ReproductionResumeTest.config(whole), JobListener.NONE).job().complete());
        TreeMap<String, byte[]> expected = ReproductionResumeTest.results(whole);

        Path dir = tmp.resolve("chunked");
        ReproductionResumeTest.Listener first = new ReproductionResumeTest.Listener(Integer.MAX_VALUE);
        assertTrue(chunked(dir, first).job().complete());
        ReproductionResumeTest.assertSameResults(expected, dir, "in " + K + " chunks");
        assertEquals(List.of("ou-spde: spin-up", "ou-spde: data", "ou-spde: train", "ou-spde: gfdt", "ou-spde: gfdt", "ou-spde: gfdt",
                "ou-spde: truth"), first.phases);
        for (String r : List.of("0-2", "2-6", "6-10")) assertTrue(Files.isRegularFile(chunk(dir, r)), r);

        // As a kill inside the gfdt pass leaves it: the chunk 2:6 and the later phases' files missing.
        Files.delete(chunk(dir, "2-6"));
        Files.delete(ReproductionResumeTest.phaseFile(dir, org.scorefdt.api.reproduce.SystemCheckpoints.Phase.GFDT));
        Files.delete(ReproductionResumeTest.phaseFile(dir, org.scorefdt.api.reproduce.SystemCheckpoints.Phase.TRUTH));
        Map<String, Object[]> kept = chunkFiles(dir);
        ReproductionResumeTest.Listener resumed = new ReproductionResumeTest.Listener(Integer.MAX_VALUE);
        assertTrue(ReproductionJob.resume(ReproductionResumeTest.config(dir), resumed).job().complete());
        assertEquals(List.of("ou-spde: gfdt"), resumed.phases, "only the lost chunk runs");
        assertUntouched(kept, dir, "resumed");
        assertTrue(Files.isRegularFile(chunk(dir, "2-6")));
        ReproductionResumeTest.assertSameResults(expected, dir, "a chunk lost and resumed");
    }

    @Test
    void aRunStoppedInsideAPassResumesFromItsLastChunk() throws IOException {
        Path whole = tmp.resolve("whole");
        assertTrue(ReproductionJob.run(ReproductionResumeTest.config(whole), JobListener.NONE).job().complete());
        Path dir = tmp.resolve("stopped");
        // Phases: spin-up, data, train, gfdt 0:2, gfdt 2:6, then gfdt of 6:10, where the stop comes.
        assertThrows(ReproductionResumeTest.Stop.class, () -> chunked(dir, new ReproductionResumeTest.Listener(5)));
        assertFalse(Files.exists(chunk(dir, "6-10")));
        Map<String, Object[]> kept = chunkFiles(dir);
        assertEquals(2, kept.size());
        ReproductionResumeTest.Listener resumed = new ReproductionResumeTest.Listener(Integer.MAX_VALUE);
        assertTrue(ReproductionJob.resume(ReproductionResumeTest.config(dir), resumed).job().complete());
        assertEquals(List.of("ou-spde: gfdt", "ou-spde: truth"), resumed.phases);
        assertUntouched(kept, dir, "resumed");
        ReproductionResumeTest.assertSameResults(ReproductionResumeTest.results(whole), dir, "stopped inside the gfdt pass");
    }

    @Test
    void anotherChunkCountOrOneTheBlocksCannotGiveIsRefusedInOneLine() throws IOException {
        Path config = Files.writeString(tmp.resolve("tiny.toml"), ReproductionResumeTest.config(tmp.resolve("unused")).toToml());
        Path dir = tmp.resolve("run");
        List<String> job = List.of("reproduce", "-q", "-c", config.toString(), "-o", dir.toString());
        RespondShardsTest.cli(0, job, "--checkpoint-chunks", "3");
        String other = RespondShardsTest.cli(Main.EXIT_USAGE, job, "--resume", "--checkpoint-chunks", "2");
        assertTrue(other.contains("started with --checkpoint-chunks 3, not with --checkpoint-chunks 2"), other);
        assertEquals(1, other.strip().lines().count(), other);
        String none = RespondShardsTest.cli(Main.EXIT_USAGE, List.of("reproduce", "-q", "-c", config.toString(), "-o",
                tmp.resolve("plain").toString()), "--checkpoint-chunks", "0");
        assertTrue(none.contains("--checkpoint-chunks") && none.contains("must be >= 1"), none);
        String many = RespondShardsTest.cli(Main.EXIT_USAGE, List.of("reproduce", "-q", "-c", config.toString(), "-o",
                tmp.resolve("many").toString()), "--checkpoint-chunks", "6");
        assertTrue(many.contains("--checkpoint-chunks") && many.contains("1 … 5") && !Files.exists(tmp.resolve("many")), many);
        RespondShardsTest.cli(0, job, "--resume"); // the recorded count goes on
    }

    /**
     * SIGKILL while the truth chunk of 256 pairs runs (ReproduceShardsTest's run in 6 chunks 0:2, 2:4,
     * 4:6, 6:8, 8:264, 264:268; the kill when 6:8 is written), then {@code --resume}: the chunks written
     * before are kept as they were and the files are the unchunked run's bit for bit.
     */
    @Test
    void killedInsideThePassAndResumedGivesTheUnchunkedRun() throws Exception {
        Path config = Files.writeString(tmp.resolve("shards.toml"), ReproduceShardsTest.toml(3, 0));
        ReproductionConfig cfg = ReproductionConfig.load(config).only(List.of("ou-spde"));
        Path whole = tmp.resolve("whole");
        assertTrue(ReproductionJob.run(cfg.withRun(cfg.run().withOutput(whole.toString())), JobListener.NONE).job().complete());
        Path dir = tmp.resolve("killed");
        Process victim = start(config, dir, false, ProcessBuilder.Redirect.DISCARD);
        Path last = dir.resolve("checkpoints/ou-spde/chunks/members-6-8.sfs");
        while (!Files.exists(last) && victim.isAlive()) Thread.sleep(2);
        victim.destroyForcibly(); // SIGKILL: no shutdown hook, no status update
        assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
        boolean killedRunning = RunStatus.read(dir, Instant.now()).state() != RunStatus.State.COMPLETE;
        Map<String, Object[]> kept = chunkFiles(dir);
        for (String r : List.of("0-2", "2-4", "4-6", "6-8")) assertTrue(kept.containsKey("members-" + r + ".sfs"), r);
        Path log = tmp.resolve("resume.log");
        Process resumed = start(config, dir, true, ProcessBuilder.Redirect.to(log.toFile()));
        assertTrue(resumed.waitFor(300, TimeUnit.SECONDS), "the resume did not finish");
        assertEquals(0, resumed.exitValue(), Files.readString(log));
        assertUntouched(kept, dir, "resumed after a kill");
        ReproductionResumeTest.assertSameResults(ReproductionResumeTest.results(whole), dir, "killed while " + (killedRunning
                ? "running" : "finished"));
    }

    private static Process start(Path config, Path out, boolean resume, ProcessBuilder.Redirect log) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, Main.class.getName(),
                "reproduce", "-q", "-c", config.toString(), "--systems", "ou-spde", "-o", out.toString()));
        cmd.addAll(resume ? List.of("--resume") : List.of("--checkpoint-chunks", "6"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }
}
