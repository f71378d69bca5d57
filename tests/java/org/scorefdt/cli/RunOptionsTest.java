package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shared options ({@link RunOptions}): every job command parses {@code --seed}, {@code --backend},
 * {@code --threads}, {@code --precision}, {@code -q} and {@code --verbose} the same way, has exactly
 * the ones its {@link RunOptions.Uses} names, keeps its documented defaults, and reports a bad value
 * with the same message.
 */
class RunOptionsTest {
    @TempDir
    Path tmp;

    /** Which shared options each command has (seed default: null = the config's run.seed). */
    record Expect(String command, Long seed, boolean hasSeed, boolean backend, boolean threads, boolean precision) {}

    static final List<Expect> COMMANDS = List.of(
            new Expect("ou", null, true, true, true, true),
            new Expect("reproduce", null, true, true, true, true),
            new Expect("simulate", 1L, true, true, true, true),
            new Expect("train", 1L, true, false, false, false),
            new Expect("sample", 1L, true, false, false, false),
            new Expect("respond", 7L, true, true, false, false),
            new Expect("bench", null, false, true, true, true));

    /** What a command needs besides the shared options to get past parsing (and to its checks). */
    static List<String> required(String command, Path tmp) {
        return switch (command) {
            case "ou", "reproduce" -> List.of("-o", tmp.resolve(command).toString());
            case "simulate" -> List.of("--system", "double-well", "-o", tmp.resolve("s.npy").toString());
            case "respond" -> List.of("--system", "double-well", "--model", "m.sfdt", "-o", tmp.resolve("r").toString());
            case "train" -> List.of("--data", "d.npy", "--model", "kde", "-o", tmp.resolve("t.sfdt").toString());
            case "sample" -> List.of("--model", "m.sfdt", "-o", tmp.resolve("x.npy").toString());
            case "bench" -> List.of("--workload", "l96", "--size", "tiny");
            default -> throw new AssertionError(command);
        };
    }

    static RunOptions parse(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        all.addAll(required(command, Path.of("unused")));
        CommandLine.ParseResult pr = new CommandLine(new Main()).parseArgs(all.toArray(String[]::new));
        Object cmd = pr.subcommand().commandSpec().userObject();
        try {
            return (RunOptions) cmd.getClass().getDeclaredField("run").get(cmd);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(command + " has no RunOptions field 'run'", e);
        }
    }

    @Test
    void everyJobCommandHasExactlyTheSharedOptionsItUses() {
        Map<String, CommandLine> subs = new CommandLine(new Main()).getSubcommands();
        for (Expect e : COMMANDS) {
            var spec = subs.get(e.command()).getCommandSpec();
            assertNotNull(spec.findOption("-q"), e.command());
            assertNotNull(spec.findOption("--quiet"), e.command());
            assertNotNull(spec.findOption("--verbose"), e.command());
            assertEquals(e.hasSeed(), spec.findOption("--seed") != null, e.command() + " --seed");
            assertEquals(e.backend(), spec.findOption("--backend") != null, e.command() + " --backend");
            assertEquals(e.threads(), spec.findOption("--threads") != null, e.command() + " --threads");
            assertEquals(e.precision(), spec.findOption("--precision") != null, e.command() + " --precision");
        }
        // The commands that run nothing still take --verbose (stack traces).
        assertNotNull(subs.get("config").getSubcommands().get("check").getCommandSpec().findOption("--verbose"));
    }

    @Test
    void theSameArgumentsGiveTheSameSettingsInEveryCommand() {
        for (Expect e : COMMANDS) {
            List<String> args = new ArrayList<>();
            if (e.hasSeed()) args.addAll(List.of("--seed", "-5"));
            if (e.backend()) args.addAll(List.of("--backend", "JAVA"));
            if (e.threads()) args.addAll(List.of("--threads", "3"));
            if (e.precision()) args.addAll(List.of("--precision", "f32"));
            args.addAll(List.of("-q", "--verbose"));
            RunOptions o = parse(e.command(), args.toArray(String[]::new));
            RunConfig r = o.apply(RunConfig.DEFAULTS);
            assertEquals(e.hasSeed() ? -5 : RunConfig.DEFAULTS.seed(), r.seed(), e.command());
            assertEquals(e.backend() ? BackendKind.JAVA : BackendKind.AUTO, r.backend(), e.command());
            assertEquals(e.threads() ? 3 : 0, r.threads(), e.command());
            assertEquals(e.precision() ? Precision.F32 : Precision.F64, r.precision(), e.command());
            assertTrue(o.quiet(), e.command());
            assertTrue(o.verbose.on(), e.command());
        }
    }

