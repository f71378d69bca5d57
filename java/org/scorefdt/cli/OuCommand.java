package org.scorefdt.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.scorefdt.api.JobResult;
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
@Command(name = "ou", description = "Run the OU SPDE validation: GFDT response vs the exact e^{Mt} and the perturbed truth.")
public final class OuCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML config file (default: the small preset).")
    Path config;

    @Option(names = "--preset", paramLabel = "small|paper", description = "Bundled preset instead of a file.")
    String preset;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            OuJobConfig cfg = common.apply(effectiveBase());
            RunDirectory dir = RunDirectory.create(Path.of(cfg.run().output()), common.force);
            List<String> args = originalArgs(cl);
            JobResult result;
            try (ConsoleListener listener = new ConsoleListener(errStream(), common.quiet)) {
                result = OuValidationJob.run(cfg, dir, args, listener);
            } catch (RuntimeException e) {
                // Leave a visible trace in the directory of why the run stopped.
                try {
                    dir.markIncomplete(String.valueOf(e.getMessage()));
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            cl.getOut().println(result.summary());
            cl.getOut().println("output: " + result.outputDir());
            cl.getOut().flush();
            if (!result.complete()) {
                cl.getErr().println("error: run incomplete; see " + result.outputDir().resolve(RunDirectory.STATUS));
                cl.getErr().flush();
                return Main.EXIT_FAILED;
            }
            return Main.EXIT_OK;
        });
    }

    private OuJobConfig effectiveBase() {
        if (config != null && preset != null) {
            throw new ConfigException("command line", null, null, "give either --config or --preset, not both");
        }
        if (config != null) return OuJobConfig.load(config);
        return OuJobConfig.preset(preset != null ? preset : "small");
    }

    /** The progress bar needs a PrintStream; picocli's err is a PrintWriter over it. */
    private java.io.PrintStream errStream() {
        java.io.PrintWriter w = spec.commandLine().getErr();
        return new java.io.PrintStream(new java.io.OutputStream() {
            @Override public void write(int b) { w.write(b); }
            @Override public void write(byte[] b, int off, int len) {
                w.write(new String(b, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }
            @Override public void flush() { w.flush(); }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<String> originalArgs(CommandLine cl) {
        CommandLine root = cl;
        while (root.getParent() != null) root = root.getParent();
        return root.getParseResult() == null ? List.of() : List.copyOf(root.getParseResult().originalArgs());
    }
}
