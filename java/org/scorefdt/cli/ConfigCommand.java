package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.scorefdt.config.OuJobConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code scorefdt config print|check}: show the templates and validate files without running anything. */
@Command(mixinStandardHelpOptions = true, name = "config", description = "Print a config template or check a config file.",
        subcommands = {ConfigCommand.Print.class, ConfigCommand.Check.class})
public final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    /** {@code config print [small|paper]}: the complete effective TOML of a preset, with comments. */
    @Command(mixinStandardHelpOptions = true, name = "print", description = "Print the complete TOML of a preset (default: small).")
    public static final class Print implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        VerboseOption verbose;

        @Parameters(index = "0", arity = "0..1", defaultValue = "small", paramLabel = "small|paper",
                description = "Preset: ${COMPLETION-CANDIDATES}", completionCandidates = Presets.class)
        String preset;

        @Override
        public Integer call() {
            return Errors.guard(spec.commandLine(), () -> {
                spec.commandLine().getOut().print(OuJobConfig.preset(preset).toToml());
                spec.commandLine().getOut().flush();
                return Main.EXIT_OK;
            });
        }
    }

    /** {@code config check FILE}: load and validate; exit 0 and "OK", or exit 2 and the error. */
    @Command(mixinStandardHelpOptions = true, name = "check", description = "Load and validate a config file of any job (ou or reproduce, told from its tables); print OK or the first error.")
    public static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        VerboseOption verbose;

        @Parameters(index = "0", paramLabel = "FILE", description = "TOML config file.")
        Path file;

        @Override
        public Integer call() {
            return Errors.guard(spec.commandLine(), () -> {
                var checked = org.scorefdt.config.JobConfigs.check(file);
                spec.commandLine().getOut().println("OK: " + file + " (" + checked.job() + " config)");
                spec.commandLine().getOut().flush();
                return Main.EXIT_OK;
            });
        }
    }

    /** Preset names for help text and shell completion. */
    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return OuJobConfig.PRESETS.iterator();
        }
    }
}
