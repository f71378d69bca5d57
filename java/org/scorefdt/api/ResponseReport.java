package org.scorefdt.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.ResponsePlot;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.model.Grid;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;

/**
 * Writes the artifacts of a response-validation run into a run directory, optionally under a
 * prefix (one sub-directory per system in the {@code reproduce} job): {@code times.npy}; per method
 * {@code response_<method>.npy} and {@code response_<method>_se.npy} of shape [lags][N][N];
 * {@code report.json} (relative L2 error of every estimate against the exact response, when there is
 * one, and against the perturbed-ensemble truth, L2/L∞ per lag, the reference's noise floor, Stein
 * checks with the conjugate means, and every pair of estimates compared against each reference by
 * {@link ErrorComparison}); {@code errors.csv} (one row per lag and comparison); {@code response.png}
 * (or .svg/.pdf, {@link RunDirectory#plotFormat()}; the paper's panels R_(0,0), R_(2,0), R_(4,0),
 * R_(6,0) relative to the impulse pixel, plus the L2 and L∞ errors against the truth, each with its
 * noise floor, when there is a truth; titles carry system and seed). Every file is written
 * atomically; an incomplete run writes what it has.
 */
final class ResponseReport {
    private final RunDirectory dir;
    private final String prefix;
    private final String title;
    private final String caption;
    private final Grid grid;
    private final int pixel;
    private final ResponseEstimate exact;   // may be null
    private final List<ResponseEstimate> estimates;
    private final ResponseEstimate truth;   // may be null

    /**
     * @param prefix    artifact path prefix, {@code ""} or a sub-directory such as {@code "allen-cahn/"}
     * @param title     first word of the summary line ({@code "OU validation"}, {@code "allen-cahn"})
     * @param caption   added to every plot title: the system and seed ({@code "ou, seed 7"})
     * @param pixel     the impulse pixel y·N + x; panels are shown relative to it
     * @param exact     the exact response, or null where theory has none
     * @param truth     the perturbed-ensemble truth, or null when not computed
     */
    ResponseReport(RunDirectory dir, String prefix, String title, String caption, Grid grid, int pixel, ResponseEstimate exact,
                   List<ResponseEstimate> estimates, ResponseEstimate truth) {
        if (exact == null && estimates.isEmpty() && truth == null) throw new IllegalArgumentException("nothing to report");
        this.dir = dir;
        this.prefix = prefix;
        this.title = title;
        this.caption = caption;
        this.grid = grid;
        this.pixel = pixel;
        this.exact = exact;
        this.estimates = List.copyOf(estimates);
        this.truth = truth;
    }

    /** The OU validation job's report: at the directory root, impulse pixel at the exact response's lag-0 peak. */
    static ResponseReport ou(RunDirectory dir, Grid grid, long seed, ResponseEstimate exact, List<ResponseEstimate> estimates,
                             ResponseEstimate truth) {
        return new ResponseReport(dir, "", "OU validation", caption("ou", seed), grid, argmax(exact.lag(0)), exact, estimates, truth);
    }

    /** The plot caption of a run of {@code system} with {@code seed}. */
    static String caption(String system, long seed) {
        return system + ", seed " + seed;
    }

