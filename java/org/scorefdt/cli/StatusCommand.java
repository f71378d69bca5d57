package org.scorefdt.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.scorefdt.io.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt status DIR}: whether the run in DIR finished, failed, is running, or died (docs/formats.md §4).
 * Exit codes let a scheduler's script act on it: 0 complete, 1 failed or dead, 3 running.
 */
@Command(mixinStandardHelpOptions = true, name = "status",
        description = "Say whether the run in a directory is complete, failed, running or dead (its process gone). "
                + "Exit 0 complete, 1 failed or dead, 3 running.")
public final class StatusCommand implements Callable<Integer> {
    /** Exit code of a run that is still running. */
    public static final int EXIT_RUNNING = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Parameters(index = "0", paramLabel = "DIR", description = "Output directory of an ou, respond or reproduce run.")
    Path dir;

    @Override
    public Integer call() {
        return Errors.guard(spec.commandLine(), () -> {
            Instant now = Instant.now();
            RunStatus s;
            try {
                s = RunStatus.read(dir, now);
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return Main.EXIT_USAGE;
            }
            spec.commandLine().getOut().println(dir + ": " + s.describe(now));
            spec.commandLine().getOut().flush();
            return switch (s.state()) {
                case COMPLETE -> Main.EXIT_OK;
                case RUNNING -> EXIT_RUNNING;
                case FAILED, DEAD -> Main.EXIT_FAILED;
            };
        });
    }
}
