package org.scorefdt.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.scorefdt.api.ResponseComparison;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import org.scorefdt.config.RespondSettings;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.ResponsePlot;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.model.Model;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt respond}: the response of a named system to an impulse at component j by the GFDT
 * with a trained score model, against the quasi-Gaussian GFDT and the perturbed-ensemble truth
 * ({@link ResponseComparison}); writes curves, errors, a plot and the manifest into a run directory
 * and says which estimator is closer to the truth.
 */
@RunOptions.Uses(seedDefault = 7, threads = false)
@Command(mixinStandardHelpOptions = true, name = "respond", sortOptions = false, modelTransformer = RunOptions.Fit.class,
        description = "GFDT response with a trained score vs quasi-Gaussian vs perturbed-ensemble truth.")
public final class RespondCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--system", required = true, paramLabel = "NAME", description = "double-well or lorenz96.")
    String system;

    @Option(names = "--model", required = true, paramLabel = "MODEL_FILE", description = "Trained score model (from train).")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output directory (must be empty or new unless --force).")
    Path output;

    @Option(names = "--force", description = "Write into an existing non-empty directory.")
    boolean force;

    @Option(names = "--members", defaultValue = "64", description = "GFDT ensemble members (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--spinup", defaultValue = "20", paramLabel = "TIME", description = "Time discarded first (default ${DEFAULT-VALUE}).")
    double spinup;

    @Option(names = "--duration", defaultValue = "200", paramLabel = "TIME", description = "Recorded time per GFDT member (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--save-every", defaultValue = "0.1", paramLabel = "TIME", description = "Time between saves = lag spacing (default ${DEFAULT-VALUE}).")
    double saveEvery;

    @Option(names = "--lags", defaultValue = "40", description = "Response lags, in saves (default ${DEFAULT-VALUE}).")
    int lags;

    @Option(names = "--blocks", defaultValue = "16", description = "Member blocks for error bars (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--truth-pairs", defaultValue = "256", description = "Perturbed/unperturbed member pairs of the truth (default ${DEFAULT-VALUE}).")
    int truthPairs;

    @Option(names = "--truth-duration", defaultValue = "400", paramLabel = "TIME", description = "Recorded time per truth pair (default ${DEFAULT-VALUE}).")
    double truthDuration;

    @Option(names = "--reset-every", defaultValue = "50", description = "Saves between truth kicks, >= --lags (default ${DEFAULT-VALUE}).")
    int resetEvery;

    @Option(names = "--delta", defaultValue = "0.05", description = "Truth kick amplitude δ (default ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--component", defaultValue = "0", paramLabel = "J", description = "Impulse component j (default ${DEFAULT-VALUE}).")
    int component;

    @Option(names = "--snapshot-every", defaultValue = "20", description = "Keep every k-th save to fit the quasi-Gaussian baseline (default ${DEFAULT-VALUE}).")
    int snapshotEvery;

    @Option(names = "--max-snapshots", defaultValue = "4000", description = "Cap on those snapshots (default ${DEFAULT-VALUE}).")
    int maxSnapshots;

    @Option(names = "--amplitude-correction", description = "Also report the learned score normalised by its lag-0 matrix (named <name>-normalized).")
    boolean amplitudeCorrection;

    @Option(names = "--cyclic", description = "The system is invariant under cyclic shifts (lorenz96): average the GFDT column over all impulse positions.")
    boolean cyclic;

    @Mixin
    RunOptions run;

    @Mixin
    PlotFormatOption plotFormat;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            SystemCatalog sys;
            try {
                sys = SystemCatalog.parse(system);
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, "--system: " + e.getMessage());
            }
            if (sys == SystemCatalog.OU_SPDE) throw CliSupport.usage(cl, "--system ou-spde: use 'scorefdt ou' for the OU SPDE");
            if (cyclic && sys != SystemCatalog.LORENZ96) throw CliSupport.usage(cl, "--cyclic: " + sys.spelling() + " is not invariant under cyclic shifts (lorenz96 is)");
            Model model = sys.model();
            if (model.observedDimension() != model.dimension()) {
                throw CliSupport.usage(cl, "--system " + sys.spelling() + ": respond handles fully observed systems only ("
                        + sys.spelling() + " has " + (model.dimension() - model.observedDimension()) + " hidden components)");
            }
            int d = model.dimension();
            IntegratorSpec integ = sys.integrator();
            RunConfig settings = run.settings();
            RespondSettings set = Errors.options(() -> new RespondSettings(members, spinup, duration, saveEvery, lags, blocks,
                    truthPairs, truthDuration, resetEvery, delta, component, snapshotEvery, maxSnapshots, amplitudeCorrection, cyclic));
            RespondSettings.Steps steps = Errors.options(() -> set.steps(integ.dt(), d));
            Errors.options(() -> { set.memoryNeed(d).checkThisJvm(); return set; });
            RunDirectory.checkAvailable(output, force);
            // The score's tiers, asked before the run directory exists: an absent --backend fails here,
            // naming the cause, and leaves nothing behind. Held for the whole run.
            TierChain tiers = Backends.open(settings.backend());
            try {
                return respond(cl, sys, model, integ, d, settings, set, steps, tiers);
            } finally {
                tiers.close();
            }
        });
    }

    private int respond(CommandLine cl, SystemCatalog sys, Model model, IntegratorSpec integ, int d, RunConfig settings,
                        RespondSettings set, RespondSettings.Steps steps, TierChain tiers) throws Exception {
        ScoreModelFile.Loaded loaded = CliSupport.loadModel(cl, modelFile, tiers);
        ScoreModel score = loaded.model() instanceof DsmScore dsm ? dsm.withKernels(tiers) : loaded.model();
        if (score.dimension() != d) {
            throw CliSupport.usage(cl, "--model " + modelFile + ": a " + loaded.type() + " score of dimension " + score.dimension()
                    + ", but " + sys.spelling() + " has dimension " + d);
        }

        BackendKind backend = settings.backend();
        RunDirectory dir = plotFormat.applyTo(RunDirectory.create(output, force));
        RunManifest.Builder manifest = RunManifest.builder().commandLine(CliSupport.originalArgs(cl)).seed(settings.seed())
                .backend(backend.configName(), backend.configName(), null)
                .configToml(set.toToml(sys.spelling(), modelFile.toString(), loaded.type(), settings.seed(), backend.configName()));
        String learned = "learned-" + loaded.type();
        try {
            run.progress(cl, String.format(Locale.ROOT, "respond: %s, %s score, %d members × %d saves, truth %d pairs × %d saves...",
                    sys.spelling(), loaded.type(), members, steps.saves(), truthPairs, steps.truthSaves()));
            long t0 = System.nanoTime();
            var rcSpec = ResponseComparison.Spec.builder(model).integrator(integ).members(members).spinUpSteps(steps.spinUp())
                    .saves(steps.saves()).saveEvery(steps.saveEvery()).lags(lags).blocks(blocks)
                    .perturbation(new Perturbation.Impulse(component)).delta(delta).truthMembers(truthPairs)
                    .truthSaves(steps.truthSaves()).resetEvery(resetEvery).snapshotEvery(snapshotEvery).maxSnapshots(maxSnapshots)
                    .seed(settings.seed()).backend(backend).amplitudeCorrection(amplitudeCorrection).cyclic(cyclic).build();
            Map<String, Function<double[], ScoreModel>> scores = new LinkedHashMap<>();
            scores.put(learned, data -> score);
            ResponseComparison.Result r = ResponseComparison.run(rcSpec, scores);
            manifest.backend(r.backend().configName(), backend.configName(),
                    r.fallbackReasons().isEmpty() ? null : String.join("; ", r.fallbackReasons()));
            manifest.phase("comparison", (System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            String verdict = writeResults(dir, r, learned, d, settings.seed());
            manifest.phase("report", (System.nanoTime() - t0) / 1e9);
            dir.finish(manifest, true, null);
            cl.getOut().println(verdict);
            // Results, so on stdout (also under -q), a failing score prefixed "warning: ".
            r.diagnostics().forEach((name, diag) -> cl.getOut().println((diag.passes() ? "" : "warning: ") + name + ": " + diag.summary()));
            cl.getOut().println("output: " + dir.root());
            cl.getOut().flush();
            return Main.EXIT_OK;
        } catch (Exception | Error e) { // an I/O error or out of memory too: the directory says why the run stopped
            dir.fail(manifest, e);
            throw e;
        }
    }

    /** Writes curves, report.json, errors.csv and the response plot; returns the one-line verdict. */
    private String writeResults(RunDirectory dir, ResponseComparison.Result r, String learned, int d, long seed) throws Exception {
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
        rep.put("model", modelFile.toString());
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
