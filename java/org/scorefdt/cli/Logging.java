package org.scorefdt.cli;

import java.util.List;

/**
 * The log level of a CLI run. The library logs through SLF4J; the runnable jar binds slf4j-simple,
 * which reads its level once, from system properties, when the first logger is created. The CLI
 * prints what matters itself (backend line, progress, summary), so library INFO lines would repeat
 * it: a run logs warnings only ({@code -q}: errors only), {@code --verbose} logs everything down to DEBUG. An explicit
 * {@code -Dorg.slf4j.simpleLogger.defaultLogLevel=…} always wins.
 *
 * <p>{@link Main#main} sets the level from the arguments before anything else runs (no logger
 * exists yet then); the {@code --verbose} option sets it again while parsing, which is what an
 * embedding that builds its own {@code CommandLine} before any logging gets. {@code spark.SparkOuJob}'s
 * entry point calls it too: Spark's INFO chatter on the driver's terminal is noise.
 */
public final class Logging {
    /** The slf4j-simple property holding the default level. */
    static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    /** Level of a normal run. */
    static final String NORMAL = "warn";
    /** Level with {@code --verbose}. */
    static final String VERBOSE = "debug";
    /** Level with {@code -q} (without {@code --verbose}): errors only, so the final result line stands alone. */
    static final String QUIET = "error";

    /** The level was given with {@code -D} (or by an embedding) before the CLI ran: it is never overridden. */
    private static final boolean EXPLICIT = System.getProperty(LEVEL_PROPERTY) != null;

    private Logging() {}

    /** Sets the level of this run from the raw arguments; called first thing by {@link Main#main}. */
    public static void configure(List<String> args) {
        if (EXPLICIT) return;
        boolean quiet = args.contains("-q") || args.contains("--quiet");
        System.setProperty(LEVEL_PROPERTY, args.contains("--verbose") ? VERBOSE : quiet ? QUIET : NORMAL);
    }

    /** {@code --verbose} was parsed: log everything from now on (unless a {@code -D} setting decides). */
    static void verbose() {
        if (!EXPLICIT) System.setProperty(LEVEL_PROPERTY, VERBOSE);
    }

    /** The level that loggers created from now on get. */
    static String level() {
        String p = System.getProperty(LEVEL_PROPERTY);
        return p == null ? "info" : p; // slf4j-simple's own default
    }
}
