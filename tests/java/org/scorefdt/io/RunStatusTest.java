package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status.json read back: complete, failed, running and dead runs told apart (docs/formats.md §4). */
class RunStatusTest {
    @TempDir
    Path tmp;

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private Path status(String json) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run" + System.nanoTime()));
        Files.writeString(dir.resolve(RunDirectory.STATUS), json);
        return dir;
    }

    @Test
    void anOpenRunIsRunningWithThisProcessAndFinishingOrFailingSaysSo() throws IOException {
        RunDirectory dir = RunDirectory.create(tmp.resolve("a"), false);
        RunStatus s = RunStatus.read(dir.root(), Instant.now());
        assertEquals(RunStatus.State.RUNNING, s.state());
        assertEquals(ProcessHandle.current().pid(), s.pid());
        assertEquals(RunDirectory.heartbeatSeconds(), s.heartbeatSeconds());
        assertTrue(s.describe(Instant.now()).startsWith("running (pid " + s.pid()), s.describe(Instant.now()));
        dir.markComplete();
        assertEquals(RunStatus.State.COMPLETE, RunStatus.read(dir.root(), Instant.now()).state());

        RunDirectory failed = RunDirectory.create(tmp.resolve("b"), false);
        failed.fail(null, new IllegalStateException("disk on fire"));
        RunStatus f = RunStatus.read(failed.root(), Instant.now());
        assertEquals(RunStatus.State.FAILED, f.state());
        assertEquals("incomplete: disk on fire", f.describe(Instant.now()));
    }

    @Test
    void aRunningStatusWhoseProcessIsGoneIsDead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long gone = p.pid();
        Path dir = status("{\"complete\":false,\"reason\":\"running\",\"running\":true,\"pid\":" + gone + ",\"host\":\""
                + RunDirectory.hostName() + "\",\"heartbeat\":\"" + NOW + "\",\"heartbeatSeconds\":10}");
        RunStatus s = RunStatus.read(dir, NOW); // a fresh heartbeat does not save a process that is gone
        assertEquals(RunStatus.State.DEAD, s.state());
        assertTrue(s.describe(NOW).contains("process " + gone + " is gone"), s.describe(NOW));
    }

    @Test
    void onAnotherHostTheHeartbeatDecides() throws IOException {
        String json = "{\"complete\":false,\"running\":true,\"pid\":12,\"host\":\"elsewhere-node-7\",\"heartbeat\":\"%s\",\"heartbeatSeconds\":10}";
        assertEquals(RunStatus.State.RUNNING, RunStatus.read(status(json.formatted(NOW.minusSeconds(30))), NOW).state());
        RunStatus dead = RunStatus.read(status(json.formatted(NOW.minusSeconds(31))), NOW);
        assertEquals(RunStatus.State.DEAD, dead.state());
        assertTrue(dead.describe(NOW).contains("heartbeat stopped") && dead.describe(NOW).contains("31 s ago"), dead.describe(NOW));
    }

    @Test
    void aStatusWithoutRunningFlagIsAnIncompleteRunAndGarbageIsNamed() throws IOException {
        assertEquals(RunStatus.State.FAILED, RunStatus.read(status("{\"complete\":false,\"reason\":\"x\"}"), NOW).state());
        assertEquals(RunStatus.State.COMPLETE, RunStatus.read(status("{\"complete\":true}"), NOW).state());
        Path bad = status("{\"complete\":\"yes\"}");
        IOException e = assertThrows(IOException.class, () -> RunStatus.read(bad, NOW));
        assertTrue(e.getMessage().contains(bad.resolve("status.json").toString()), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> RunStatus.read(tmp.resolve("nothing"), NOW));
        assertTrue(missing.getMessage().contains("no run status here"), missing.getMessage());
    }

    @Test
    void theHeartbeatRewritesTheStatusUntilTheRunEnds() throws Exception {
        String before = System.getProperty(RunDirectory.HEARTBEAT_PROPERTY);
        System.setProperty(RunDirectory.HEARTBEAT_PROPERTY, "1");
        try {
            RunDirectory dir = RunDirectory.create(tmp.resolve("beat"), false);
            Instant first = RunStatus.read(dir.root(), Instant.now()).heartbeat();
            Instant later = first;
            for (int i = 0; i < 100 && !later.isAfter(first); i++) {
                Thread.sleep(50);
                later = RunStatus.read(dir.root(), Instant.now()).heartbeat();
            }
            assertTrue(later.isAfter(first), "no heartbeat within 5 s of a 1 s interval");
            dir.markComplete();
            String done = Files.readString(dir.status());
            Thread.sleep(1500);
            assertEquals(done, Files.readString(dir.status()), "a finished run's status is final");
        } finally {
            if (before == null) System.clearProperty(RunDirectory.HEARTBEAT_PROPERTY);
            else System.setProperty(RunDirectory.HEARTBEAT_PROPERTY, before);
        }
    }

    @Test
    void aLiveRunCannotBeResumedButADeadOneCan() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Path dir = status("{\"complete\":false,\"running\":true,\"pid\":" + sleeper.pid() + ",\"host\":\""
                    + RunDirectory.hostName() + "\"}");
            ResumeException e = assertThrows(ResumeException.class, () -> RunDirectory.resume(dir));
            assertTrue(e.getMessage().contains("still running (pid " + sleeper.pid()), e.getMessage());
            sleeper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            RunDirectory resumed = RunDirectory.resume(dir);
            assertEquals(RunStatus.State.RUNNING, RunStatus.read(dir, Instant.now()).state());
            resumed.markComplete();
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void aPidReusedByALaterProcessIsNotTheRun() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String json = "{\"complete\":false,\"running\":true,\"pid\":" + sleeper.pid() + ",\"host\":\"" + RunDirectory.hostName()
                    + "\",\"started\":\"%s\"}";
            Instant now = Instant.now();
            // The run started an hour before the process that now holds its pid: a reuse, so the run is dead.
            assertEquals(RunStatus.State.DEAD, RunStatus.read(status(json.formatted(now.minusSeconds(3600))), now).state());
            // Started with (or after) that process: it is the run.
            assertEquals(RunStatus.State.RUNNING, RunStatus.read(status(json.formatted(now.plusSeconds(5))), now).state());
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
