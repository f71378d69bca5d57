package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyArray;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.RunManifest;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.score.nn.DsmScore;

/**
 * The learned-score workflow end to end on the double well, {@code simulate → train → sample →
 * respond}, at small sizes, and the bad-input cases of the issue: a model file of another version
 * or truncated, NaN data, bandwidth ≤ 0, a diverging network (checkpoint kept), overwriting.
 */
class LearnedScoreCommandsTest {
    @TempDir
    static Path dir;

    static Path data, kde, dsm;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    static int quiet(String... args) {
        var cl = Main.newCommandLine();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(e, true));
        int rc = cl.execute(args);
        assertEquals(0, rc, String.join(" ", args) + ": " + e);
        return rc;
    }

    /** 2016 double-well snapshots (16 members × 126, every 2 time units), a KDE and a tiny DSM trained on them. */
    @BeforeAll
    static void simulateAndTrain() {
        data = dir.resolve("dw.npy");
        kde = dir.resolve("dw-kde.sfdt");
        dsm = dir.resolve("dw-dsm.sfdt");
        quiet("simulate", "--system", "double-well", "--members", "16", "--spinup", "20", "--duration", "250",
                "--snapshot-every", "2", "-o", data.toString());
        quiet("train", "--data", data.toString(), "--model", "kde", "--bandwidth", "scott", "-o", kde.toString());
        quiet("train", "--data", data.toString(), "--model", "dsm", "--hidden", "16,16", "--steps", "300", "--batch", "64",
                "--seed", "5", "-o", dsm.toString());
    }

    /** One clear line, no stack trace, with the given fragments. */
    void assertError(String... fragments) {
        String e = err.toString();
        assertTrue(e.startsWith("error: "), e);
        for (String f : fragments) assertTrue(e.contains(f), "missing '" + f + "' in: " + e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
    }

    @Test
    void trainWritesLoadableModelsAndShowsTheLoss() throws IOException {
        assertEquals("kde", ScoreModelFile.load(kde).type());
        ScoreModelFile.Loaded l = ScoreModelFile.load(dsm);
        assertEquals("dsm", l.type());
        assertArrayEquals(new int[] {16, 16}, ((DsmScore) l.model()).config().hiddenWidths());

        Path qg = dir.resolve("qg.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "quasi-gaussian", "-o", qg.toString()), err.toString());
        assertEquals("quasi-gaussian", ScoreModelFile.load(qg).type());

        Path small = dir.resolve("small-dsm.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "dsm", "--hidden", "8", "--steps", "40", "--eval-every", "10",
                "-o", small.toString()), err.toString());
        assertTrue(err.toString().contains("held-out"), "progress shows the held-out loss: " + err);
        assertTrue(out.toString().contains(small.toString()), out.toString());
    }

    @Test
    void trainReportsTheDiagnosticsOnIndependentOrHeldOutSamples() {
        Path check = dir.resolve("dw-check.npy"), qg = dir.resolve("diag-qg.sfdt"), kd = dir.resolve("diag-kde.sfdt");
        quiet("simulate", "--system", "double-well", "--members", "16", "--spinup", "20", "--duration", "250",
                "--snapshot-every", "2", "--seed", "2", "-o", check.toString());
        // Quasi-Gaussian on the bimodal double well: a warning naming a Fourier test function (docs/score-models.md §9).
        assertEquals(0, run("train", "--data", data.toString(), "--model", "quasi-gaussian", "--check-data", check.toString(),
                "-o", qg.toString()), err.toString());
        assertTrue(out.toString().contains("warning: ") && out.toString().contains("fails its Stein identities")
                && out.toString().contains("[" + check + "]"), out.toString());
        // Without --check-data a KDE says how to check it rather than score itself on its own data.
        assertEquals(0, run("train", "--data", data.toString(), "--model", "kde", "-o", kd.toString()), err.toString());
        assertTrue(out.toString().contains("diagnostics: give --check-data"), out.toString());
        // DSM checks its own held-out split (20 % of 2016 rows).
        Path small = dir.resolve("diag-dsm.sfdt");
        run("train", "--data", data.toString(), "--model", "dsm", "--hidden", "8", "--steps", "40", "--eval-every", "10", "-q",
                "-o", small.toString());
        assertTrue((out.toString() + err).contains("diagnostics on 403 held-out samples") && (out.toString() + err).contains("[the held-out split]"),
                out + " | " + err);
        // A check set of another dimension is a clean usage error.
        Path two = dir.resolve("two-d.npy");
        try {
            org.scorefdt.io.NpyWriter.write(two, new double[2 * 200], 200, 2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "quasi-gaussian", "--check-data", two.toString(), "--force",
                "-o", qg.toString()));
        assertError("--check-data", "dimension 2, the model's is 1");
    }

    /** With no --clusters / --kgmm-sigma (or --bandwidth), train chooses on held-out data and reports the choice. */
    @Test
    void defaultKgmmAndKdeReportTheirChoice() throws IOException {
        Path kg = dir.resolve("kgmm-auto.sfdt"), kd = dir.resolve("kde-auto.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "kgmm", "--max-passes", "20", "-o", kg.toString()), err.toString());
        assertTrue(out.toString().contains("selection: kgmm: clusters = ") && out.toString().contains("held-out Hyvärinen loss"), out.toString());
        JsonNode sel = ScoreModelFile.load(kg).params().path("selection");
        assertEquals(9, sel.path("candidates").size(), sel.toString());
        assertEquals(sel.path("chosen").get(0).asDouble(), ScoreModelFile.load(kg).params().path("clusters_requested").asDouble());
        assertEquals(0, run("train", "--data", data.toString(), "--model", "kde", "-o", kd.toString()), err.toString());
        assertTrue(out.toString().contains("selection: kde: h = ") && out.toString().contains("extrapolated"), out.toString());
        var loaded = ScoreModelFile.load(kd);
        assertEquals(Math.sqrt(2), loaded.params().path("extrapolation_ratio").asDouble(), 0);
        assertEquals(loaded.params().path("bandwidth").asDouble(), loaded.params().path("selection").path("chosen").get(0).asDouble(), 0);
        assertEquals("RichardsonScore", loaded.model().getClass().getSimpleName());
    }

    @Test
    void kgmmTrainsAndSamples() throws IOException {
        Path kg = dir.resolve("kgmm.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "kgmm", "--clusters", "20", "--max-passes", "50",
                "-o", kg.toString()), err.toString());
        assertEquals("kgmm", ScoreModelFile.load(kg).type());
        Path s = dir.resolve("kgmm-samples.npy");
        assertEquals(0, run("sample", "--model", kg.toString(), "--sampler", "baoab", "--chains", "8", "--steps", "100", "--burn-in", "50",
                "--thin", "5", "--step-size", "0.05", "-q", "-o", s.toString()), err.toString());
        assertArrayEquals(new long[] {8 * 20, 1}, NpyReader.read(s).shape());
    }

    @Test
    void sampleWritesRowsAndASummary() throws IOException {
        Path ula = dir.resolve("ula.npy");
        assertEquals(0, run("sample", "--model", kde.toString(), "--sampler", "ula", "--chains", "16", "--steps", "200", "--burn-in", "100",
                "--thin", "10", "--step-size", "0.02", "--seed", "3", "-o", ula.toString()), err.toString());
        NpyArray a = NpyReader.read(ula);
        assertArrayEquals(new long[] {16 * 20, 1}, a.shape());
        for (double v : a.doubles()) assertTrue(Double.isFinite(v) && Math.abs(v) < 4, "double-well samples stay near the wells: " + v);
        assertTrue(out.toString().contains("320 samples of dimension 1") && out.toString().contains("mean [")
                && out.toString().contains("variance ["), out.toString());

        Path rev = dir.resolve("reverse.npy");
        assertEquals(0, run("sample", "--model", dsm.toString(), "--sampler", "reverse", "--chains", "200", "--steps", "50", "-q",
                "-o", rev.toString()), err.toString());
        assertArrayEquals(new long[] {200, 1}, NpyReader.read(rev).shape());
        Path flow = dir.resolve("flow.npy");
        assertEquals(0, run("sample", "--model", dsm.toString(), "--sampler", "flow", "--chains", "100", "--steps", "30", "-q",
                "-o", flow.toString()), err.toString());
        assertArrayEquals(new long[] {100, 1}, NpyReader.read(flow).shape());

        // reverse/flow need a noise-conditional model; existing output is not overwritten.
        err.getBuffer().setLength(0);
        assertEquals(2, run("sample", "--model", kde.toString(), "--sampler", "reverse", "-o", dir.resolve("x.npy").toString()));
        assertError("noise-conditional", "kde");
        err.getBuffer().setLength(0);
        byte[] before = Files.readAllBytes(rev);
        assertEquals(2, run("sample", "--model", dsm.toString(), "--sampler", "flow", "-o", rev.toString()));
        assertError("exists", "--force");
        assertArrayEquals(before, Files.readAllBytes(rev));
        err.getBuffer().setLength(0);
        assertEquals(2, run("sample", "--model", data.toString(), "-o", dir.resolve("y.npy").toString()));
        assertError("not a ScoreFDT score model file", "NPY");
        err.getBuffer().setLength(0);
        assertEquals(2, run("sample", "--model", kde.toString(), "--step-size", "-1", "-o", dir.resolve("y.npy").toString()));
        assertError("--step-size: key 'sample.step_size' = -1.0: must be a finite number > 0");
    }

    @Test
    void respondRanksTheLearnedScoreAheadOfQuasiGaussian() throws IOException {
        Path o = dir.resolve("respond-kde");
        // Sizes where the noise-aware comparison resolves the difference (z = 5.5; at 32 members × 100 and 128 pairs
        // the errors differ 3.5× but z = 2.2, and the two are reported indistinguishable).
        assertEquals(0, run("respond", "--system", "double-well", "--model", kde.toString(), "--members", "64", "--duration", "200",
                "--truth-pairs", "256", "--truth-duration", "200", "--lags", "40", "--seed", "7", "-o", o.toString()), err.toString());
        assertTrue(out.toString().startsWith("closer to the truth: learned-kde (learned-kde is closer to perturbed-ensemble than"
                + " quasi-gaussian (z = "), out.toString());
        assertTrue(out.toString().contains("\nlearned-kde: kde diagnostics on 1024 held-out samples: Stein diagonal "), out.toString());
        for (String f : new String[] {"times.npy", "response_learned-kde.npy", "response_learned-kde_se.npy", "response_quasi-gaussian.npy",
            "response_quasi-gaussian_se.npy", "response_truth.npy", "response_truth_se.npy", "report.json", "errors.csv",
            "response.png", "manifest.json", "status.json"}) {
            assertTrue(Files.size(o.resolve(f)) > 0, f);
        }
        // -q: the final line alone, the one a script reads.
        out.getBuffer().setLength(0);
        Path quiet = dir.resolve("respond-kde-quiet");
        assertEquals(0, run("respond", "--system", "double-well", "--model", kde.toString(), "--members", "16", "--duration", "50",
                "--truth-pairs", "16", "--truth-duration", "50", "--lags", "10", "--seed", "7", "-q", "-o", quiet.toString()), err.toString());
        assertEquals("output: " + quiet, out.toString().strip());
        NpyArray r = NpyReader.read(o.resolve("response_learned-kde.npy"));
        assertArrayEquals(new long[] {40, 1}, r.shape());
        assertEquals(40, NpyReader.read(o.resolve("times.npy")).size());
        assertEquals(41, Files.readAllLines(o.resolve("errors.csv")).size());
        JsonNode rep = JsonReport.read(o.resolve("report.json"));
        JsonNode s = rep.get("summary");
        assertEquals("learned-kde", s.get("closer").asText());
        JsonNode z = s.get("learned_vs_quasi_gaussian");
        assertTrue(z.get("z").asDouble() > z.get("z_threshold").asDouble(), z.toString());
        assertEquals(z, rep.get("estimators").get("learned-kde").get("vs_quasi_gaussian"));
        // Measured 2.2–3.5× over seeds 7–9 at 32 members × 100 and 128 pairs, 4.1× here (DoubleWellResponseTest: ~3× at larger sizes).
        assertTrue(s.get("quasi_gaussian_mean_l2").asDouble() > 1.5 * s.get("learned_mean_l2").asDouble(), s.toString());
        assertEquals(40, rep.get("estimators").get("learned-kde").get("l2").size());
        assertTrue(RunManifest.read(o.resolve("manifest.json")).complete());
        assertTrue(JsonReport.read(o.resolve("status.json")).get("complete").asBoolean());

        // The same directory again: refused without --force, nothing touched.
        String before = Files.readString(o.resolve("report.json"));
        assertEquals(2, run("respond", "--system", "double-well", "--model", kde.toString(), "-o", o.toString()));
        assertEquals(before, Files.readString(o.resolve("report.json")));
    }

    @Test
    void respondRefusesAModelOfTheWrongDimension() {
        assertEquals(2, run("respond", "--system", "lorenz96", "--model", kde.toString(), "-o", dir.resolve("l96").toString()));
        assertError("dimension 1", "lorenz96 has dimension 40");
        assertFalse(Files.exists(dir.resolve("l96")));
    }

    @Test
    void modelFileOfAnotherVersionOrTruncatedIsAClearError() throws IOException {
        byte[] b = Files.readAllBytes(kde);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ScoreModelFile.VERSION + 1);
        Path v2 = Files.write(dir.resolve("v2.sfdt"), b);
        assertEquals(2, run("respond", "--system", "double-well", "--model", v2.toString(), "-o", dir.resolve("rv2").toString()));
        assertError(v2.toString(), "format version " + (ScoreModelFile.VERSION + 1));

        err.getBuffer().setLength(0);
        Path cut = Files.write(dir.resolve("cut.sfdt"), Arrays.copyOf(Files.readAllBytes(dsm), 200));
        assertEquals(2, run("respond", "--system", "double-well", "--model", cut.toString(), "-o", dir.resolve("rcut").toString()));
        assertError(cut.toString(), "truncated");
        assertFalse(Files.exists(dir.resolve("rcut")), "nothing is created for a bad model");
    }

    @Test
    void nanInTheDataNamesRowAndColumn() throws IOException {
        double[] x = new double[20 * 2];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(i);
        x[7 * 2 + 1] = Double.NaN;
        Path f = dir.resolve("nan.npy");
        NpyWriter.write(f, x, 20, 2);
        for (String m : new String[] {"kde", "dsm", "quasi-gaussian"}) {
            err.getBuffer().setLength(0);
            Path o = dir.resolve("nan-" + m + ".sfdt");
            assertEquals(2, run("train", "--data", f.toString(), "--model", m, "-o", o.toString()), m);
            assertError("row 7, column 1", "NaN", f.toString());
            assertFalse(Files.exists(o));
        }
    }

    @Test
    void bandwidthMustBePositive() {
        for (String h : new String[] {"0", "-0.5", "nan", "wide"}) {
            err.getBuffer().setLength(0);
            assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "--bandwidth", h, "-o", dir.resolve("h.sfdt").toString()), h);
            assertError("--bandwidth");
        }
        assertFalse(Files.exists(dir.resolve("h.sfdt")));
    }

    @Test
    void divergingTrainingKeepsTheLastGoodCheckpoint() throws IOException {
        Path o = dir.resolve("diverged.sfdt");
        assertEquals(1, run("train", "--data", data.toString(), "--model", "dsm", "--hidden", "16", "--steps", "300", "--lr", "1e3",
                "-q", "-o", o.toString()));
        assertTrue(err.toString().contains("error: training diverged at step "), err.toString());
        assertTrue(err.toString().contains("kept the last good checkpoint"), err.toString());
        ScoreModelFile.Loaded l = ScoreModelFile.load(o);
        double[] s = new double[3];
        l.model().score(new double[] {-1, 0, 1}, s, 3);
        for (double v : s) assertTrue(Double.isFinite(v), "the kept checkpoint gives finite scores");
    }

    @Test
    void usageErrorsOfTrain() throws IOException {
        Path keep = Files.writeString(dir.resolve("keep.sfdt"), "keep");
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "-o", keep.toString()));
        assertEquals("keep", Files.readString(keep));
        assertError("exists", "--force");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "gmm", "-o", dir.resolve("g.sfdt").toString()));
        assertError("--model 'gmm'", "kde");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "--steps", "10", "-o", dir.resolve("g.sfdt").toString()));
        assertError("--steps applies to --model dsm");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", dir.resolve("absent.npy").toString(), "--model", "kde", "-o", dir.resolve("g.sfdt").toString()));
        assertError("absent.npy", "no such file");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", kde.toString(), "--model", "kde", "-o", dir.resolve("g.sfdt").toString()));
        assertError("not an NPY file");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "dsm", "--hidden", "0", "-o", dir.resolve("g.sfdt").toString()));
        assertError("hiddenWidths[0] = 0");
        assertFalse(Files.exists(dir.resolve("g.sfdt")));
    }

    /** The ring score trains from the CLI and round-trips; --cyclic is refused where the system has no cyclic symmetry. */
    @Test
    void localPolynomialTrainsAndCyclicNeedsARing() throws IOException {
        Path poly = dir.resolve("dw-poly.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "local-polynomial", "--radius", "0", "--degree", "3",
                "-o", poly.toString()));
        assertTrue(out.toString().contains("local-polynomial(r=0,p=3)"), out.toString());
        ScoreModelFile.Loaded l = ScoreModelFile.load(poly);
        assertEquals("local-polynomial", l.type());
        var x = org.scorefdt.io.NpyReader.read(data);
        var direct = org.scorefdt.score.LocalPolynomialScore.fit(x.asDoubles(), (int) x.shape()[0], 1, 0, 3, 1e-8);
        double[] a = new double[1], b = new double[1];
        l.model().score(new double[] {0.7}, a, 1);
        direct.score(new double[] {0.7}, b, 1);
        assertEquals(b[0], a[0], 0.0);

        err.getBuffer().setLength(0);
        assertEquals(2, run("respond", "--system", "double-well", "--model", poly.toString(), "--cyclic",
                "-o", dir.resolve("r-cyc").toString()));
        assertError("--cyclic", "not invariant under cyclic shifts");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "local-polynomial", "--radius", "1",
                "-o", dir.resolve("p2.sfdt").toString()));
        assertError("radius = 1");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "--degree", "3", "-o", dir.resolve("p3.sfdt").toString()));
        assertError("--degree applies to --model local-polynomial");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "dsm", "--tier", "gpu", "-o", dir.resolve("p4.sfdt").toString()));
        assertError("--tier", "auto, cuda, native or java");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "dsm", "--base", "cubic", "-o", dir.resolve("p5.sfdt").toString()));
        assertError("--base 'cubic'", "gaussian or none");
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "--base", "none", "-o", dir.resolve("p6.sfdt").toString()));
        assertError("--base applies to --model dsm");
    }

    /** --base none trains the network as the whole score; the default corrects the Gaussian fit (docs/score-models.md §4.2). */
    @Test
    void dsmBaseIsChosenFromTheCommandLine() throws IOException {
        Path none = dir.resolve("none-dsm.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "dsm", "--hidden", "8", "--steps", "40", "--eval-every", "10",
                "--base", "none", "-q", "-o", none.toString()));
        org.scorefdt.score.nn.DsmScore m = (org.scorefdt.score.nn.DsmScore) ScoreModelFile.load(none).model();
        assertTrue(m.base().isEmpty() && m.correction().isEmpty(), "no base, no correction");
        org.scorefdt.score.nn.DsmScore based = (org.scorefdt.score.nn.DsmScore) ScoreModelFile.load(dsm).model();
        assertTrue(based.base().isPresent() && based.correction().isPresent(), "the default has both");
    }

    /** The kernel exponential family from the CLI: the API's default fit, its choice printed, the file as the direct fit; others' options refused. */
    @Test
    void kefTrainsAsTheApisDefault() throws IOException {
        Path kef = dir.resolve("dw-kef.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "kef", "-o", kef.toString()), err.toString());
        assertTrue(out.toString().contains("selection: kef: ") && out.toString().contains("held-out Hyvärinen loss"), out.toString());
        ScoreModelFile.Loaded l = ScoreModelFile.load(kef);
        assertEquals("kef", l.type());
        var x = NpyReader.read(data);
        var direct = org.scorefdt.score.KefScore.fit(x.asDoubles(), (int) x.shape()[0], 1);
        double[] q = {-1.3, -0.2, 0.4, 1.1}, a = new double[4], b = new double[4];
        l.model().score(q, a, 4);
        direct.score(q, b, 4);
        assertArrayEquals(b, a, 0.0);
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kef", "--degree", "3", "-o", dir.resolve("k2.sfdt").toString()));
        assertError("--degree applies to --model local-polynomial or polynomial");
    }

    /** Exponential-family score matching from the CLI: the degree chosen and printed, the model file as the direct fit. */
    @Test
    void polynomialTrainsWithAnAutomaticDegree() throws IOException {
        Path poly = dir.resolve("dw-expfam.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "polynomial", "-o", poly.toString()), err.toString());
        assertTrue(out.toString().contains("selection: polynomial: degree = ") && out.toString().contains("held-out Hyvärinen loss"), out.toString());
        ScoreModelFile.Loaded l = ScoreModelFile.load(poly);
        assertEquals("polynomial", l.type());
        assertEquals(5, l.params().path("selection").path("candidates").size(), l.params().toString());
        var x = NpyReader.read(data);
        var direct = org.scorefdt.score.PolynomialScore.fit(x.asDoubles(), (int) x.shape()[0], 1);
        assertEquals(direct.degree(), l.params().path("degree").asInt());
        double[] q = {-1.3, -0.2, 0.4, 1.1}, a = new double[4], b = new double[4];
        l.model().score(q, a, 4);
        direct.score(q, b, 4);
        assertArrayEquals(b, a, 0.0);

        Path fixed = dir.resolve("dw-expfam-4.sfdt");
        assertEquals(0, run("train", "--data", data.toString(), "--model", "polynomial", "--degree", "4", "--ridge", "1e-6",
                "-o", fixed.toString()), err.toString());
        ScoreModelFile.Loaded f = ScoreModelFile.load(fixed);
        assertEquals(4, f.params().path("degree").asInt());
        assertEquals(1e-6, f.params().path("ridge").asDouble(), 0);
        assertTrue(f.params().path("selection").isMissingNode(), "a given degree records no choice");

        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "polynomial", "--degree", "9", "-o", dir.resolve("e1.sfdt").toString()));
        assertError("degree = 9", "0 (automatic) or 2 … 6");
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "local-polynomial", "--degree", "auto",
                "-o", dir.resolve("e2.sfdt").toString()));
        assertError("--degree 'auto'", "an integer");
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "kde", "--ridge", "1e-3", "-o", dir.resolve("e3.sfdt").toString()));
        assertError("--ridge applies to --model quasi-gaussian or polynomial, not kde");
        err.getBuffer().setLength(0);
        assertEquals(2, run("train", "--data", data.toString(), "--model", "polynomial", "--bandwidth", "scott",
                "-o", dir.resolve("e4.sfdt").toString()));
        assertError("--bandwidth applies to --model kde, not polynomial");
        assertFalse(Files.exists(dir.resolve("e1.sfdt")) || Files.exists(dir.resolve("e3.sfdt")));
    }
}
