package org.scorefdt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.cli.Main;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyArray;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;

/** The OU validation job end to end on a small grid: wiring, artifacts, agreement, and failure modes. */
class OuValidationJobTest {
    @TempDir
    Path tmp;

    static final String FAST_OU = """
            [run]
            seed = 7
            [model]
            n = 8
            lambda = 0.5
            kappa = 0.01
            advection = 0.2
            [ensemble]
            members = 16
            duration = 400
            [response]
            lags = 10
            blocks = 8
            bootstrap = 40
            [truth]
            pairs = 4
            pixel = [3, 5]
            """;

    OuJobConfig config(String toml) {
        return TomlConfigLoader.parse(toml, "test.toml");
    }

    @Test
    void smallRunWritesEveryArtifactAndAgreesWithTheExactResponse() throws IOException {
        Path out = tmp.resolve("run");
        JobResult r = OuValidationJob.run(config(FAST_OU), RunDirectory.create(out, false), List.of("ou"), JobListener.NONE);
        assertTrue(r.complete(), r.summary());

        NpyArray exact = NpyReader.read(out.resolve("response_exact.npy"));
        assertEquals(List.of(10L, 8L, 8L), boxed(exact.shape()));
        // The exact response of the impulse at pixel (3, 5) is 1 there at lag 0, and matches OuExact.
        OuSpde model = new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
        double[] col = new OuExact(model, new IntegratorSpec(Scheme.EXACT_OU, 1.0)).responseColumn(4);
        assertEquals(1.0, exact.doubles()[5 * 8 + 3], 1e-12);
        assertEquals(col[1 * 8 + 2], exact.doubles()[4 * 64 + 6 * 8 + 5], 1e-12);

        // Linear model, shared noise: the perturbed-ensemble truth is the exact response to rounding.
        double[] truth = NpyReader.read(out.resolve("response_perturbed-ensemble.npy")).doubles();
        for (int i = 0; i < truth.length; i++) assertEquals(exact.doubles()[i], truth[i], 1e-9);

        // Each GFDT estimate lies within its own error bars: per lag, ‖est − exact‖₂ ≤ 4·√(Σ SE²)
        // (E‖e‖² = Σ SE² for unbiased errors; 4 allows for SEs estimated from 8 blocks).
        for (String method : List.of("gfdt-exact-score", "gfdt-quasi-gaussian")) {
            double[] est = NpyReader.read(out.resolve("response_" + method + ".npy")).doubles();
            double[] se = NpyReader.read(out.resolve("response_" + method + "_se.npy")).doubles();
            for (int t = 1; t < 10; t++) {
                double err = 0, floor = 0;
                for (int i = t * 64; i < (t + 1) * 64; i++) {
                    err += (est[i] - exact.doubles()[i]) * (est[i] - exact.doubles()[i]);
                    floor += se[i] * se[i];
                }
                assertTrue(Math.sqrt(err) <= 4 * Math.sqrt(floor), method + " lag " + t + ": error " + Math.sqrt(err)
                        + " vs SE norm " + Math.sqrt(floor));
            }
        }

        JsonNode report = JsonReport.read(out.resolve("report.json"));
        assertTrue(report.get("complete").asBoolean());
        assertEquals(5, report.get("comparisons").size());
        JsonNode manifest = JsonReport.read(out.resolve("manifest.json"));
        assertEquals(7, manifest.get("seed").asLong());
        assertTrue(manifest.get("phase_seconds").has("simulate"));
        assertFalse(manifest.get("backend").asText().isEmpty());
        assertTrue(JsonReport.read(out.resolve("status.json")).get("complete").asBoolean());
        assertTrue(Files.size(out.resolve("response.png")) > 10_000);
        assertTrue(Files.readAllLines(out.resolve("errors.csv")).size() == 1 + 5 * 10);

        // The same results as objects: every written estimate, each metric row, the pairwise verdicts.
        assertEquals(List.of("gfdt-exact-score", "gfdt-quasi-gaussian", "exact", "perturbed-ensemble"),
                r.estimates().stream().map(ResponseEstimate::name).toList());
        for (ResponseEstimate e : r.estimates()) {
            assertArrayEquals(NpyReader.read(out.resolve("response_" + e.name() + ".npy")).doubles(), e.mean(), e.name());
            assertArrayEquals(NpyReader.read(out.resolve("response_" + e.name() + "_se.npy")).doubles(), e.stderr(), e.name());
        }
        assertEquals(report.get("comparisons").size(), r.metrics().size());
        for (int i = 0; i < r.metrics().size(); i++) {
            JsonNode row = report.get("comparisons").get(i);
            assertEquals(row.get("estimate").asText() + " vs " + row.get("reference").asText(),
                    r.metrics().get(i).estimate() + " vs " + r.metrics().get(i).reference());
        }
        assertEquals(report.get("pairwise").size(), r.comparisons().size());
        assertEquals(r.estimates().get(3), r.estimate("perturbed-ensemble"));
        assertThrows(IllegalArgumentException.class, () -> r.estimate("none"));
    }

