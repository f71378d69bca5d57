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