    @Test
    void defaultsArePerCommandAndConfigCommandsKeepTheFileValues() {
        for (Expect e : COMMANDS) {
            RunOptions o = parse(e.command());
            assertFalse(o.quiet(), e.command());
            assertFalse(o.verbose.on(), e.command());
            if (e.seed() == null) {
                // ou, reproduce (and bench, without a seed): nothing set, so the [run] table stays as it is.
                assertNull(o.seed, e.command());
                RunConfig file = new RunConfig(99, BackendKind.CPU, Precision.F32, 2, "x");
                if (!e.command().equals("bench")) assertEquals(file, o.apply(file), e.command());
            } else {
                RunConfig s = o.settings();
                assertEquals(e.seed(), s.seed(), e.command());
                assertEquals(BackendKind.AUTO, s.backend(), e.command());
                assertEquals(0, s.threads(), e.command());
                assertEquals(Precision.F64, s.precision(), e.command());
            }
        }
        assertEquals(BackendKind.AUTO, parse("bench").settings().backend());
        // ou without options runs the preset's run table (the README's `ou -o runs/ou-small`).
        OuCommand ou = (OuCommand) new CommandLine(new Main()).parseArgs("ou", "-o", "runs/ou-small").subcommand().commandSpec().userObject();
        assertEquals(OuJobConfig.preset("small"), ou.effective());
        ou = (OuCommand) new CommandLine(new Main()).parseArgs("ou").subcommand().commandSpec().userObject();
        assertEquals(OuJobConfig.preset("small"), ou.effective());
    }

    @Test
    void helpShowsEachCommandsDefaultOrTheKeyItOverrides() {
        assertTrue(help("respond").contains("64-bit run seed (default 7)"), help("respond"));
        assertTrue(help("simulate").contains("64-bit run seed (default 1)"), help("simulate"));
        assertTrue(help("ou").contains("64-bit run seed (overrides run.seed)"), help("ou"));
        assertTrue(help("reproduce").contains("(overrides run.backend)"), help("reproduce"));
        assertTrue(help("bench").contains("Worker threads, 0 = all cores (default 0)"), help("bench"));
    }

    @Test
    void badValuesGiveTheSameMessageInEveryCommand() {
        for (Expect e : COMMANDS) {
            if (e.threads()) {
                String err = error(e.command(), "--threads", "-1");
                assertTrue(err.startsWith("error: --threads: key 'run.threads' = -1: must be in [0, "), e.command() + ": " + err);
            }
            if (e.backend()) {
                String err = error(e.command(), "--backend", "gpu");
                assertTrue(err.contains("key 'run.backend' = \"gpu\": must be one of auto, cuda, cpu, java"), e.command() + ": " + err);
            }
            if (e.precision()) {
                String err = error(e.command(), "--precision", "f16");
                assertTrue(err.contains("key 'run.precision' = \"f16\": must be one of f64, f32"), e.command() + ": " + err);
            }
            if (e.hasSeed()) {
                String err = error(e.command(), "--seed", "abc");
                assertTrue(err.contains("'--seed'") && err.contains("abc"), e.command() + ": " + err);
            }
        }
    }

    private String help(String command) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute(command, "--help"));
        return out.toString().replaceAll("\\s+", " ");
    }

    /** Runs the command with just enough arguments to get to the option's check; exit code 2 and one error line. */
    private String error(String command, String option, String value) {
        StringWriter err = new StringWriter();
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(command, option, value));
        args.addAll(required(command, tmp));
        assertEquals(2, cl.execute(args.toArray(String[]::new)), command + " " + option + " " + value + ": " + err);
        assertFalse(tmp.resolve(command).toFile().exists(), "nothing created");
        return err.toString();
    }
}
