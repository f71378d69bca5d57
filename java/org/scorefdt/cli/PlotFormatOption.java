package org.scorefdt.cli;

import java.util.Iterator;
import org.scorefdt.io.PlotFormat;
import org.scorefdt.io.RunDirectory;
import picocli.CommandLine.Option;

/**
 * {@code --plot-format png|svg|pdf}: the format of a run's plots, a mixin of the commands that plot
 * ({@code ou}, {@code reproduce}, {@code respond}, {@code merge}). A bad value fails with picocli's one
 * line, {@code Invalid value for option '--plot-format': key '--plot-format' = "gif": must be one of png, svg, pdf}.
 */
public final class PlotFormatOption {
    @Option(names = "--plot-format", paramLabel = "png|svg|pdf", converter = Converter.class,
            completionCandidates = Names.class, defaultValue = "png",
            description = "Format of the plots: png, or svg/pdf for vector graphics (default ${DEFAULT-VALUE}).")
    PlotFormat format = PlotFormat.PNG;

    /** {@code dir} with this format for its plots. */
    RunDirectory applyTo(RunDirectory dir) {
        return dir.plotFormat(format);
    }

    static final class Converter extends ConfigNameConverter<PlotFormat> {
        Converter() { super(PlotFormat.class, "--plot-format"); }
    }

    static final class Names implements Iterable<String> {
        @Override public Iterator<String> iterator() { return ConfigNameConverter.names(PlotFormat.class); }
    }
}
