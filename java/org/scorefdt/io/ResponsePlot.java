package org.scorefdt.io;

import org.scorefdt.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots of response curves against time with mean ± 2·SE bands, rendered off-screen to PNG with
 * XChart (into a {@code BufferedImage}: no window, so no display is needed); {@link #writePanels} tiles several plots into one image. Values must be finite. Not
 * thread-safe; distinct instances may render concurrently. Style: docs/formats.md §6. This class leaves
 * {@code java.awt.headless} to its host JVM (docs/architecture.md §1): the CLI sets it.
 */
public final class ResponsePlot {
    /** Colour-blind-safe palette (Okabe–Ito), cycled by curve index. */
    private static final Color[] PALETTE = {
        new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00), new Color(0x00, 0x9E, 0x73),
        new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00), new Color(0x56, 0xB4, 0xE9),
        new Color(0x00, 0x00, 0x00), new Color(0xF0, 0xE4, 0x42)};

    /**
     * One method's response, for {@link #pixelPanels}.
     *
     * @param name name in the legend
     * @param mean C-order array of shape (lags, n, n): [lag][y][x]
     * @param se   standard errors of the same shape, or {@code null} for no band
     */
    public record Series(String name, double[] mean, double[] se) {}

    private record Curve(String name, double[] t, double[] mean, double[] se) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Curve> curves = new ArrayList<>();
    private boolean logY;

    /** A plot with no curves yet. */
    public ResponsePlot(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Adds a named curve.
     *
     * @param t    abscissae (time)
     * @param mean values at {@code t}
     * @param se   standard errors at {@code t}, or {@code null}: draws the band mean ± 2·se
     * @throws IllegalArgumentException on length mismatch, duplicate name or non-finite values
     */
    public ResponsePlot curve(String name, double[] t, double[] mean, double[] se) {
        if (t.length != mean.length || (se != null && se.length != t.length)) {
            throw new IllegalArgumentException("curve '" + name + "': t, mean and se must have equal lengths ("
                    + t.length + ", " + mean.length + ", " + (se == null ? "-" : se.length) + ")");
        }
        if (t.length == 0) throw new IllegalArgumentException("curve '" + name + "' is empty");
        for (Curve c : curves) {
            if (c.name.equals(name)) throw new IllegalArgumentException("duplicate curve name '" + name + "'");
        }
        requireFinite(name, t);
        requireFinite(name, mean);
        if (se != null) requireFinite(name, se);
        curves.add(new Curve(name, t.clone(), mean.clone(), se == null ? null : se.clone()));
        return this;
    }

    /** Adds a curve without error band. */
    public ResponsePlot curve(String name, double[] t, double[] mean) {
        return curve(name, t, mean, null);
    }

    /** Logarithmic y axis (for error norms); values must then be positive. */
    public ResponsePlot logY(boolean on) {
        this.logY = on;
        return this;
    }

    /** Builds the XChart chart; exposed so callers can restyle before rendering. */
    public XYChart toChart(int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendVisible(!curves.isEmpty());
        if (curves.isEmpty()) {
            // XChart cannot render an empty chart; an invisible point keeps the axes.
            XYSeries s = chart.addSeries(" ", new double[] {0}, new double[] {logY ? 1 : 0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        // Bands first, so every line is drawn on top of every band.
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            if (c.se == null) continue;
            Color col = PALETTE[i % PALETTE.length];
            int n = c.t.length;
            double[] bx = new double[2 * n];
            double[] by = new double[2 * n];
            for (int k = 0; k < n; k++) {
                bx[k] = c.t[k];
                by[k] = c.mean[k] + 2 * c.se[k];
                bx[2 * n - 1 - k] = c.t[k];
                by[2 * n - 1 - k] = c.mean[k] - 2 * c.se[k];
            }
            XYSeries band = chart.addSeries(c.name + " \u00b12SE", bx, by);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 60));
            band.setLineColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 0));
            band.setShowInLegend(false);
        }
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            XYSeries s = chart.addSeries(c.name, c.t, c.mean);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[i % PALETTE.length]);
            s.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }

    /** Renders to an image of exactly {@code width × height} pixels. */
    public BufferedImage render(int width, int height) {
        if (width < 50 || height < 50) throw new IllegalArgumentException("plot size too small: " + width + "x" + height);
        return BitmapEncoder.getBufferedImage(toChart(width, height));
    }

    /** Atomically writes a {@code width × height} PNG. */
    public void writePng(Path file, int width, int height) throws IOException {
        writeImage(file, render(width, height));
    }

    /**
     * Tiles plots row by row into one PNG of {@code columns × ceil(n/columns)} panels, each
     * {@code panelWidth × panelHeight}.
     */
    public static void writePanels(Path file, List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight)
            throws IOException {
        writeImage(file, tile(panels, columns, panelWidth, panelHeight));
    }

    /** The tiled image of {@link #writePanels}. */
    public static BufferedImage tile(List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight) {
        if (panels.isEmpty()) throw new IllegalArgumentException("no panels to tile");
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * panelWidth, rows * panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                g.drawImage(panels.get(i).render(panelWidth, panelHeight),
                        (i % cols) * panelWidth, (i / cols) * panelHeight, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * One panel per pixel (x, 0) along +x — the paper's R_(0,0), R_(2,0), R_(4,0), R_(6,0) for
     * {@code xs = 0, 2, 4, 6} — with one curve (and band) per method.
     *
     * @param t       lag times, length {@code lags}
     * @param n       grid size N
     * @param methods responses of shape (lags, n, n), C order
     * @param xs      pixel columns to show; each in [0, n)
     */
    public static List<ResponsePlot> pixelPanels(double[] t, int n, List<Series> methods, int... xs) {
        int lags = t.length;
        List<ResponsePlot> panels = new ArrayList<>();
        for (int x : xs) {
            if (x < 0 || x >= n) throw new IllegalArgumentException("pixel x = " + x + " outside [0, " + n + ")");
            ResponsePlot p = new ResponsePlot("R_(" + x + ",0)", "t", "response");
            for (Series s : methods) {
                if (s.mean().length != lags * n * n || (s.se() != null && s.se().length != lags * n * n)) {
                    throw new IllegalArgumentException("series '" + s.name() + "' must have shape (" + lags + ", "
                            + n + ", " + n + ")");
                }
                double[] m = new double[lags];
                double[] e = s.se() == null ? null : new double[lags];
                for (int k = 0; k < lags; k++) {
                    int idx = k * n * n + x; // row y = 0
                    m[k] = s.mean()[idx];
                    if (e != null) e[k] = s.se()[idx];
                }
                p.curve(s.name(), t, m, e);
            }
            panels.add(p);
        }
        return panels;
    }

    private static void writeImage(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer available");
        });
    }

    private static void requireFinite(String name, double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) throw new IllegalArgumentException("curve '" + name + "' has a non-finite value " + x);
        }
    }
}
