package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.integrate.Precision;
import picocli.CommandLine;

class MainTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(new CommandLine(new Main()), args);
    }

    private int run(CommandLine cl, String... args) {
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** One clear line, no stack trace. */
    private void assertOneErrorLine(String... fragments) {
        String e = err.toString();
        assertTrue(e.startsWith("error: "), e);
        for (String f : fragments) assertTrue(e.contains(f), "missing '" + f + "' in: " + e);
        assertFalse(e.contains("\tat "), "no stack trace without --verbose: " + e);
    }

    /** Every subcommand answers --help with its usage and exit 0, before checking required options. */
    @Test
    void everySubcommandHasHelp() {
        CommandLine root = new CommandLine(new Main());
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            out.getBuffer().setLength(0);
            assertEquals(0, run(new CommandLine(new Main()), name, "--help"), name + ": " + err);
            assertTrue(out.toString().startsWith("Usage: scorefdt " + name), name + ": " + out);
        }
    }

    @Test
    void versionPrints() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("scorefdt "), out.toString());
    }

    @Test
    void configPrintSmallAndPaperParseBack() {
        assertEquals(0, run("config", "print"));
        assertEquals(OuJobConfig.defaults(), TomlConfigLoader.parse(out.toString(), "stdout"));
        out.getBuffer().setLength(0);
        assertEquals(0, run("config", "print", "paper"));
        assertEquals(OuJobConfig.preset("paper"), TomlConfigLoader.parse(out.toString(), "stdout"));
    }

    @Test
    void configPrintUnknownPreset() {
        assertEquals(2, run("config", "print", "huge"));
        assertOneErrorLine("unknown preset 'huge'", "small, paper");
    }

    @Test
    void configCheckOk() throws IOException {
        Path f = file("ok.toml", "[model]\nn = 8\n");
        assertEquals(0, run("config", "check", f.toString()));
        assertEquals("OK: " + f + " (ou config)" + System.lineSeparator(), out.toString());
    }

    @Test
    void configCheckUnknownKey() throws IOException {
        assertEquals(2, run("config", "check", file("u.toml", "[model]\ngrid = 8\n").toString()));
        assertOneErrorLine("u.toml:2:1: key 'model.grid'", "unknown key", "allowed keys in [model]: kind, n,");
    }

    @Test
    void configCheckWrongType() throws IOException {
        assertEquals(2, run("config", "check", file("w.toml", "[integrator]\ndt = \"0.1\"\n").toString()));
        assertOneErrorLine("key 'integrator.dt'", "expected number, got string \"0.1\"");
    }

    @Test
    void configCheckNegativeDt() throws IOException {
        assertEquals(2, run("config", "check", file("d.toml", "[integrator]\ndt = -0.1\n").toString()));
        assertOneErrorLine("d.toml:2:1: key 'integrator.dt' = -0.1: must be a finite number >= 1.0E-9");
    }

    @Test
    void configCheckOddGrid() throws IOException {
        assertEquals(2, run("config", "check", file("n.toml", "[model]\nn = 17\n").toString()));
        assertOneErrorLine("key 'model.n' = 17: must be even, in [4, 256]");
    }

    @Test
    void configCheckPixelOutsideGrid() throws IOException {
        assertEquals(2, run("config", "check", file("p.toml", "[truth]\npixel = [0, 16]\n").toString()));
        assertOneErrorLine("key 'truth.pixel' = [0, 16]: must lie inside the 16x16 grid");
    }

    @Test
    void configCheckMalformedToml() throws IOException {
        assertEquals(2, run("config", "check", file("m.toml", "[run]\nseed = 1\n[model\nn = 8\n").toString()));
        assertOneErrorLine("m.toml:3:", "TOML syntax error");
    }

    @Test
    void configCheckMissingFile() {
        assertEquals(2, run("config", "check", tmp.resolve("none.toml").toString()));
        assertOneErrorLine("none.toml: no such file");
    }

    @Test
    void verboseAddsStackTrace() throws IOException {
        assertEquals(2, run("--verbose", "config", "check", file("d.toml", "[integrator]\ndt = 0\n").toString()));
        assertTrue(err.toString().contains("\tat org.scorefdt."), err.toString());
        // --verbose is also an option of each command, after its name.
        err.getBuffer().setLength(0);
        assertEquals(2, run("config", "check", file("e.toml", "[integrator]\ndt = 0\n").toString(), "--verbose"));
        assertTrue(err.toString().contains("\tat org.scorefdt."), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("ou", "--threads", "-1", "--verbose", "-o", tmp.resolve("v").toString()));
        assertTrue(err.toString().startsWith("error: --threads: key 'run.threads' = -1: must be in [0, "), err.toString());
        assertTrue(err.toString().contains("\tat org.scorefdt."), err.toString());
    }

    @Test
    void ouRefusesExistingOutputWithoutForce() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("prev"));
        Files.writeString(dir.resolve("manifest.json"), "{\"old\": true}");
        assertEquals(2, run("ou", "-o", dir.toString()));
        assertOneErrorLine("not empty", dir.toString(), "--force");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("manifest.json")), s.toList(), "nothing written");
        }
        assertEquals("{\"old\": true}", Files.readString(dir.resolve("manifest.json")));
    }

    @Test
    void ouInvalidOverrides() throws IOException {
        assertEquals(2, run("ou", "--threads", "-1", "-o", tmp.resolve("x").toString()));
        assertOneErrorLine("--threads: key 'run.threads' = -1: must be in [0, ");
        err.getBuffer().setLength(0);
        // Enum options are converted while parsing, so their errors take the configured usage-error path.
        assertEquals(2, run(Main.newCommandLine(), "ou", "--backend", "gpu", "-o", tmp.resolve("x").toString()));
        assertOneErrorLine("--backend", "key 'run.backend' = \"gpu\": must be one of auto, cuda, cpu, java");
        err.getBuffer().setLength(0);
        assertEquals(2, run(Main.newCommandLine(), "ou", "--precision", "f16", "-o", tmp.resolve("x").toString()));
        assertOneErrorLine("--precision", "key 'run.precision' = \"f16\": must be one of f64, f32");
        assertFalse(Files.exists(tmp.resolve("x")), "nothing created on a usage error");
    }

    @Test
    void enumOverridesTakeConfigSpellings() {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.ParseResult pr = cl.parseArgs("ou", "--backend", "cpu", "--precision", "f32");
        OuCommand ou = pr.subcommand().commandSpec().commandLine().getCommand();
        OuJobConfig cfg = OuJobConfig.defaults().withRun(ou.run.apply(OuJobConfig.defaults().run()));
        assertEquals(BackendKind.CPU, cfg.run().backend());
        assertEquals(Precision.F32, cfg.run().precision());
    }

    @Test
    void ouInvalidConfigFile() throws IOException {
        Path f = file("bad.toml", "[ensemble]\nmembers = 0\n");
        assertEquals(2, run("ou", "--config", f.toString(), "-o", tmp.resolve("y").toString()));
        assertOneErrorLine("key 'ensemble.members' = 0: must be >= 1");
        assertEquals(2, run("ou", "--config", f.toString(), "--preset", "paper"));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("ou", "--no-such-option"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run());
    }

    @Test
    void configuredCommandLinePrintsOneErrorLineForUsageErrors() {
        assertEquals(2, run(Main.newCommandLine(), "ou", "--no-such-option"));
        String[] lines = err.toString().split("\\R");
        assertEquals("error: Unknown option: '--no-such-option'", lines[0]);
        assertEquals(2, lines.length);
    }
}
