package org.scorefdt.io;

import org.scorefdt.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line plots of response curves against time with mean ± 2·SE bands, rendered off-screen with
 * XChart (no window, so no display is needed) to PNG, SVG or PDF; {@link #writePanels} tiles several
 * plots into one figure. The legend sits right of the axes, never over the data; every curve gets
 * its own colour, dash pattern and width ({@link #style}), so identical curves stay visible; the y
 * range holds every curve and band ({@link #yRange}). Values must be finite. Not thread-safe;
 * distinct instances may render concurrently. Style: docs/formats.md §6. This class leaves
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

    /** How curve {@code i} is drawn: colour, line width and dash pattern ({@code null}: solid). */
    public record Style(Color color, float width, float[] dash) {}

    /** Dash patterns, cycled with a period coprime to the palette's so no two of the first 24 curves match. */
    private static final float[][] DASHES = {null, {9f, 5f}, {2f, 4f}};

    /** Fraction of the data span added above and below, so no curve touches the frame. */
    static final double MARGIN = 0.05;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Curve> curves = new ArrayList<>();
    private boolean logY;
    private String caption;

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

    /** Text added to the title, e.g. the system and seed of the run: {@code "R_(0,0) (ou, seed 7)"}; plain ASCII, which every PDF font has. */
    public ResponsePlot caption(String text) {
        this.caption = text;
        return this;
    }

    /** The title as drawn, with the caption. */
    public String title() {
        return caption == null || caption.isEmpty() ? title : title + " (" + caption + ")";
    }

    /** Builds the XChart chart; exposed so callers can restyle before rendering. */
    public XYChart toChart(int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title())
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        // Outside the plot area: inside, the legend hid the early-time peaks it labels.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendVisible(!curves.isEmpty());
        if (!curves.isEmpty()) {
            // XChart's own range ignores the bands' polygons; the explicit one holds every curve and band.
            double[] y = yRange();
            chart.getStyler().setYAxisMin(y[0]);
            chart.getStyler().setYAxisMax(y[1]);
            double[] x = xRange();
            chart.getStyler().setXAxisMin(x[0]);
            chart.getStyler().setXAxisMax(x[1]);
        }
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
            Color col = style(i).color();
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
            Style st = style(i);
            s.setLineColor(st.color());
            s.setLineStyle(st.dash() == null ? new BasicStroke(st.width())
                    : new BasicStroke(st.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, st.dash(), 0f));
        }
        return chart;
    }

    /**
     * The style of curve {@code i}: colour from the palette, dash pattern cycled with period 3 (coprime to
     * the palette's 8, so the pair repeats only after 24 curves), and widths falling with the index so a
     * later curve drawn over an identical earlier one leaves the earlier one's edges showing.
     */
    public static Style style(int i) {
        if (i < 0) throw new IllegalArgumentException("curve index must be >= 0, got " + i);
        float width = 3.2f - 0.6f * (i % 4);
        return new Style(PALETTE[i % PALETTE.length], width, DASHES[i % DASHES.length]);
    }

    /**
     * The y-axis range {@code [min, max]}: every mean and every band edge mean ± 2·se, widened by
     * {@link #MARGIN} of the span on each side (on a log axis: of the span in decades, over positive
     * values only). A flat set of values gets a span of its magnitude (1 at zero).
     *
     * @throws IllegalStateException when there are no curves, or on a log axis no positive value
     */
    public double[] yRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (int k = 0; k < c.mean.length; k++) {
                double e = c.se == null ? 0 : 2 * Math.abs(c.se[k]);
                for (double v : new double[] {c.mean[k] - e, c.mean[k] + e}) {
                    if (logY && v <= 0) continue;
                    double w = logY ? Math.log10(v) : v;
                    lo = Math.min(lo, w);
                    hi = Math.max(hi, w);
                }
            }
        }
        if (lo > hi) throw new IllegalStateException(curves.isEmpty() ? "no curves" : "no positive value on a log axis");
        double span = hi - lo;
        if (span == 0) span = logY ? 1 : (lo == 0 ? 1 : Math.abs(lo));
        lo -= MARGIN * span;
        hi += MARGIN * span;
        return logY ? new double[] {Math.pow(10, lo), Math.pow(10, hi)} : new double[] {lo, hi};
    }

    /** The x-axis range: first to last abscissa over every curve (a single abscissa gets ±0.5). */
    double[] xRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (double t : c.t) {
                lo = Math.min(lo, t);
                hi = Math.max(hi, t);
            }
        }
        return lo == hi ? new double[] {lo - 0.5, hi + 0.5} : new double[] {lo, hi};
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

    /** As {@link #writePanels(Path, List, int, int, int, PlotFormat)} in PNG. */
    public static void writePanels(Path file, List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight)
            throws IOException {
        writePanels(file, panels, columns, panelWidth, panelHeight, PlotFormat.PNG);
    }

    /**
     * Atomically writes plots tiled row by row into one figure of {@code columns × ceil(n/columns)}
     * panels, each {@code panelWidth × panelHeight} (pixels for PNG, points for SVG and PDF).
     */
    public static void writePanels(Path file, List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight,
                                   PlotFormat format) throws IOException {
        switch (format) {
            case PNG -> writeImage(file, tile(panels, columns, panelWidth, panelHeight));
            case SVG -> AtomicFiles.write(file, out -> writeSvg(out, panels, columns, panelWidth, panelHeight));
            case PDF -> AtomicFiles.write(file, out -> writePdf(out, panels, columns, panelWidth, panelHeight));
        }
    }

    /** Grid of a tiling: {columns, rows}. */
    private static int[] grid(List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight) {
        if (panels.isEmpty()) throw new IllegalArgumentException("no panels to tile");
        if (columns < 1) throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        if (panelWidth < 50 || panelHeight < 50) throw new IllegalArgumentException("plot size too small: " + panelWidth + "x" + panelHeight);
        int cols = Math.min(columns, panels.size());
        return new int[] {cols, (panels.size() + cols - 1) / cols};
    }

    /**
     * Every panel painted into one vector canvas, each shifted to its cell. XChart draws text as
     * outlines, so the SVG also gets a {@code <title>} (the panel titles) and a {@code <desc>} (each
     * panel's curves): searchable, and read by screen readers.
     */
    private static void writeSvg(OutputStream out, List<ResponsePlot> panels, int columns, int w, int h) throws IOException {
        int[] g = grid(panels, columns, w, h);
        VectorGraphics2D vg = new VectorGraphics2D();
        vg.setColor(Color.WHITE); // as the PNG: empty cells white, not transparent
        vg.fillRect(0, 0, g[0] * w, g[1] * h);
        for (int i = 0; i < panels.size(); i++) {
            Graphics2D cell = (Graphics2D) vg.create((i % g[0]) * w, (i / g[0]) * h, w, h);
            try {
                panels.get(i).toChart(w, h).paint(cell, w, h);
            } finally {
                cell.dispose();
            }
        }
        java.io.ByteArrayOutputStream svg = new java.io.ByteArrayOutputStream();
        new SVGProcessor().getDocument(vg.getCommands(), new PageSize(0, 0, g[0] * w, g[1] * h)).writeTo(svg);
        String text = svg.toString(StandardCharsets.UTF_8);
        int at = text.indexOf('>', text.indexOf("<svg")) + 1;
        if (at == 0) throw new IOException("the SVG encoder wrote no <svg> element");
        text = text.substring(0, at) + "\n  <title>" + xml(titles(panels)) + "</title>\n  <desc>" + xml(contents(panels)) + "</desc>"
                + text.substring(at);
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The panel titles, {@code "; "}-separated. */
    private static String titles(List<ResponsePlot> panels) {
        return panels.stream().map(ResponsePlot::title).collect(java.util.stream.Collectors.joining("; "));
    }

    /** Each panel's title and curve names: {@code "R_(0,0): exact, truth; …"}. */
    private static String contents(List<ResponsePlot> panels) {
        return panels.stream().map(p -> p.title() + ": " + p.curves.stream().map(Curve::name)
                .collect(java.util.stream.Collectors.joining(", "))).collect(java.util.stream.Collectors.joining("; "));
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** One PDF page; every panel a form XObject placed at its cell (PDF's origin is bottom left). */
    private static void writePdf(OutputStream out, List<ResponsePlot> panels, int columns, int w, int h) throws IOException {
        int[] g = grid(panels, columns, w, h);
        try (PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setTitle(titles(panels));   // text is drawn as outlines: the
            doc.getDocumentInformation().setSubject(contents(panels)); // words live in the metadata
            PDPage page = new PDPage(new PDRectangle(g[0] * w, g[1] * h));
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                for (int i = 0; i < panels.size(); i++) {
                    PdfBoxGraphics2D pg = new PdfBoxGraphics2D(doc, w, h);
                    try {
                        panels.get(i).toChart(w, h).paint(pg, w, h);
                    } finally {
                        pg.dispose();
                    }
                    cs.saveGraphicsState();
                    cs.transform(Matrix.getTranslateInstance((i % g[0]) * w, (g[1] - 1 - i / g[0]) * h));
                    cs.drawForm(pg.getXFormObject());
                    cs.restoreGraphicsState();
                }
            }
            doc.save(out);
        }
    }

    /** The tiled image of {@link #writePanels}. */
    public static BufferedImage tile(List<ResponsePlot> panels, int columns, int panelWidth, int panelHeight) {
        int[] cr = grid(panels, columns, panelWidth, panelHeight);
        int cols = cr[0], rows = cr[1];
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
