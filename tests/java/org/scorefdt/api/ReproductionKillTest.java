package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.io.RunStatus;

/**
 * {@code reproduce} killed with SIGKILL at random points, 20 times, then resumed with {@code --resume}:
 * every resumed run gives the uninterrupted run's files bit for bit, and the killed run's
 * {@code status.json} reads back as dead, not running (docs/reproduction.md §6, docs/formats.md §4).
 */
class ReproductionKillTest {
    @TempDir
    Path tmp;

    private static final int KILLS = 20;

    private static Process start(Path config, Path out, boolean resume) throws Exception {
        return start(config, out, resume, ProcessBuilder.Redirect.DISCARD);
    }

    private static Process start(Path config, Path out, boolean resume, ProcessBuilder.Redirect log) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp, Main.class.getName(),
                "reproduce", "-q", "-c", config.toString(), "-o", out.toString()));
        if (resume) cmd.add("--resume");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** Waits until the run has created its directory (JVM start-up is not part of the run); returns when. */
    private static long started(Process p, Path dir) throws InterruptedException {
        while (!Files.exists(dir.resolve("status.json")) && p.isAlive()) Thread.sleep(5);
        return System.nanoTime();
    }

    @Test
    void killedAtRandomPointsAndResumedGivesTheUninterruptedRun() throws Exception {
        Path config = tmp.resolve("tiny.toml");
        Files.writeString(config, ReproductionResumeTest.config(tmp.resolve("unused")).toToml());
        Path full = tmp.resolve("full");
        Process p = start(config, full, false);
        long t0 = started(p, full);
        while (p.isAlive() && RunStatus.read(full, Instant.now()).state() != RunStatus.State.COMPLETE) Thread.sleep(5);
        long runMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000); // from the run directory's creation to its completion
        assertTrue(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0, "the uninterrupted run failed");
        TreeMap<String, byte[]> expected = ReproductionResumeTest.results(full);

        Random random = new Random(20261207);
        int killedRunning = 0;
        for (int k = 0; k < KILLS; k++) {
            Path dir = tmp.resolve("kill" + k);
            Process victim = start(config, dir, false);
            started(victim, dir);
            long delay = (long) (random.nextDouble() * runMillis);
            boolean finished = victim.waitFor(delay, TimeUnit.MILLISECONDS);
            if (!finished) {
                victim.destroyForcibly(); // SIGKILL: no shutdown hook, no status update
                assertTrue(victim.waitFor(60, TimeUnit.SECONDS));
            }
            if (Files.exists(dir.resolve("status.json"))) {
                RunStatus s = RunStatus.read(dir, Instant.now());
                if (s.state() != RunStatus.State.COMPLETE) {
                    assertEquals(RunStatus.State.DEAD, s.state(), "kill " + k + " after " + delay + " ms: " + s.describe(Instant.now()));
                    killedRunning++;
                }
            }
            Path log = tmp.resolve("resume" + k + ".log");
            Process resumed = start(config, dir, true, ProcessBuilder.Redirect.to(log.toFile()));
            assertTrue(resumed.waitFor(300, TimeUnit.SECONDS), "resume " + k + " did not finish");
            assertEquals(0, resumed.exitValue(), "resume " + k + " after a kill at " + delay + " ms failed: " + Files.readString(log));
            ReproductionResumeTest.assertSameResults(expected, dir, "killed after " + delay + " ms (trial " + k + ")");
            assertEquals(RunStatus.State.COMPLETE, RunStatus.read(dir, Instant.now()).state());
        }
        // Load changes the pace between runs, so some kills may land after a run finished; most must not.
        assertTrue(killedRunning >= KILLS / 2, "only " + killedRunning + " of " + KILLS + " kills hit a running run");
    }
}
