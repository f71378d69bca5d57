package org.scorefdt.cli;

import java.util.Iterator;
import org.scorefdt.io.PlotFormat;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.util.ConfigName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --plot-format png|svg|pdf}: the format of a run's plots, a mixin of the commands that plot
 * ({@code ou}, {@code reproduce}, {@code respond}, {@code merge}). A bad value fails with one line,
 * {@code error: Invalid value for option '--plot-format': "gif" is not a plot format; allowed: png, svg, pdf}.
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

    /** A command-line choice, not a config key: the message names the value and the choices only. */
    static final class Converter implements ITypeConverter<PlotFormat> {
        @Override
        public PlotFormat convert(String value) {
            return ConfigName.find(PlotFormat.class, value).orElseThrow(() -> new TypeConversionException(
                    "\"" + value + "\" is not a plot format; allowed: " + ConfigName.allowed(PlotFormat.class)));
        }
    }

    static final class Names implements Iterable<String> {
        @Override public Iterator<String> iterator() { return ConfigNameConverter.names(PlotFormat.class); }
    }
}
