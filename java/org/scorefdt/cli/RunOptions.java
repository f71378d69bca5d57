package org.scorefdt.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.Precision;
import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every job command shares, declared once: {@code --seed}, {@code --backend},
 * {@code --threads}, {@code --precision}, {@code -q/--quiet} and {@code --verbose}. A command names
 * those it has with {@link Uses}; {@link Fit} applies them; values are validated by {@link RunConfig};
 * progress goes through {@link #bar}, {@link #listener} and {@link #progress}, silent with
 * {@code --quiet}. Design: docs/architecture.md §5.
 */
public final class RunOptions {

    /** Which shared options a command has, and its defaults. Commands carry it with {@code modelTransformer = RunOptions.Fit.class}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Uses {
        /** The command reads a {@code [run]} table: options not given keep the file's values. */
        boolean config() default false;

        /** Whether the command has {@code --seed}. */
        boolean seed() default true;

        /** {@code --seed} when not given (commands without a config). */
        long seedDefault() default 1;

        /** Whether the command has {@code --backend}. */
        boolean backend() default true;

        /** Whether the command has {@code --threads}. */
        boolean threads() default true;

        /** Whether the command has {@code --precision}. */
        boolean precision() default false;
    }

    static final String SEED = "--seed";
    static final String BACKEND = "--backend";
    static final String THREADS = "--threads";
    static final String PRECISION = "--precision";

    @Option(names = SEED, paramLabel = "SEED", description = "64-bit run seed (default ${DEFAULT-VALUE}).")
    Long seed;

    @Option(names = BACKEND, paramLabel = "auto|cuda|cpu|java", converter = ConfigNameConverter.BackendConverter.class,
            completionCandidates = ConfigNameConverter.BackendNames.class,
            description = "Where arithmetic runs; auto: the fastest tier present (default ${DEFAULT-VALUE}).")
    BackendKind backend;

    @Option(names = THREADS, paramLabel = "N", description = "Worker threads, 0 = all cores (default ${DEFAULT-VALUE}).")
    Integer threads;

    @Option(names = PRECISION, paramLabel = "f64|f32", converter = ConfigNameConverter.PrecisionConverter.class,
            completionCandidates = ConfigNameConverter.PrecisionNames.class,
            description = "Floating-point width of state and kernels (default ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = {"-q", "--quiet"}, description = "No progress bars or progress messages; results and errors only (ou, simulate, train, sample, respond, reproduce, merge: the final line only).")
    boolean quiet;

    @Mixin
    VerboseOption verbose;

    /**
     * Applies the options given on the command line to a {@code [run]} table.
     *
     * @throws ConfigException naming the option when a value is out of range
     */
    RunConfig apply(RunConfig r) {
        try {
            if (seed != null) r = r.withSeed(seed);
            if (backend != null) r = r.withBackend(backend);
            if (precision != null) r = r.withPrecision(precision);
            if (threads != null) r = r.withThreads(threads);
        } catch (ConfigException e) {
            throw Errors.onCommandLine(e);
        }
        return r;
    }

    /** As {@link #apply(RunConfig)}, and {@code -o DIR} when given ({@code null}: the file's {@code run.output}). */
    RunConfig apply(RunConfig r, String output) {
        RunConfig applied = apply(r);
        return output == null ? applied : Errors.options(() -> applied.withOutput(output));
    }

    /**
     * The run settings of a command without a config file: its defaults ({@link Uses}) with the
     * options given; {@code output} is the defaults' and unused (such commands name their own output).
     */
    RunConfig settings() {
        return apply(RunConfig.DEFAULTS.withSeed(0));
    }

    /** Whether progress output is off. */
    boolean quiet() {
        return quiet;
    }

    /** A progress bar on {@code cl}'s error stream; prints nothing at all with {@code --quiet}. */
    ProgressBar bar(CommandLine cl, String label, long total, String unit) {
        return new ProgressBar(CliSupport.errStream(cl), label, total, unit, ProgressBar.detectMode(quiet));
    }

    /** A job listener drawing one progress bar per phase; silent with {@code --quiet}. */
    ConsoleListener listener(CommandLine cl) {
        return new ConsoleListener(CliSupport.errStream(cl), quiet);
    }

    /** A progress message on the error stream ("running …"), unless {@code --quiet}. */
    void progress(CommandLine cl, String line) {
        if (quiet) return;
        cl.getErr().println(line);
        cl.getErr().flush();
    }

    /**
     * Fits the shared options to one command as its {@link Uses} says: removes those it does not
     * have, sets the defaults, and for commands with a config says which key each option overrides.
     */
    public static final class Fit implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            Uses uses = spec.userObject().getClass().getAnnotation(Uses.class);
            if (uses == null) throw new IllegalStateException(spec.userObject().getClass() + " has no @RunOptions.Uses");
            fit(spec, SEED, uses.seed(), uses.config(), String.valueOf(uses.seedDefault()), "run.seed");
            fit(spec, BACKEND, uses.backend(), uses.config(), BackendKind.AUTO.configName(), "run.backend");
            fit(spec, THREADS, uses.threads(), uses.config(), "0", "run.threads");
            fit(spec, PRECISION, uses.precision(), uses.config(), Precision.F64.configName(), "run.precision");
            return spec;
        }

        private static void fit(CommandSpec spec, String name, boolean has, boolean config, String def, String key) {
            OptionSpec o = spec.findOption(name);
            if (o == null) throw new IllegalStateException(spec.name() + " does not mix in RunOptions");
            spec.remove(o);
            if (!has) return;
            OptionSpec.Builder b = o.toBuilder();
            if (config) {
                String d = o.description()[0];
                b.description(d.substring(0, d.indexOf(" (default")) + " (overrides " + key + ").");
            } else {
                b.defaultValue(def);
            }
            spec.addOption(b.build());
        }
    }
}
