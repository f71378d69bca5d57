package org.scorefdt.config;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;

/**
 * The {@code [run]} table: reproducibility and where the run executes and writes.
 *
 * @param seed      the one 64-bit run seed; every random stream is derived from it by counters
 * @param backend   where arithmetic runs ({@code auto} picks the fastest tier present)
 * @param precision floating-point width of state and kernels
 * @param threads   worker threads for CPU tiers, {@code >= 0}; 0 means all available cores
 * @param output    output directory for artifacts (relative paths resolve against the working directory)
 * @throws ConfigException when a value is out of range
 */
public record RunConfig(long seed, BackendKind backend, Precision precision, int threads, String output) {

    /** Defaults of the small OU run. */
    public static final RunConfig DEFAULTS = new RunConfig(20240214L, BackendKind.AUTO, Precision.F64, 0, "runs/ou-small");

    public RunConfig {
        Check.notNull("run.backend", backend);
        Check.notNull("run.precision", precision);
        Check.inRange("run.threads", threads, 0, Check.maxThreads()); // the cap: 8 per core, at least 64
        Check.notNull("run.output", output);
        if (output.isBlank()) throw ConfigException.invalid("run.output", output, "must be a non-empty path");
    }

    /** Copy with another seed (used for CLI overrides). */
    public RunConfig withSeed(long s) { return new RunConfig(s, backend, precision, threads, output); }

    /** Copy with another backend. */
    public RunConfig withBackend(BackendKind b) { return new RunConfig(seed, b, precision, threads, output); }

    /** Copy with another precision. */
    public RunConfig withPrecision(Precision p) { return new RunConfig(seed, backend, p, threads, output); }

    /** Copy with another thread count. */
    public RunConfig withThreads(int t) { return new RunConfig(seed, backend, precision, t, output); }

    /** Copy with another output directory. */
    public RunConfig withOutput(String o) { return new RunConfig(seed, backend, precision, threads, o); }
}
