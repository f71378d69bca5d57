package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scorefdt.api.OuValidationJob;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt ou}: the OU SPDE validation job. The effective config is the file (or preset),
 * then command-line overrides; the output directory is created before any computation so that a
 * directory in the way fails fast (exit 2) and nothing in it is overwritten.
 */
@RunOptions.Uses(config = true, precision = true)
@Command(mixinStandardHelpOptions = true, name = "ou", modelTransformer = RunOptions.Fit.class, description = "Run the OU SPDE validation: GFDT response vs the exact e^{Mt} and the perturbed truth.")
public final class OuCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides run.output).")
    String output;

    @Option(names = "--force", description = "Write into an existing non-empty output directory.")
    boolean force;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config file (default: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|paper", description = "Bundled preset instead of a file.")
    String preset;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            OuJobConfig cfg = effective();
            RunDirectory dir = RunDirectory.create(Path.of(cfg.run().output()), force);
            List<String> args = CliSupport.originalArgs(cl);
            return CliSupport.runJob(cl, dir, run, listener -> OuValidationJob.run(cfg, dir, args, listener));
        });
    }

    /** The file (or preset) with the command-line overrides; validated by the config records. */
    OuJobConfig effective() {
        OuJobConfig cfg = base();
        return cfg.withRun(run.apply(cfg.run(), output));
    }

    private OuJobConfig base() {
        if (config != null && preset != null) {
            throw new ConfigException("command line", null, null, "give either --config or --preset, not both");
        }
        if (config != null) return OuJobConfig.load(config);
        if (preset != null && !OuJobConfig.PRESETS.contains(preset)) { // named as the option, not as a config source
            throw new ConfigException("--preset", null, null, "unknown preset '" + preset + "'; allowed: " + String.join(", ", OuJobConfig.PRESETS));
        }
        return OuJobConfig.preset(preset != null ? preset : "small");
    }
}
