package org.scorefdt.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: stack traces with errors and more logging (see {@link Logging}). A mixin of
 * {@link RunOptions}, and of the commands that run no job ({@code scorefdt} itself, {@code config});
 * {@link Errors#verbose} finds it on any level of the command line.
 */
public final class VerboseOption {
    boolean verbose;

    @Option(names = "--verbose", description = "More logging (DEBUG) and stack traces with errors.")
    void verbose(boolean on) {
        verbose = on;
        if (on) Logging.verbose();
    }

    /** Whether {@code --verbose} was given to this command. */
    public boolean on() {
        return verbose;
    }
}
