package org.scorefdt.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.scorefdt.config.ConfigException;
import org.scorefdt.io.OutputExistsException;
import picocli.CommandLine;

/**
 * Maps exceptions to one {@code error: …} line and an exit code. Commands run their bodies through
 * {@link #guard}, so the behaviour is the same whether the CLI is built by {@link Main#newCommandLine()}
 * or by a plain {@code new CommandLine(new Main())} in tests.
 */
final class Errors {
    private Errors() {}

    /** Runs {@code body}; exceptions become an error line and exit code on {@code cl}'s error stream. */
    static int guard(CommandLine cl, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            return report(e, cl.getErr(), verbose(cl));
        }
    }

    /** Prints the error and returns its exit code: 2 for usage/config problems, 1 otherwise. */
    static int report(Exception e, PrintWriter err, boolean verbose) {
        boolean usage = e instanceof ConfigException || e instanceof OutputExistsException
                || e instanceof org.scorefdt.io.ResumeException
                || e instanceof CommandLine.ParameterException;
        String msg = e.getMessage();
        if (e instanceof UncheckedIOException u && u.getCause() != null && msg == null) msg = u.getCause().getMessage();
        if (msg == null || msg.isBlank()) msg = e.getClass().getSimpleName();
        else if (!usage && !(e instanceof UncheckedIOException)) msg = msg + " (" + e.getClass().getSimpleName() + ")";
        err.println("error: " + msg);
        if (verbose) e.printStackTrace(err);
        else if (!usage) err.println("(run with --verbose for the stack trace)");
        err.flush();
        return usage ? Main.EXIT_USAGE : Main.EXIT_FAILED;
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
