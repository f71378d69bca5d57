package org.scorefdt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.scorefdt.api.ResponseComparison;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.Perturbation;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.ReadOffSelection;
import org.scorefdt.score.nn.TrainingListener;

/**
 * The default DSM-MLP ({@link DsmConfig#builder()}, read-off and length chosen on held-out rows) on
 * stochastic Lorenz-96 (d = 40): its truth-free diagnostics on fresh samples and its GFDT response
 * against the quasi-Gaussian one and the perturbed-ensemble truth ({@link ResponseComparison}, cyclic
 * impulse column, the protocol of {@code Lorenz96ResponseTest}), one independent run per seed, and
 * the runs pooled: z = ΣΔ/√Σσ²_Δ (the runs share nothing). Writes one JSON object.
 *
 * <pre>java -cp target/scorefdt.jar org.scorefdt.bench.DsmDefaultsCheck [out.json] [seeds, default 7,8,9]</pre>
 */
public final class DsmDefaultsCheck {
    private DsmDefaultsCheck() {}

    public static void main(String[] args) throws Exception {
        String out = args.length > 0 ? args[0] : "bench/results/dsm-lorenz96.json";
        String seedList = args.length > 1 ? args[1] : "7,8,9";
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = json.createObjectNode();
        o.put("what", "default DSM-MLP vs quasi-Gaussian on stochastic Lorenz-96 (d = 40), cyclic GFDT, lags 0..11 (t <= 1.1), "
                + "independent runs (data, fit and truth) per seed, pooled");
        o.put("command", "bench/run-dsm-defaults.sh");
        o.put("git_commit", System.getProperty("bench.commit", "unknown"));
        o.put("date", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        o.put("host", Runtime.getRuntime().availableProcessors() + " cores, load " + loadAverage());
        ArrayNode runs = o.putArray("runs");
        double delta = 0, variance = 0;
        long t0 = System.nanoTime();
        for (String token : seedList.split(",")) {
            long seed = Long.parseLong(token.trim());
            ObjectNode run = runs.addObject();
            ErrorComparison c = run(seed, run);
            delta += c.difference();
            variance += c.stderr() * c.stderr();
        }
        ObjectNode pooled = o.putObject("pooled");
        pooled.put("runs", runs.size());
        pooled.put("delta_squared_error", delta);
        pooled.put("delta_stderr", Math.sqrt(variance));
        pooled.put("z", delta / Math.sqrt(variance));
        pooled.put("dsm_beats_quasi_gaussian", delta / Math.sqrt(variance) > 3);
        o.put("seconds", (System.nanoTime() - t0) / 1e9);
        json.writeValue(new File(out), o);
        System.out.println(json.writeValueAsString(o));
    }

    /** One independent run (data, fit, truth from {@code seed}) written into {@code o}; its comparison with quasi-Gaussian. */
    private static ErrorComparison run(long seed, ObjectNode o) {
        SystemCatalog sys = SystemCatalog.LORENZ96;
        int d = sys.model().dimension(), lags = 12;
        var spec = new ResponseComparison.Spec(sys.model(), sys.integrator(), 64, 2000, 1000, 10, lags, 16,
                new Perturbation.Impulse(0), 0.1, 512, 600, 22, 5, 12800, seed, BackendKind.AUTO, false, true);
        DsmResult[] trained = new DsmResult[1];
        double[] trainSeconds = new double[1];
        Map<String, Function<double[], ScoreModel>> scores = new LinkedHashMap<>();
        scores.put("dsm-default", data -> {
            long t0 = System.nanoTime();
            trained[0] = new DsmTrainer(DsmConfig.builder().seed(seed).build()).train(data, data.length / d, d, TrainingListener.NONE);
            trainSeconds[0] = (System.nanoTime() - t0) / 1e9;
            return trained[0].model();
        });
        ResponseComparison.Result r = ResponseComparison.run(spec, scores);
        o.put("seed", seed);
        o.put("training_rows", r.trainingData().length / d);
        DsmResult t = trained[0];
        ObjectNode tr = o.putObject("dsm_training");
        tr.put("seconds", trainSeconds[0]);
        tr.put("stop", t.stop().name());
        tr.put("steps_run", t.stepsRun());
        tr.put("best_step", t.bestStep());
        tr.put("message", t.message());
        ReadOffSelection sel = t.readOff();
        tr.put("read_off", sel.readOff().describe());
        ArrayNode cands = tr.putArray("read_off_candidates");
        for (ReadOffSelection.Candidate c : sel.candidates()) {
            ObjectNode k = cands.addObject();
            k.put("read_off", c.readOff().describe());
            k.put("hyvarinen", c.hyvarinen());
            k.put("hyvarinen_stderr", c.hyvarinenStderr());
            k.put("stein_diagonal", c.steinDiagonal());
        }
        ObjectNode diag = o.putObject("diagnostics_on_fresh_samples");
        for (Map.Entry<String, ScoreDiagnostics.Report> e : r.diagnostics().entrySet()) {
            ScoreDiagnostics.Report rep = e.getValue();
            ObjectNode k = diag.putObject(e.getKey());
            k.put("samples", rep.samples());
            k.put("stein_diagonal", rep.steinDiagonal());
            k.put("stein_diagonal_stderr", rep.steinDiagonalStderr());
            k.put("max_abs_z", rep.maxAbsZ());
            k.put("z_bound", rep.zBound());
            k.put("worst", rep.worst());
            k.put("hyvarinen", rep.hyvarinen());
            k.put("hyvarinen_stderr", rep.hyvarinenStderr());
            k.put("passes", rep.passes());
        }
        ObjectNode resp = o.putObject("response");
        for (String name : new String[] {"quasi-gaussian", "dsm-default"}) resp.put(name + "_mean_l2", r.metrics(name).meanL2());
        double floor = 0;
        for (double v : r.metrics("dsm-default").noiseFloor()) floor += v / lags;
        resp.put("truth_noise_floor", floor);
        ErrorComparison c = r.vsQuasiGaussian().get("dsm-default");
        resp.put("delta_squared_error", c.difference());
        resp.put("delta_stderr", c.stderr());
        resp.put("z", c.z());
        return c;
    }

    private static String loadAverage() {
        return String.format(java.util.Locale.ROOT, "%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
