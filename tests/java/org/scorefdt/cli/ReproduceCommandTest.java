package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.NpyArray;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.RunManifest;

/** {@code scorefdt reproduce} on a tiny config: the files, the exit codes, divergence and bad input. */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter(), err = new StringWriter();

    int run(String... args) {
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A few-second OU run; {@code extra} is appended (e.g. an Allen–Cahn table). */
    Path config(String extra) throws IOException {
        return Files.writeString(tmp.resolve("tiny.toml"), """
                [run]
                seed = 5
                [ou-spde]
                n = 8
                members = 8
                blocks = 4
                duration = 120.0
                lags = 10
                snapshot_every = 2.0
                truth_members = 4
                truth_duration = 100.0
                reset_every = 10.0
                dsm_channels = [4]
                dsm_steps = 40
                dsm_eval_every = 20
                [navier-stokes]
                enabled = false
                """ + extra);
    }

    @Test
    void writesTheReportPlotsAndManifest() throws IOException {
        Path dir = tmp.resolve("run");
        int code = run("reproduce", "-c", config("[allen-cahn]\nenabled = false\n").toString(), "-o", dir.toString());
        assertEquals(0, code, err.toString());
        for (String f : List.of("report.json", "errors.csv", "manifest.json", "status.json", "results.npz", "ou-spde/report.json",
                "ou-spde/errors.csv", "ou-spde/response.png", "ou-spde/times.npy", "ou-spde/response_gfdt-dsm-cnn.npy",
                "ou-spde/response_gfdt-quasi-gaussian_se.npy", "ou-spde/response_perturbed-ensemble.npy", "ou-spde/response_exact.npy")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        JsonNode report = JsonReport.read(dir.resolve("report.json"));
        assertTrue(report.get("complete").asBoolean());
        JsonNode ou = report.get("systems").get("ou-spde");
        assertEquals(40, ou.get("truth_pairs").asInt());                   // 4 members × 10 windows
        assertEquals(12_800, ou.get("paper_truth_pairs").asInt());
        assertTrue(ou.get("note").asText().contains("fewer truth pairs"));
        for (String m : List.of("gfdt-dsm-cnn", "gfdt-quasi-gaussian", "gfdt-analytic-score")) {
            JsonNode vs = ou.get("methods").get(m).get("vs_perturbed-ensemble");
            assertEquals(10, vs.get("l2_error").size(), m);
            assertEquals(10, vs.get("linf_error").size(), m);
            assertEquals(10, vs.get("reference_noise_floor").size(), m);
            assertTrue(vs.get("linf_error").get(3).asDouble() <= vs.get("l2_error").get(3).asDouble(), m);
        }
        assertTrue(ou.get("verdict").asText().contains("(z = "), ou.get("verdict").asText());
        assertTrue(ou.get("verdict_comparison").has("z"));
        JsonNode pairs = JsonReport.read(dir.resolve("ou-spde/report.json")).get("pairwise");
        assertEquals(6, pairs.size());                                    // 3 estimates pairwise × {exact, truth}
        for (JsonNode p : pairs) assertEquals(p.get("closer").isNull(), Math.abs(p.get("z").asDouble()) <= 3, p.toString());
        assertTrue(JsonReport.read(dir.resolve("status.json")).get("complete").asBoolean());
        RunManifest manifest = RunManifest.read(dir.resolve("manifest.json"));
        assertTrue(manifest.complete());
        assertEquals(5, manifest.seed());
        assertTrue(manifest.configToml().contains("[ou-spde]"));
        assertTrue(manifest.phaseSeconds().containsKey("ou-spde: train"), manifest.phaseSeconds().toString());

        List<String> csv = Files.readAllLines(dir.resolve("errors.csv"));
        assertEquals("system,estimate,reference,lag,time,l2_error,linf_error,reference_noise_floor", csv.get(0));
        assertEquals(1 + 7 * 10, csv.size());                             // 3 estimates × {exact, truth} + truth vs exact
        NpyArray r = NpyReader.read(dir.resolve("ou-spde/response_gfdt-dsm-cnn.npy"));
        assertEquals(List.of(10L, 8L, 8L), java.util.Arrays.stream(r.shape()).boxed().toList());
        BufferedImage png = ImageIO.read(dir.resolve("ou-spde/response.png").toFile());
        assertNotNull(png);
        assertEquals(2 * 760, png.getWidth());                           // 2 columns: 4 response panels + L2 + Linf
        assertEquals(3 * 420, png.getHeight());
        assertTrue(out.toString().contains("ou-spde: 8x8 grid, 40 truth pairs"), out.toString());

        // The directory is now in use: a second run refuses it and changes nothing.
        err.getBuffer().setLength(0);
        assertEquals(2, run("reproduce", "-q", "-c", tmp.resolve("tiny.toml").toString(), "-o", dir.toString()));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("not empty"), err.toString());
    }

    /** {@code --resume}: a finished run is read back and reported again; another config is refused (exit 2). */
    @Test
    void resumeReadsBackAFinishedRunAndRefusesAnotherConfig() throws IOException {
        Path dir = tmp.resolve("run");
        String cfg = config("[allen-cahn]\nenabled = false\n").toString();
        assertEquals(0, run("reproduce", "-q", "-c", cfg, "-o", dir.toString()), err.toString());
        byte[] report = Files.readAllBytes(dir.resolve("report.json"));
        assertTrue(Files.exists(dir.resolve("checkpoints/ou-spde/truth.phase")));

        assertEquals(0, run("reproduce", "-q", "-c", cfg, "-o", dir.toString(), "--resume"), err.toString());
        assertTrue(java.util.Arrays.equals(report, Files.readAllBytes(dir.resolve("report.json"))));

        err.getBuffer().setLength(0);
        assertEquals(2, run("reproduce", "-q", "-c", cfg, "-o", dir.toString(), "--resume", "--seed", "6"));
        assertTrue(err.toString().startsWith("error: ") && err.toString().contains("run.seed: 5 in the run, 6 now"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("reproduce", "-q", "-c", cfg, "-o", dir.toString(), "--resume", "--force"));
        assertTrue(err.toString().contains("--resume or --force"), err.toString());
    }

    /**
     * Two failures in one run (one run keeps the test short): Allen–Cahn's simulation diverges, and the
     * OU's DSM training explodes. Both are named; everything else still runs and is reported.
     */
    @Test
    void divergenceKeepsEverythingElseAndExitsOne() throws IOException {
        Path dir = tmp.resolve("diverged");
        // RK4 at dt = 1 is unstable for the cubic reaction (|α·3u²·dt| > 2.8): NaN within the spin-up.
        Path cfg = config("""
                [allen-cahn]
                dt = 1.0
                save_every = 1
                spinup = 10.0
                """);
        // Adam steps of 1000 without warm-up: the DSM loss explodes within a few updates.
        Files.writeString(cfg, Files.readString(cfg).replace("dsm_steps = 40", "dsm_steps = 40\ndsm_learning_rate = 1000.0\ndsm_warmup = 0"));
        assertEquals(1, run("reproduce", "-q", "-c", cfg.toString(), "-o", dir.toString()), err.toString());
        assertTrue(err.toString().contains("run incomplete"), err.toString());
        JsonNode status = JsonReport.read(dir.resolve("status.json"));
        assertFalse(status.get("complete").asBoolean());
        String reason = status.get("reason").asText();
        assertTrue(reason.contains("allen-cahn") && reason.contains("diverged") && reason.contains("training diverged at step"), reason);
        JsonNode report = JsonReport.read(dir.resolve("report.json"));
        assertFalse(report.get("complete").asBoolean());
        assertFalse(report.get("systems").get("allen-cahn").get("complete").asBoolean());
        JsonNode ou = report.get("systems").get("ou-spde");
        assertFalse(ou.get("complete").asBoolean());
        assertEquals("diverged", ou.get("training").get("stop").asText());
        // The OU still ran on the kept checkpoint: the quasi-Gaussian estimate and the truth are reported.
        assertTrue(ou.get("methods").get("gfdt-quasi-gaussian").has("vs_perturbed-ensemble"));
        assertTrue(Files.isRegularFile(dir.resolve("ou-spde/response_gfdt-dsm-cnn.npy")));
        assertTrue(Files.isRegularFile(dir.resolve("ou-spde/response.png")));
        assertFalse(RunManifest.read(dir.resolve("manifest.json")).complete());
    }

    @Test
    void badConfigIsOneLineAndExitTwo() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.toml"), "[allen-cahn]\nreset_every = 10.0\n");
        Path dir = tmp.resolve("never");
        assertEquals(2, run("reproduce", "-c", bad.toString(), "-o", dir.toString()));
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].startsWith("error: " + bad + ":2:") && lines[0].contains("allen-cahn.reset_every"), lines[0]);
        assertFalse(Files.exists(dir), "nothing is created for a bad config");

        err.getBuffer().setLength(0);
        assertEquals(2, run("reproduce", "--systems", "lorenz96", "-o", dir.toString()));
        assertTrue(err.toString().contains("--systems") && err.toString().contains("navier-stokes"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("reproduce", "--preset", "huge", "-o", dir.toString()));
        assertTrue(err.toString().contains("small, full"), err.toString());
        assertFalse(Files.exists(dir));
    }

    @Test
    void printConfigShowsTheEffectiveToml() {
        assertEquals(0, run("reproduce", "--preset", "full", "--systems", "allen-cahn", "--seed", "9", "--print-config"));
        String toml = out.toString();
        assertTrue(toml.contains("seed = 9") && toml.contains("[allen-cahn]\nenabled = true"), toml);
        assertTrue(toml.contains("[ou-spde]\nenabled = false"), toml);
    }
}