    /** A constant (uniform) forcing: e^{Mt}·1 = e^{−λt}·1 exactly (only the k = 0 mode is excited). */
    @Test
    void uniformPerturbationMatchesItsExactDecay() throws IOException {
        String uniform = FAST_OU.replace("pairs = 4", "pairs = 4\nperturbation = \"uniform\"");
        Path out = tmp.resolve("uniform");
        JobResult r = OuValidationJob.run(config(uniform), RunDirectory.create(out, false), List.of(), JobListener.NONE);
        assertTrue(r.complete(), r.summary());
        double[] exact = NpyReader.read(out.resolve("response_exact.npy")).doubles();
        double[] truth = NpyReader.read(out.resolve("response_perturbed-ensemble.npy")).doubles();
        for (int t = 0; t < 10; t++) {
            for (int i = 0; i < 64; i++) {
                assertEquals(Math.exp(-0.5 * t), exact[t * 64 + i], 1e-12);
                assertEquals(exact[t * 64 + i], truth[t * 64 + i], 1e-9);
            }
        }
        double[] est = NpyReader.read(out.resolve("response_gfdt-exact-score.npy")).doubles();
        double[] se = NpyReader.read(out.resolve("response_gfdt-exact-score_se.npy")).doubles();
        for (int t = 0; t < 10; t++) {
            double err = 0, floor = 0;
            for (int i = t * 64; i < (t + 1) * 64; i++) {
                err += (est[i] - exact[i]) * (est[i] - exact[i]);
                floor += se[i] * se[i];
            }
            assertTrue(Math.sqrt(err) <= 4 * Math.sqrt(floor), "lag " + t + ": error " + Math.sqrt(err) + " vs SE norm " + Math.sqrt(floor));
        }
    }

    @Test
    void theThreadCountChangesNoOutputBit() throws IOException {
        // The error bars' replicates (block spread and bootstrap) run on run.threads threads when the estimate is read.
        String[] names = {"report.json", "errors.csv", "response_gfdt-exact-score_se.npy", "response_gfdt-quasi-gaussian_bootstrap_se.npy"};
        byte[][] first = null;
        for (int threads : new int[] {1, 2, 3}) {
            Path dir = tmp.resolve("t" + threads);
            JobResult r = OuValidationJob.run(config(FAST_OU.replace("seed = 7", "seed = 7\nthreads = " + threads)),
                    RunDirectory.create(dir, false), List.of(), JobListener.NONE);
            assertTrue(r.complete());
            byte[][] bytes = new byte[names.length][];
            for (int k = 0; k < names.length; k++) bytes[k] = Files.readAllBytes(dir.resolve(names[k]));
            if (first == null) first = bytes;
            for (int k = 0; k < names.length; k++) assertArrayEquals(first[k], bytes[k], names[k] + " on " + threads + " threads");
        }
    }

    @Test
    void runsAreReproducibleAcrossBackends() throws IOException {
        String cheap = FAST_OU.replace("bootstrap = 40", "bootstrap = 0").replace("pairs = 4", "pairs = 0");
        JobResult a = OuValidationJob.run(config(cheap.replace("seed = 7", "seed = 7\nbackend = \"java\"")),
                RunDirectory.create(tmp.resolve("java"), false), List.of(), JobListener.NONE);
        JobResult b = OuValidationJob.run(config(cheap.replace("seed = 7", "seed = 7\nbackend = \"auto\"")),
                RunDirectory.create(tmp.resolve("auto"), false), List.of(), JobListener.NONE);
        assertTrue(a.complete() && b.complete());
        double[] x = NpyReader.read(tmp.resolve("java/response_gfdt-exact-score.npy")).doubles();
        double[] y = NpyReader.read(tmp.resolve("auto/response_gfdt-exact-score.npy")).doubles();
        // Same noise bits; the FFT libraries differ only in rounding.
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], 1e-9);
    }

    @Test
    void divergenceKeepsPartialResultsAndNamesMemberAndStep() throws IOException {
        String unstable = FAST_OU + """
                [integrator]
                scheme = "euler-maruyama"
                dt = 30.0
                """;
        unstable = unstable.replace("members = 16", "members = 16\ninitial = \"zero\"").replace("duration = 400", "duration = 30000");
        Path out = tmp.resolve("blowup");
        JobResult r = OuValidationJob.run(config(unstable), RunDirectory.create(out, false), List.of(), JobListener.NONE);
        assertFalse(r.complete());
        JsonNode status = JsonReport.read(out.resolve("status.json"));
        assertFalse(status.get("complete").asBoolean());
        String reason = JsonReport.read(out.resolve("manifest.json")).get("incomplete_reason").asText();
        assertTrue(reason.contains("member") && reason.contains("step"), reason);
        assertTrue(Files.exists(out.resolve("response_exact.npy")), "what was computed is kept");
    }

    @Test
    void unstableSchemeWithStationaryStartIsAClearConfigError() {
        String unstable = FAST_OU + """
                [integrator]
                scheme = "euler-maruyama"
                dt = 30.0
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                OuValidationJob.run(config(unstable), RunDirectory.create(tmp.resolve("x"), false), List.of(), JobListener.NONE));
        assertTrue(e.getMessage().contains("dt = 30.0") && e.getMessage().contains("initial"), e.getMessage());
    }

    @Test
    void cliExitsOneOnAnIncompleteRun() throws IOException {
        String unstable = FAST_OU.replace("members = 16", "members = 16\ninitial = \"zero\"").replace("duration = 400", "duration = 30000")
                + "[integrator]\nscheme = \"euler-maruyama\"\ndt = 30.0\n";
        Path cfg = Files.writeString(tmp.resolve("unstable.toml"), unstable);
        StringWriter err = new StringWriter();
        var cl = Main.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("ou", "-q", "--config", cfg.toString(), "-o", tmp.resolve("cli").toString());
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("incomplete"), err.toString());
    }

    static List<Long> boxed(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
