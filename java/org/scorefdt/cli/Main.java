package org.scorefdt.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.scorefdt.api.JobResult;
import org.scorefdt.io.BuildInfo;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt}: the command-line front end, a thin user of the library API.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILED} the run failed or is incomplete;
 * {@value #EXIT_USAGE} usage or configuration error (bad option, invalid config, output directory in
 * the way) — nothing was run; {@code status} adds 3, still running. Every {@code --help} lists them
 * ({@link #exitCodes}). Errors print one {@code error: …} line on standard error; the stack
 * trace only with {@code --verbose}. Results go to standard output, progress to standard error;
 * {@code -q} drops the progress, and for {@code ou}, {@code simulate}, {@code train} and
 * {@code sample} every result line but the last.
 */
@Command(name = "scorefdt", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Linear response of stochastic systems from the score, via the generalized FDT.",
        subcommands = {ConfigCommand.class, OuCommand.class, SimulateCommand.class, TrainCommand.class, SampleCommand.class,
                RespondCommand.class, ReproduceCommand.class, MergeCommand.class, BenchCommand.class, StatusCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The run failed or finished incomplete. */
    public static final int EXIT_FAILED = 1;
    /** Usage or configuration error; nothing ran. */
    public static final int EXIT_USAGE = 2;

    /**
     * A finished job on the command line, for every command and the Spark jobs alike: its summary and
     * output directory on standard output, an incomplete run's one error line; the exit code.
     */
    public static int report(CommandLine cl, JobResult result) {
        cl.getOut().println(result.summary());
        cl.getOut().println("output: " + result.outputDir());
        cl.getOut().flush();
        if (!result.complete()) {
            cl.getErr().println("error: run incomplete; see " + result.outputDir().resolve(RunDirectory.STATUS));
            cl.getErr().flush();
            return EXIT_FAILED;
        }
        return EXIT_OK;
    }

    /** Commands whose {@code -q} output is their final line alone: the one a script reads (issue 15). */
    static final Set<String> FINAL_LINE_WHEN_QUIET = Set.of("ou", "simulate", "train", "sample", "respond", "reproduce", "merge");

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
        cl.setExecutionStrategy(Main::execute);
        exitCodes(cl);
        return cl;
    }

    /**
     * The exit codes in every command's {@code --help}, from the constants the commands return (the
     * {@code status} command adds its own).
     */
    static void exitCodes(CommandLine cl) {
        Map<String, String> codes = new LinkedHashMap<>();
        boolean status = cl.getCommand() instanceof StatusCommand;
        codes.put(" " + EXIT_OK, status ? "The run is complete." : "Success.");
        codes.put(" " + EXIT_FAILED, status ? "The run failed, or its process died." : "The run failed or finished incomplete.");
        codes.put(" " + EXIT_USAGE, "Usage or configuration error (bad option, invalid config, output in the way); nothing ran.");
        if (status) codes.put(" " + StatusCommand.EXIT_RUNNING, "The run is still running.");
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) exitCodes(sub);
    }

    /**
     * picocli's {@link CommandLine.RunLast}, except that {@code -q} on a command of
     * {@link #FINAL_LINE_WHEN_QUIET} keeps only the last line of its standard output. Standard error
     * is left alone: under {@code -q} only an error line reaches it.
     */
    private static int execute(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) last = last.subcommand();
        CommandLine c = last.commandSpec().commandLine();
        boolean finalLineOnly = FINAL_LINE_WHEN_QUIET.contains(last.commandSpec().name()) && last.hasMatchedOption("--quiet")
                && !last.isUsageHelpRequested() && !last.isVersionHelpRequested();
        if (!finalLineOnly) return new CommandLine.RunLast().execute(parsed);
        // The root's writer is created lazily and, once created, handed down to every subcommand:
        // create it now, or it would replace the buffer below on its first use.
        parsed.commandSpec().commandLine().getOut();
        PrintWriter real = c.getOut();
        StringWriter buffer = new StringWriter();
        c.setOut(new PrintWriter(buffer, true));
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            c.setOut(real);
            buffer.toString().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).ifPresent(real::println);
            real.flush();
        }
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
