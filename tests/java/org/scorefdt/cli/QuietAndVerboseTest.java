package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -q} silences every progress path (bars, per-phase lines, "running…" messages) of every
 * command that has one, while results still print (for {@code ou}, {@code simulate}, {@code train} and
 * {@code sample} only the final line); {@code --verbose} raises the log level of the run.
 */
class QuietAndVerboseTest {
    @TempDir
    static Path dir;

    static Path data, kde;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    @BeforeAll
    static void data() {
        data = dir.resolve("dw.npy");
        kde = dir.resolve("dw.sfdt");
        var cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("simulate", "--system", "double-well", "--members", "8", "--duration", "100", "--snapshot-every", "2",
                "-q", "-o", data.toString()));
        assertEquals(0, cl.execute("train", "--data", data.toString(), "--model", "kde", "-q", "-o", kde.toString()));
    }

    /**
     * Runs {@code args} (with {@code -o} appended: a fresh path per run) without and with {@code -q}:
     * the progress ({@code progress} on the error stream) shows only without, the results are the same.
     */
    void quietSilences(List<String> args, String output, String progress) {
        assertEquals(0, run(with(args, "-o", dir.resolve("loud-" + output).toString())), err.toString());
        assertTrue(err.toString().contains(progress), "progress shown without -q: " + err);
        String loud = out.toString().replace("loud-", "");
        assertEquals(0, run(with(args, "-q", "-o", dir.resolve("quiet-" + output).toString())), err.toString());
        assertEquals("", err.toString(), "no progress with -q");
        assertFalse(out.toString().isEmpty(), "results still print with -q");
        String quiet = out.toString().replace("quiet-", "");
        if (Main.FINAL_LINE_WHEN_QUIET.contains(args.get(0))) {
            assertEquals(1, quiet.lines().count(), "the final line alone with -q: " + quiet);
            assertEquals(lastLine(loud).replaceAll("\\(.*", ""), quiet.strip().replaceAll("\\(.*", ""), "the loud run's final line");
        } else {
            assertEquals(loud.lines().findFirst().orElseThrow().replaceAll("\\(.*", ""),
                    quiet.lines().findFirst().orElseThrow().replaceAll("\\(.*", ""), "same result");
        }
    }

    static String lastLine(String text) {
        return text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void simulate() {
        quietSilences(List.of("simulate", "--system", "double-well", "--members", "4", "--duration", "20"), "s.npy",
                "simulate double-well [");
    }

    @Test
    void trainDsm() {
        quietSilences(List.of("train", "--data", data.toString(), "--model", "dsm", "--hidden", "8", "--steps", "40"), "d.sfdt",
                "train dsm [");
    }

    @Test
    void sample() {
        quietSilences(List.of("sample", "--model", kde.toString(), "--chains", "4", "--steps", "100", "--burn-in", "10"), "x.npy",
                "sample ula [");
    }

    @Test
    void respond() {
        quietSilences(List.of("respond", "--system", "double-well", "--model", kde.toString(), "--members", "8", "--blocks", "4",
                "--duration", "20", "--lags", "5", "--reset-every", "5", "--truth-pairs", "8", "--truth-duration", "10",
                "--snapshot-every", "2"), "r", "respond: double-well");
    }

    @Test
    void bench() {
        List<String> args = List.of("bench", "--workload", "l96", "--size", "tiny", "--backend", "java");
        assertEquals(0, run(args), err.toString());
        assertTrue(err.toString().contains("bench: l96"), err.toString());
        assertEquals(0, run(with(args, "-q")), err.toString());
        assertEquals("", err.toString());
        assertTrue(out.toString().contains("\"workload\""), out.toString());
    }

    static final String FAST_OU = """
            [run]
            seed = 7
            [model]
            n = 8
            [ensemble]
            members = 8
            duration = 100
            [response]
            lags = 5
            blocks = 4
            bootstrap = 0
            [truth]
            pairs = 2
            """;

    /** {@code ou} with {@code more} options into {@code ou-loud-NAME} and {@code ou-quiet-NAME}: a bar without -q only. */
    void ouQuiet(String name, String... more) throws IOException {
        Path cfg = Files.writeString(dir.resolve("fast.toml"), FAST_OU);
        List<String> args = with(List.of("ou", "--config", cfg.toString(), "--backend", "java"), more);
        assertEquals(0, run(with(args, "-o", dir.resolve("ou-loud-" + name).toString())), err.toString());
        assertTrue(err.toString().contains(" ["), "a progress bar without -q: " + err);
        String loud = out.toString();
        assertEquals(0, run(with(args, "-q", "-o", dir.resolve("ou-quiet-" + name).toString())), err.toString());
        assertEquals("", err.toString(), "no progress with -q");
        assertTrue(loud.lines().count() > 1, loud);
        assertEquals(lastLine(loud).replace("ou-loud-", "ou-quiet-") + System.lineSeparator(), out.toString(), "the final line alone");
    }

    @Test
    void ouJob() throws IOException {
        ouQuiet("full");
        assertTrue(Files.exists(dir.resolve("ou-quiet-full")));
    }

    /** Both stages of a sharded {@code ou}: the fit over all members, then one shard with the fitted score. */
    @Test
    void ouFitAndShard() throws IOException {
        ouQuiet("fit", "--fit-only");
        Path fitted = dir.resolve("ou-quiet-fit").resolve(org.scorefdt.api.OuShards.FITTED_SCORE);
        assertTrue(Files.exists(fitted), fitted.toString());
        ouQuiet("shard", "--shard", "0/2", "--fitted-score", fitted.toString());
    }

    @Test
    void sampleBaoab() {
        quietSilences(List.of("sample", "--model", kde.toString(), "--sampler", "baoab", "--chains", "4", "--steps", "100",
                "--burn-in", "10"), "b.npy", "sample baoab [");
    }

    /**
     * In a real process (no console: the bars would print their final line), {@code -q} leaves the
     * error stream empty and one line on standard output for each of {@code ou}, {@code simulate},
     * {@code sample} and {@code train}: nothing else writes to the real streams (logging, native loaders).
     */
    @Test
    void quietChildProcessesPrintNoBar() throws Exception {
        Path cfg = Files.writeString(dir.resolve("child.toml"), FAST_OU);
        List<List<String>> runs = List.of(
                List.of("ou", "--config", cfg.toString(), "--backend", "java", "-o", dir.resolve("child-ou").toString()),
                List.of("simulate", "--system", "double-well", "--members", "2", "--duration", "20", "-o",
                        dir.resolve("child-sim.npy").toString()),
                List.of("sample", "--model", kde.toString(), "--chains", "2", "--steps", "50", "--burn-in", "5", "-o",
                        dir.resolve("child-s.npy").toString()),
                List.of("train", "--data", data.toString(), "--model", "dsm", "--hidden", "8", "--steps", "20", "-o",
                        dir.resolve("child-d.sfdt").toString()));
        for (List<String> r : runs) {
            String loud = child(r.stream().map(a -> a.replace("child-", "child-loud-")).toList());
            assertTrue(loud.matches("(?s).*\\] \\d+% .*"), r.get(0) + " shows its bar's final line without -q: " + loud);
            String[] quiet = childOutAndErr(with(r, "-q"));
            assertEquals("", quiet[1], r.get(0) + " -q: nothing on standard error");
            assertEquals(1, quiet[0].lines().count(), r.get(0) + " -q: one line on standard output: " + quiet[0]);
        }
    }

    @Test
    void quietListenerPrintsNothing() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ConsoleListener l = new ConsoleListener(new PrintStream(b, true, StandardCharsets.UTF_8), true)) {
            l.phase("simulate", 100);
            l.progress(50);
            l.info("backend: java");
            l.progress(100);
            l.phase("truth", 10);
        }
        assertEquals(0, b.size());
        assertEquals(ProgressBar.Mode.SILENT, ProgressBar.detectMode(true));
    }

    /**
     * The runnable jar's entry point in a child JVM: without an explicit {@code -D} level, a run logs
     * warnings only, {@code --verbose} logs INFO and DEBUG lines of the library (here: why the auto
     * backend skipped CUDA, or the tier it took), and {@code -q} prints no progress.
     */
    @Test
    void verboseRaisesTheLogLevelOfTheRun() throws Exception {
        List<String> sim = List.of("simulate", "--system", "double-well", "--members", "2", "--duration", "4", "--snapshot-every", "2");
        String normal = child(with(sim, "-o", dir.resolve("c1.npy").toString()));
        String verbose = child(with(sim, "--verbose", "-o", dir.resolve("c2.npy").toString()));
        String quiet = child(with(sim, "-q", "-o", dir.resolve("c3.npy").toString()));
        assertFalse(normal.contains(" INFO ") || normal.contains(" DEBUG "), normal);
        assertTrue(normal.contains("simulate double-well ["), normal);
        assertTrue(verbose.contains(" INFO org.scorefdt.") || verbose.contains(" DEBUG org.scorefdt."), verbose);
        assertFalse(quiet.contains("simulate double-well") || quiet.contains(" INFO "), quiet);
    }

    @Test
    void verboseOptionSetsTheLevelOnlyWithoutAnExplicitOne() {
        String before = System.getProperty(Logging.LEVEL_PROPERTY);
        try {
            RunOptionsTest.parse("simulate", "--verbose");
            // Under the test runner the level is set with -D (pom): an explicit level always wins.
            assertEquals(before, System.getProperty(Logging.LEVEL_PROPERTY));
            assertEquals(before == null ? "info" : before, Logging.level());
        } finally {
            if (before != null) System.setProperty(Logging.LEVEL_PROPERTY, before);
        }
    }

    /** Runs Main in a child JVM; returns its standard output and standard error (after checking exit code 0). */
    private static String[] childOutAndErr(List<String> args) throws Exception {
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        String err = child(args, ProcessBuilder.Redirect.to(stdout.toFile()));
        return new String[] {Files.readString(stdout), err};
    }

    private static String child(List<String> args) throws Exception {
        return child(args, ProcessBuilder.Redirect.DISCARD);
    }

    /** Runs Main in a child JVM; returns its standard error (after checking exit code 0). */
    private static String child(List<String> args, ProcessBuilder.Redirect stdout) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", cp, Main.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout).start();
        byte[] e = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String errText = new String(e, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), errText);
        return errText;
    }
}
