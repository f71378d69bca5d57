package org.scorefdt.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.scorefdt.config.ConfigException;
import org.scorefdt.io.OutputExistsException;
import org.scorefdt.util.IoErrors;
import picocli.CommandLine;

/**
 * Maps exceptions to one {@code error: …} line and an exit code. Commands run their bodies through
 * {@link #guard}, so the behaviour is the same whether the CLI is built by {@link Main#newCommandLine()}
 * or by a plain {@code new CommandLine(new Main())} in tests. Public for the entry points outside this
 * package ({@code spark.SparkOuJob}), which answer errors as the CLI does.
 */
public final class Errors {
    private Errors() {}

    /** Runs {@code body}; exceptions become an error line and exit code on {@code cl}'s error stream. */
    public static int guard(CommandLine cl, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            // Errors too: a user given a bad size or a pathological file gets the problem, not a trace.
            return report(e, cl.getErr(), verbose(cl));
        }
    }

    /** Prints the error and returns its exit code: 2 for usage/config problems, 1 otherwise. */
    static int report(Throwable e, PrintWriter err, boolean verbose) {
        if (e instanceof Error) return reportError((Error) e, err, verbose);
        boolean usage = e instanceof ConfigException || e instanceof OutputExistsException
                || e instanceof org.scorefdt.io.ResumeException
                || e instanceof CommandLine.ParameterException;
        String msg = e.getMessage();
        if (e instanceof UncheckedIOException u && u.getCause() != null) msg = IoErrors.describe(u.getCause());
        else if (e instanceof java.io.IOException io) msg = IoErrors.describe(io);
        // The class name is only a last resort, for an exception that carries no message at all.
        if (msg == null || msg.isBlank()) msg = "internal error (" + e.getClass().getSimpleName() + ")";
        err.println("error: " + oneLine(msg));
        if (verbose) e.printStackTrace(err);
        else if (!usage) err.println("(run with --verbose for the stack trace)");
        err.flush();
        return usage ? Main.EXIT_USAGE : Main.EXIT_FAILED;
    }

    /**
     * Errors the JVM raises: out of memory and stack overflow are explained in words (what to change),
     * with exit code 1; the trace only with {@code --verbose}. Anything else is not ours to handle.
     */
    private static int reportError(Error e, PrintWriter err, boolean verbose) {
        String msg;
        if (e instanceof OutOfMemoryError) {
            long max = Runtime.getRuntime().maxMemory();
            msg = "out of memory (the JVM may use " + (max >> 20) + " MiB): raise -Xmx or make the run smaller"
                    + " (fewer --members, a smaller grid or fewer snapshots)";
        } else if (e instanceof StackOverflowError) {
            msg = "stack overflow: the input is nested too deeply or is recursive";
        } else {
            throw e;
        }
        err.println("error: " + msg);
        if (verbose) e.printStackTrace(err);
        else err.println("(run with --verbose for the stack trace)");
        err.flush();
        return Main.EXIT_FAILED;
    }

    /** Messages are one line: a multi-line cause (e.g. a parser's excerpt) is joined. */
    static String oneLine(String msg) {
        return msg.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * A validation error of a value given on the command line, pointed at its option: the key's last
     * part spelled as an option ({@code respond.truth_pairs} → {@code --truth-pairs}), so the message
     * reads {@code --truth-pairs: key 'respond.truth_pairs' = 1: must be >= 2}.
     */
    static ConfigException onCommandLine(ConfigException e) {
        if (e.source() != null || e.key() == null) return e.source() != null ? e : e.at("command line", 0, 0);
        String k = e.key();
        String last = k.substring(k.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        if (bracket >= 0) last = last.substring(0, bracket);
        return e.at("--" + last.replace('_', '-'), 0, 0);
    }

    /** Runs {@code build} (a config record's constructor); its validation errors name the option. */
    static <T> T options(java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            throw onCommandLine(e);
        }
    }

    /** Runs {@code check} (a config record's check); its validation errors name the option. */
    static void check(Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            throw onCommandLine(e);
        }
    }

    /** Whether {@code --verbose} was given anywhere on the command line. */
    static boolean verbose(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) root = root.getParent();
        CommandLine.ParseResult pr = root.getParseResult();
        for (; pr != null; pr = pr.subcommand()) {
            if (pr.hasMatchedOption("--verbose")) return true;
        }
        return false;
    }
}
