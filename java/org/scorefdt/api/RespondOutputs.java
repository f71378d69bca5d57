package org.scorefdt.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.ResponsePlot;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;
import org.scorefdt.score.ScoreDiagnostics;

/**
 * The outputs of {@code respond}: curves (NPY), report.json, errors.csv and the response plot, from
 * a comparison's result and the job. One writer for the whole run and for the merge of its shards,
 * so both write the same bytes.
 */
public final class RespondOutputs {
    private RespondOutputs() {}

    /** Writes curves, report.json, errors.csv and the response plot; returns the one-line verdict. */
    public static String write(RunDirectory dir, ResponseComparison.Result r, RespondJob job, int d) throws Exception {
        String learned = job.learnedName(), system = job.system();
        int component = job.settings().component();
        long seed = job.seed();
        boolean amplitudeCorrection = job.settings().amplitudeCorrection(), cyclic = job.settings().cyclic();
        ResponseEstimate truth = r.truth();
        NpyWriter.write(dir.npy("times"), truth.times());
        List<ResponseEstimate> all = new ArrayList<>(r.estimates());
        all.add(truth);
        for (ResponseEstimate e : all) {
            String name = e.name().equals("perturbed-ensemble") ? "truth" : e.name();
            NpyWriter.write(dir.npy("response_" + name), e.mean(), e.lags(), e.dim());
            NpyWriter.write(dir.npy("response_" + name + "_se"), e.stderr(), e.lags(), e.dim());
        }

        ResponseMetrics ml = r.metrics(learned), mq = r.metrics("quasi-gaussian");
        ErrorComparison cmp = r.vsQuasiGaussian().get(learned);
        double ratio = Math.max(ml.meanL2(), mq.meanL2()) / Math.min(ml.meanL2(), mq.meanL2());

        ObjectNode rep = JsonReport.newObject();
        rep.put("system", system);
        rep.put("model", job.model());
        rep.put("component", component);
        rep.put("dimension", d);
        rep.put("lags", truth.lags());
        rep.set("times", JsonReport.array(truth.times()));
        rep.put("reference", "perturbed-ensemble");
        rep.set("noise_floor", JsonReport.array(ml.noiseFloor()));
        ObjectNode est = rep.putObject("estimators");
        for (ResponseMetrics m : r.vsTruth()) {
            ObjectNode o = est.putObject(m.estimate());
            o.put("mean_l2", m.meanL2());
            o.put("relative_l2", m.relativeL2());
            o.put("max_linf", max(m.linf()));
            o.set("l2", JsonReport.array(m.l2()));
            o.set("linf", JsonReport.array(m.linf()));
            ErrorComparison vs = r.vsQuasiGaussian().get(m.estimate());
            if (vs != null) o.set("vs_quasi_gaussian", JsonReport.comparison(vs));
            ScoreDiagnostics.Report diag = r.diagnostics().get(m.estimate());
            if (diag != null) o.set("diagnostics", JsonReport.diagnostics(diag));
        }
        ObjectNode sum = rep.putObject("summary");
        sum.put("closer", cmp.closer().orElse(null));
        sum.put("learned", learned);
        sum.put("learned_mean_l2", ml.meanL2());
        sum.put("quasi_gaussian_mean_l2", mq.meanL2());
        sum.put("ratio", ratio);
        sum.put("amplitude_correction", amplitudeCorrection);
        sum.put("mean_noise_floor", mean(ml.noiseFloor()));
        sum.put("cyclic", cyclic);
        sum.set("learned_vs_quasi_gaussian", JsonReport.comparison(cmp));
        JsonReport.write(dir.json("report"), rep);

        List<String> header = new ArrayList<>(List.of("lag", "time"));
        for (ResponseMetrics m : r.vsTruth()) {
            header.add("l2_" + m.estimate());
            header.add("linf_" + m.estimate());
        }
        header.add("noise_floor");
        CsvTable csv = new CsvTable(header);
        double[] t = truth.times();
        for (int k = 0; k < truth.lags(); k++) {
            Object[] row = new Object[header.size()];
            int c = 0;
            row[c++] = (long) k;
            row[c++] = t[k];
            for (ResponseMetrics m : r.vsTruth()) {
                row[c++] = m.l2()[k];
                row[c++] = m.linf()[k];
            }
            row[c] = ml.noiseFloor()[k];
            csv.addRow(row);
        }
        csv.write(dir.csv("errors"));

        List<ResponsePlot> panels = new ArrayList<>();
        int shown = Math.min(d, 4);
        for (int p = 0; p < shown; p++) {
            int i = (component + p) % d;
            ResponsePlot plot = new ResponsePlot("R_" + i + "," + component, "t", "response").caption(system + ", seed " + seed);
            for (ResponseEstimate e : all) plot.curve(e.name(), t, e.curve(i), e.stderrCurve(i));
            panels.add(plot);
        }
        ResponsePlot.writePanels(dir.plot("response"), panels, Math.min(2, shown), 760, 420, dir.plotFormat());

        String errors = String.format(Locale.ROOT, "mean L2 error %s %.4g, quasi-gaussian %.4g (%.1f×); noise floor %.2g",
                learned, ml.meanL2(), mq.meanL2(), ratio, mean(ml.noiseFloor()));
        return cmp.closer().map(c -> "closer to the truth: " + c + " (" + cmp.verdict() + "; " + errors + ")")
                .orElse("neither is closer to the truth: " + cmp.verdict() + "; " + errors);
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
