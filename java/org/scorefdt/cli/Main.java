package org.scorefdt.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.scorefdt.io.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt}: the command-line front end, a thin user of the library API.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILED} the run failed or is incomplete;
 * {@value #EXIT_USAGE} usage or configuration error (bad option, invalid config, output directory in
 * the way) — nothing was run. Errors print one {@code error: …} line on standard error; the stack
 * trace only with {@code --verbose}. Results go to standard output, progress to standard error.
 */
@Command(name = "scorefdt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Linear response of stochastic systems from the score, via the generalized FDT.",
        subcommands = {ConfigCommand.class, OuCommand.class, SimulateCommand.class, TrainCommand.class, SampleCommand.class,
                RespondCommand.class, ReproduceCommand.class, MergeCommand.class, BenchCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The run failed or finished incomplete. */
    public static final int EXIT_FAILED = 1;
    /** Usage or configuration error; nothing ran. */
    public static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    /** Without a subcommand: print usage and fail, since nothing was asked for. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        Logging.configure(java.util.Arrays.asList(args)); // before any logger exists
        // Plots render off-screen; headless keeps AWT from reaching for a display (a stale DISPLAY on a
        // server would fail). The process is the CLI's own, so it may choose; library classes never do.
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        CommandLine cl = newCommandLine();
        int code;
        try {
            code = cl.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) { // outside any command's guard (e.g. while parsing)
            code = Errors.report(e, cl.getErr(), java.util.Arrays.asList(args).contains("--verbose"));
        }
        System.exit(code);
    }

    /**
     * A configured command line: usage errors print one {@code error:} line plus a hint instead of
     * the full usage text. Tests may equally use {@code new CommandLine(new Main())}.
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println("error: " + ex.getMessage());
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return EXIT_USAGE;
        });
        // Errors are normally handled inside each command (see Errors); this catches anything else.
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> Errors.report(ex, c.getErr(), Errors.verbose(c)));
        return cl;
    }

    /** {@code scorefdt --version}: tool version, commit, Java and OS. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "scorefdt " + BuildInfo.version() + " (commit " + BuildInfo.gitCommit() + ")",
                "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
        }
    }
}
