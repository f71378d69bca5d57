package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;

/** {@code scorefdt status DIR}: one line and an exit code a scheduler's script can act on (docs/formats.md §4). */
class StatusCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int status(Path dir) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute("status", dir.toString());
    }

    @Test
    void completeRunningFailedAndDeadRunsGetTheirExitCodes() throws Exception {
        RunDirectory live = RunDirectory.create(tmp.resolve("live"), false);
        assertEquals(StatusCommand.EXIT_RUNNING, status(live.root()));
        assertTrue(out.toString().contains(": running (pid " + ProcessHandle.current().pid()), out.toString());
        live.markComplete();
        assertEquals(Main.EXIT_OK, status(live.root()));
        assertTrue(out.toString().contains(": complete"), out.toString());

        RunDirectory failed = RunDirectory.create(tmp.resolve("failed"), false);
        failed.markIncomplete("simulation diverged at step 12");
        assertEquals(Main.EXIT_FAILED, status(failed.root()));
        assertTrue(out.toString().contains("incomplete: simulation diverged at step 12"), out.toString());

        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Path dead = Files.createDirectories(tmp.resolve("dead"));
        Files.writeString(dead.resolve(RunDirectory.STATUS), "{\"complete\":false,\"running\":true,\"pid\":" + p.pid()
                + ",\"host\":\"" + RunDirectory.hostName() + "\"}");
        assertEquals(Main.EXIT_FAILED, status(dead));
        assertTrue(out.toString().contains("dead: the run says it is running but process " + p.pid() + " is gone"), out.toString());
    }

    @Test
    void aDirectoryWithoutStatusIsAUsageErrorNamingTheFile() {
        assertEquals(Main.EXIT_USAGE, status(tmp.resolve("nothing")));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("status.json")
                && err.toString().contains("no run status here"), err.toString());
    }
}
