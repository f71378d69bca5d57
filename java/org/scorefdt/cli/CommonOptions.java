package org.scorefdt.cli;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.Precision;
import picocli.CommandLine.Option;

/**
 * Options shared by the job commands; each overrides the matching {@code [run]} key of the config.
 * Values are validated by the config records, so the command line obeys the same ranges as files;
 * enum values are parsed by {@link ConfigNameConverter}, with the spellings and message of the file.
 */
public final class CommonOptions {
    @Option(names = "--backend", paramLabel = "auto|cuda|cpu|java", converter = ConfigNameConverter.BackendConverter.class,
            completionCandidates = ConfigNameConverter.BackendNames.class,
            description = "Where arithmetic runs (overrides run.backend).")
    BackendKind backend;

    @Option(names = "--precision", paramLabel = "f64|f32", converter = ConfigNameConverter.PrecisionConverter.class,
            completionCandidates = ConfigNameConverter.PrecisionNames.class,
            description = "Floating-point width of state and kernels (overrides run.precision).")
    Precision precision;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads, 0 = all cores (overrides run.threads).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "SEED", description = "64-bit run seed (overrides run.seed).")
    Long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides run.output).")
    String output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or messages; only a final line per phase.")
    boolean quiet;

    /**
     * Applies the overrides given on the command line.
     *
     * @throws ConfigException naming the option when a value is invalid
     */
    OuJobConfig apply(OuJobConfig cfg) {
        return cfg.withRun(apply(cfg.run()));
    }

    /** Applies the overrides to a {@code [run]} table (any job's). */
    RunConfig apply(RunConfig r) {
        if (backend != null) r = r.withBackend(backend);
        if (precision != null) r = r.withPrecision(precision);
        try {
            if (threads != null) r = r.withThreads(threads);
        } catch (ConfigException e) {
            throw e.at("--threads", 0, 0);
        }
        if (seed != null) r = r.withSeed(seed);
        try {
            if (output != null) r = r.withOutput(output);
        } catch (ConfigException e) {
            throw e.at("--output", 0, 0);
        }
        return r;
    }
}