    /** Writes all artifacts; returns the human-readable summary. */
    String write(boolean complete, String reason) {
        try {
            long n = grid.n();
            NpyWriter.write(dir.npy(prefix + "times"), all().get(0).times());
            for (ResponseEstimate e : all()) {
                NpyWriter.write(dir.npy(prefix + "response_" + e.name()), e.mean(), e.lags(), n, n);
                NpyWriter.write(dir.npy(prefix + "response_" + e.name() + "_se"), e.stderr(), e.lags(), n, n);
                if (e.hasBootstrap()) {
                    NpyWriter.write(dir.npy(prefix + "response_" + e.name() + "_bootstrap_se"), e.bootstrapStderr(), e.lags(), n, n);
                }
            }
            List<ResponseMetrics> metrics = comparisons();
            writeJson(metrics, complete, reason);
            writeCsv(metrics);
            writePlot(metrics);
            return summary(metrics, complete, reason);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + dir.root() + ": " + e.getMessage(), e);
        }
    }

    void writeManifest(RunManifest manifest) {
        try {
            manifest.write(dir.manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.manifest() + ": " + e.getMessage(), e);
        }
    }

    private List<ResponseEstimate> all() {
        List<ResponseEstimate> all = new ArrayList<>();
        if (exact != null) all.add(exact);
        all.addAll(estimates);
        if (truth != null) all.add(truth);
        return all;
    }

    /** Every estimate against the exact answer and against the truth; the truth against the exact answer. */
    List<ResponseMetrics> comparisons() {
        List<ResponseMetrics> out = new ArrayList<>();
        for (ResponseEstimate e : estimates) {
            if (exact != null) out.add(ResponseMetrics.of(e, exact));
            if (truth != null) out.add(ResponseMetrics.of(e, truth));
        }
        if (truth != null && exact != null) out.add(ResponseMetrics.of(truth, exact));
        return out;
    }

    /** Every pair of estimates against the exact response and against the truth (docs/formats.md §7). */
    List<ErrorComparison> pairwise() {
        List<ErrorComparison> out = new ArrayList<>();
        if (exact != null) out.addAll(ErrorComparison.pairwise(estimates, exact));
        if (truth != null) out.addAll(ErrorComparison.pairwise(estimates, truth));
        return out;
    }

    private void writeJson(List<ResponseMetrics> metrics, boolean complete, String reason) throws IOException {
        ObjectNode root = JsonReport.newObject();
        root.put("complete", complete);
        if (reason != null) root.put("incomplete_reason", reason);
        root.put("grid", grid.n());
        root.put("lags", all().get(0).lags());
        ArrayNode comps = root.putArray("comparisons");
        for (ResponseMetrics m : metrics) {
            ObjectNode c = comps.addObject();
            c.put("estimate", m.estimate());
            c.put("reference", m.reference());
            c.put("relative_l2_error", m.relativeL2());
            c.put("mean_l2_error", m.meanL2());
            c.set("l2_error", JsonReport.array(m.l2()));
            c.set("linf_error", JsonReport.array(m.linf()));
            c.set("reference_noise_floor", JsonReport.array(m.noiseFloor()));
        }
        ArrayNode pairs = root.putArray("pairwise");
        for (ErrorComparison c : pairwise()) pairs.add(JsonReport.comparison(c));
        ObjectNode methods = root.putObject("methods");
        for (ResponseEstimate e : all()) {
            ObjectNode o = methods.putObject(e.name());
            o.put("pairs", e.pairs());
            e.stein().ifPresent(s -> {
                o.put("stein_diagonal", s.diagonal());
                o.put("stein_diagonal_stderr", s.diagonalStderr());
                o.put("conjugate_mean", s.conjugateMean());
                o.put("conjugate_mean_stderr", s.conjugateMeanStderr());
            });
        }
        JsonReport.write(dir.json(prefix + "report"), root);
    }

    private void writeCsv(List<ResponseMetrics> metrics) throws IOException {
        CsvTable csv = new CsvTable("estimate", "reference", "lag", "time", "l2_error", "linf_error", "reference_noise_floor");
        for (ResponseMetrics m : metrics) {
            for (int t = 0; t < m.l2().length; t++) {
                csv.addRow(m.estimate(), m.reference(), t, m.times()[t], m.l2()[t], m.linf()[t], m.noiseFloor()[t]);
            }
        }
        csv.write(dir.csv(prefix + "errors"));
    }

    /**
     * Panels R_(0,0), R_(2,0), R_(4,0), R_(6,0) relative to the impulse pixel, with ±2·SE bands; with
     * a truth, two more: the L2 and L∞ error of each estimate against it per lag, each with the truth's
     * noise floor in that norm (‖SE‖₂ and max |SE| per lag).
     */
    private void writePlot(List<ResponseMetrics> metrics) throws IOException {
        int n = grid.n();
        List<ResponsePlot.Series> series = new ArrayList<>();
        for (ResponseEstimate e : all()) {
            boolean noiseless = e == exact;
            series.add(new ResponsePlot.Series(e.name(), roll(e.mean(), e.lags(), pixel),
                    noiseless ? null : roll(e.stderr(), e.lags(), pixel)));
        }
        int[] xs = java.util.stream.IntStream.of(0, 2, 4, 6).filter(x -> x < n).toArray();
        List<ResponsePlot> panels = new ArrayList<>(ResponsePlot.pixelPanels(all().get(0).times(), n, series, xs));
        if (truth != null) {
            ResponsePlot l2 = new ResponsePlot("L2 error vs " + truth.name(), "t", "||R - R_truth||_2");
            ResponsePlot linf = new ResponsePlot("Linf error vs " + truth.name(), "t", "max |R - R_truth|");
            double[] floor = null;
            for (ResponseMetrics m : metrics) {
                if (!m.reference().equals(truth.name())) continue;
                l2.curve(m.estimate(), m.times(), m.l2());
                linf.curve(m.estimate(), m.times(), m.linf());
                floor = m.noiseFloor(); // ‖SE_truth(τ)‖₂, as in report.json
            }
            if (floor != null) {
                l2.curve("truth noise floor", truth.times(), floor);
                linf.curve("truth noise floor", truth.times(), linfFloor(truth));
                panels.add(l2);
                panels.add(linf);
            }
        }
        for (ResponsePlot p : panels) p.caption(caption);
        ResponsePlot.writePanels(dir.plot(prefix + "response"), panels, 2, 760, 420, dir.plotFormat());
    }

    /** max |SE(τ)| of {@code e} per lag: the noise floor of the L∞ error against it. */
    static double[] linfFloor(ResponseEstimate e) {
        double[] se = e.stderr(), out = new double[e.lags()];
        int size = se.length / e.lags();
        for (int t = 0; t < out.length; t++) {
            for (int i = 0; i < size; i++) out[t] = Math.max(out[t], Math.abs(se[t * size + i]));
        }
        return out;
    }

    /** Shifts every lag's field so that {@code origin} lands at (0, 0). */
    private double[] roll(double[] field, int lags, int origin) {
        int n = grid.n(), size = n * n, ox = origin % n, oy = origin / n;
        double[] out = new double[field.length];
        for (int t = 0; t < lags; t++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    out[t * size + y * n + x] = field[t * size + ((y + oy) % n) * n + (x + ox) % n];
                }
            }
        }
        return out;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private String summary(List<ResponseMetrics> metrics, boolean complete, String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append(complete ? title + " complete" : title + " INCOMPLETE: " + reason).append('\n');
        for (ResponseMetrics m : metrics) {
            double floor = 0;
            for (double f : m.noiseFloor()) floor += f / m.noiseFloor().length;
            sb.append(String.format(Locale.ROOT, "  %-22s vs %-18s relative L2 error %.4f   mean L2 %.4f   (reference noise floor %.4f)%n",
                    m.estimate(), m.reference(), m.relativeL2(), m.meanL2(), floor));
        }
        for (ErrorComparison c : pairwise()) sb.append("  ").append(c.verdict()).append('\n');
        if (truth != null) {
            sb.append(String.format(Locale.ROOT, "  truth: %d perturbed/unperturbed pairs%n", truth.pairs()));
        }
        return sb.toString().stripTrailing();
    }
}
