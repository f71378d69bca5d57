package org.scorefdt.io;

import org.scorefdt.util.ConfigName;

/**
 * The file format of a run's plots: PNG (raster, the default) or SVG/PDF (vector, through XChart's
 * vector encoders), chosen on the command line with {@code --plot-format} or by an embedder with
 * {@link RunDirectory#plotFormat(PlotFormat)}.
 */
public enum PlotFormat implements ConfigName {
    PNG, SVG, PDF;

    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The file extension, without the dot. */
    public String extension() {
        return configName();
    }
}
