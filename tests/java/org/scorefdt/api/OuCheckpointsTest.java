package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunStatus;

/**
 * {@code ou --checkpoint-chunks K} runs the job in resumable pieces and {@code ou --resume} continues
 * it: the outputs equal the unsplit run's bit for bit, after a piece is lost and after SIGKILLs at
 * random points; a resume of another config or of a directory without checkpoints is refused in one
 * line (docs/formats.md §9).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OuCheckpointsTest {
    @TempDir
    static Path tmp;

    private static final int KILLS = 8;
    Path config, single;

    @BeforeAll
    void unsplitRun() throws Exception {
        config = Files.writeString(tmp.resolve("small.toml"), OuShardsTest.SMALL);
        single = tmp.resolve("single");
        assertTrue(OuValidationJob.run(TomlConfigLoader.parse(OuShardsTest.SMALL, "small.toml"), RunDirectory.create(single, false),
                List.of(), JobListener.NONE).complete());
    }

    private record Cli(int code, String err) {}

    private Cli cli(String... args) {
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return new Cli(cl.execute(args), err.toString());
    }

    @Test
    void piecesMergedAndAResumeAfterALostPieceAreTheUnsplitRun() throws Exception {
        Path out = tmp.resolve("chunked");
        Cli r = cli("ou", "-q", "--config", config.toString(), "--checkpoint-chunks", "3", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        OuShardsTest.assertSameOutputs(single, out, "3 checkpointed chunks");
        List<Path> pieces;
        try (Stream<Path> s = Files.list(out.resolve(OuCheckpoints.DIR))) {
            pieces = s.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(4, pieces.size(), pieces.toString()); // the fit and three member chunks

        // A piece whose run never finished (no status.json) or whose shard file is gone is run again; the others are reused
        // untouched (their files keep their modification times).
        Path lost = pieces.get(1), gone = pieces.get(2);
        Files.delete(lost.resolve(RunDirectory.STATUS));
        Files.delete(gone.resolve(org.scorefdt.io.ShardFile.NAME));
        for (String n : List.of("report.json", "errors.csv")) Files.delete(out.resolve(n));
        java.util.Map<Path, java.nio.file.attribute.FileTime> before = new java.util.HashMap<>();
        for (Path p : List.of(pieces.get(0).resolve(OuShards.FITTED_SCORE), pieces.get(3).resolve(org.scorefdt.io.ShardFile.NAME))) {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
            before.put(p, Files.getLastModifiedTime(p));
        }
        Files.setLastModifiedTime(lost.resolve(org.scorefdt.io.ShardFile.NAME), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        r = cli("ou", "-q", "--config", config.toString(), "--resume", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        OuShardsTest.assertSameOutputs(single, out, "resumed after a lost piece");
        for (var e : before.entrySet()) assertEquals(e.getValue(), Files.getLastModifiedTime(e.getKey()), e.getKey() + " was reused, not rerun");
        assertTrue(Files.getLastModifiedTime(lost.resolve(org.scorefdt.io.ShardFile.NAME)).toMillis() > 1_000_000_000_000L, "the unfinished piece ran again");
        assertTrue(Files.isRegularFile(gone.resolve(org.scorefdt.io.ShardFile.NAME)), "the piece whose shard was gone ran again");
        assertEquals(RunStatus.State.COMPLETE, RunStatus.read(out, Instant.now()).state());
    }

    @Test
    void aResumeOfAnotherConfigOrOfAPlainRunIsRefusedInOneLine() throws Exception {
        Path out = tmp.resolve("refuse");
        assertEquals(0, cli("ou", "-q", "--config", config.toString(), "--checkpoint-chunks", "2", "-o", out.toString()).code());
        Path other = Files.writeString(tmp.resolve("seed12.toml"), OuShardsTest.SMALL.replace("seed = 11", "seed = 12"));
        Cli r = cli("ou", "-q", "--config", other.toString(), "--resume", "-o", out.toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("another config"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());

        r = cli("ou", "-q", "--config", config.toString(), "--resume", "-o", single.toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("holds no checkpointed ou run"), r.err());
        r = cli("ou", "-q", "--config", config.toString(), "--resume", "--checkpoint-chunks", "2", "-o", single.toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("holds a finished ou run that was not checkpointed"), r.err());
        assertEquals(RunStatus.State.COMPLETE, RunStatus.read(single, Instant.now()).state(), "a refused resume leaves the run as it was");
        assertEquals(RunStatus.State.COMPLETE, RunStatus.read(out, Instant.now()).state(), "a refused resume leaves the run as it was");

        r = cli("ou", "-q", "--config", config.toString(), "--checkpoint-chunks", "99", "-o", tmp.resolve("too-many").toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--checkpoint-chunks") && !Files.exists(tmp.resolve("too-many")), r.err());
    }

    private Process start(Path out, boolean resume) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, Main.class.getName(),
                "ou", "-q", "-c", config.toString(), "-o", out.toString()));
        cmd.addAll(List.of("--checkpoint-chunks", "4"));
        if (resume) cmd.add("--resume");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void awaitDirectory(Process p, Path dir) throws InterruptedException {
        while (!Files.exists(dir.resolve(RunDirectory.STATUS)) && p.isAlive()) Thread.sleep(5);
    }

    @Test
    void killedAtRandomPointsAndResumedGivesTheUnsplitRun() throws Exception {
        Path timed = tmp.resolve("timed");
        Process p = start(timed, false);
        awaitDirectory(p, timed);
        long t0 = System.nanoTime();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "the uninterrupted checkpointed run failed");
        long runMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);

        Random random = new Random(20261207);
        int killedRunning = 0;
        for (int k = 0; k < KILLS; k++) {
            Path dir = tmp.resolve("kill" + k);
            Process victim = start(dir, false);
            awaitDirectory(victim, dir);
            long delay = (long) (random.nextDouble() * runMillis);
            if (!victim.waitFor(delay, TimeUnit.MILLISECONDS)) {
                victim.destroyForcibly(); // SIGKILL: no shutdown hook, no status update
                assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
            }
            if (RunStatus.read(dir, Instant.now()).state() != RunStatus.State.COMPLETE) {
                assertEquals(RunStatus.State.DEAD, RunStatus.read(dir, Instant.now()).state(), "kill " + k + " after " + delay + " ms");
                killedRunning++;
            }
            Process again = start(dir, true); // a kill before anything was recorded starts afresh

            assertTrue(again.waitFor(300, TimeUnit.SECONDS), "resume " + k + " did not finish");
            assertEquals(0, again.exitValue(), "resume " + k + " after a kill at " + delay + " ms failed");
            OuShardsTest.assertSameOutputs(single, dir, "killed after " + delay + " ms (trial " + k + ")");
        }
        assertTrue(killedRunning >= KILLS / 2, "only " + killedRunning + " of " + KILLS + " kills hit a running run");
    }
}
