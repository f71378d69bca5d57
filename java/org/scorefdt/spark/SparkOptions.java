package org.scorefdt.spark;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The command-line options every Spark job has (a picocli mixin): output, partitions, master, quiet; and the drive. */
final class SparkOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides run.output).")
    String output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Option(names = "--partitions", paramLabel = "N", required = true,
            description = "Spark tasks: member ranges of the run (1 … the config's block boundaries).")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when spark-submit does not set one (e.g. 'local[2]').")
    String master;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    /** {@link SparkStages#drive} with these options into {@code out}. */
    int drive(CommandLine cl, String app, Path out, boolean verbose, SparkStages.DriverJob job) {
        return SparkStages.drive(cl, app, master, out, force, quiet, verbose, job);
    }
}
