package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Exit codes in every {@code --help}, the generated completion script, and a bad {@code --plot-format}. */
class CliConventionsTest {
    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** A line of the exit-code list: the code, then its meaning. */
    static boolean lists(String help, int code, String meaning) {
        return Pattern.compile("(?m)^\\s+" + code + "\\s+" + Pattern.quote(meaning)).matcher(help).find();
    }

    @Test
    void everyHelpListsTheExitCodes() {
        assertEquals(0, run("--help"));
        String top = out.toString();
        assertTrue(top.contains("Exit codes:"), top);
        assertTrue(lists(top, Main.EXIT_OK, "Success."), top);
        assertTrue(lists(top, Main.EXIT_FAILED, "The run failed"), top);
        assertTrue(lists(top, Main.EXIT_USAGE, "Usage or configuration error"), top);
        for (String name : Main.newCommandLine().getSubcommands().keySet()) {
            if (name.equals("help")) continue;
            assertEquals(0, run(name, "--help"), name + ": " + err);
            String help = out.toString();
            assertTrue(lists(help, Main.EXIT_OK, "") && lists(help, Main.EXIT_FAILED, "") && lists(help, Main.EXIT_USAGE, ""),
                    name + ": " + help);
            assertEquals(name.equals("status"), lists(help, StatusCommand.EXIT_RUNNING, "The run is still running."), name + ": " + help);
        }
    }

    @Test
    void completionScriptCoversTheCommandTree() {
        assertEquals(0, run("completion"));
        String script = out.toString();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_scorefdt"), "registers a bash completion function");
        for (String word : List.of("ou", "reproduce", "respond", "completion", "--plot-format", "--backend")) {
            assertTrue(script.contains(word), "completes " + word);
        }
        assertTrue(err.toString().isEmpty(), err.toString());
    }

    /** In bash itself: after {@code scorefdt ou --plot-format } the script offers exactly the three formats. */
    @Test
    void completionWorksInBash() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash here: the live completion check is skipped");
        assertEquals(0, run("completion"));
        Path script = Files.writeString(tmp.resolve("scorefdt.bash"), out.toString());
        String probe = "source " + script + "\n"
                + "COMP_WORDS=(scorefdt ou --plot-format ''); COMP_CWORD=3; COMP_LINE='scorefdt ou --plot-format '; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_scorefdt scorefdt '' --plot-format\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\" | sort\n";
        Process p = new ProcessBuilder("/bin/bash", "-c", probe).redirectError(ProcessBuilder.Redirect.DISCARD).start(); // compopt warns outside a real completion
        String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of("pdf", "png", "svg"), got.lines().toList(), got);
    }

    @Test
    void badPlotFormatIsOneClearLine() {
        assertEquals(Main.EXIT_USAGE, run("ou", "--plot-format", "gif", "-o", tmp.resolve("never").toString()));
        String e = err.toString();
        String first = e.lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ") && first.contains("--plot-format") && first.contains("gif")
                && first.contains("png, svg, pdf"), e);
        assertFalse(e.contains("\tat "), "no stack trace: " + e);
        assertFalse(Files.exists(tmp.resolve("never")), "nothing ran");
    }

    /**
     * A whole {@code ou} run with {@code --plot-format svg}: the plot is SVG whose title carries system and
     * seed, both error panels carry the truth's noise floor, and results.npz holds every .npy of the run.
     */
    @Test
    void ouWritesSvgAndResultsNpz() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("fast.toml"), QuietAndVerboseTest.FAST_OU);
        Path o = tmp.resolve("svg-run");
        assertEquals(0, run("ou", "--config", cfg.toString(), "--backend", "java", "--plot-format", "svg", "-q", "-o", o.toString()),
                err.toString());
        assertFalse(Files.exists(o.resolve("response.png")));
        String svg = Files.readString(o.resolve("response.svg"));
        assertTrue(svg.contains("R_(0,0) (ou, seed 7)"), "title with system and seed");
        assertTrue(Pattern.compile("L2 error vs [^:;]+ \\(ou, seed 7\\): [^;]*truth noise floor").matcher(svg).find(), "floor on the L2 panel");
        assertTrue(Pattern.compile("Linf error vs [^:;]+ \\(ou, seed 7\\): [^;]*truth noise floor").matcher(svg).find(), "floor on the Linf panel");
        List<String> npy;
        try (var files = Files.list(o)) {
            npy = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
        }
        assertTrue(npy.size() >= 6, npy.toString());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(o.resolve("results.npz").toFile())) {
            assertEquals(npy, zip.stream().map(java.util.zip.ZipEntry::getName).toList());
            for (String n : npy) {
                assertTrue(java.util.Arrays.equals(Files.readAllBytes(o.resolve(n)), zip.getInputStream(zip.getEntry(n)).readAllBytes()), n);
            }
        }
    }
}
