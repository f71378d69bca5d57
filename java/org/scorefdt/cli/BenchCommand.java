package org.scorefdt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.RunConfig;
import org.scorefdt.integrate.Precision;
import org.scorefdt.throughput.Measurement;
import org.scorefdt.throughput.Throughput;
import org.scorefdt.throughput.Timing;
import org.scorefdt.throughput.Workload;
import org.scorefdt.throughput.WorkloadSize;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt bench}: throughput of the engine's hot loops ({@link Workload}), one JSON line per
 * workload on standard output — the same keys the peers in {@code bench/peers/} print, merged by
 * {@code bench/gpu/report.py}. Workloads that cannot run here print a line with
 * {@code "available": false} and the reason; the exit code is 1 only if one failed.
 */
@RunOptions.Uses(seed = false, precision = true)
@Command(mixinStandardHelpOptions = true, name = "bench", modelTransformer = RunOptions.Fit.class, description = {
        "Throughput of the engine's hot loops, one JSON line per workload (units per second, median of rounds).",
        "Workloads: ou32 (OU SPDE 32x32, exact), ac64 (Allen-Cahn 64x64, RK4+EM), l96 (Lorenz-96 d=40, RK4+EM),",
        "mlp (score MLP forward), kde (KDE score d=8), lagged (lagged-correlation accumulation 32x32).",
        "Sizes and parameters: bench/workloads.json. Not a test: run it on a quiet machine."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** {@code --backend} (the tier to time; an absent one gives "not available" lines), {@code --precision}
     *  (of the integrators; KDE, MLP and lagged compute in f64 on java/cpu), {@code --threads}, {@code -q}, {@code --verbose}. */
    @Mixin
    RunOptions run;

    @Option(names = "--workload", defaultValue = "all", paramLabel = "LIST",
            description = "Comma-separated workloads, or all (default ${DEFAULT-VALUE}).")
    String workloads;

    @Option(names = "--size", defaultValue = "small", paramLabel = "tiny|small|full",
            description = "tiny (tests), small (a CPU) or full (a GPU) (default ${DEFAULT-VALUE}).")
    String size;


    @Option(names = "--warmup", paramLabel = "CALLS", description = "Untimed calls first (default by size: 1, 2, 2).")
    Integer warmup;

    @Option(names = "--repeats", paramLabel = "N", description = "Timed rounds; the median is reported (default by size: 1, 5, 5).")
    Integer repeats;

    @Option(names = "--min-seconds", paramLabel = "S", description = "Shortest timed round (default by size: 0, 0.5, 1).")
    Double minSeconds;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Also append the JSON lines to FILE.")
    Path output;

    @Option(names = "--list", description = "Print the workload definitions (JSON, one line each) and exit.")
    boolean list;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            WorkloadSize sz;
            try {
                sz = WorkloadSize.parse(size);
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, "--size: " + e.getMessage());
            }
            List<Workload> chosen = parseWorkloads(cl);
            if (list) {
                for (Workload w : chosen) cl.getOut().println(definition(w, sz));
                cl.getOut().flush();
                return Main.EXIT_OK;
            }
            RunConfig settings = run.settings();
            BackendKind backend = settings.backend();
            Precision precision = settings.precision();
            Timing def = Timing.defaults(sz);
            Timing timing;
            try {
                timing = new Timing(warmup != null ? warmup : def.warmupCalls(), repeats != null ? repeats : def.repeats(),
                        minSeconds != null ? minSeconds : def.minSeconds());
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, "--warmup/--repeats/--min-seconds: " + e.getMessage());
            }
            if (output != null) CliSupport.checkOutputFile(cl, output, true);
            boolean failed = false;
            for (Workload w : chosen) {
                run.progress(cl, String.format(Locale.ROOT, "bench: %s (%s, %s, %s) ...", w.configName(), sz.configName(),
                        backend.configName(), precision.configName()));
                Measurement m = Throughput.measure(w, sz, backend, precision, settings.threads(), timing);
                failed |= m.status() == Measurement.Status.FAILED;
                run.progress(cl, "bench: " + summary(m));
                String line = m.toJson();
                cl.getOut().println(line);
                cl.getOut().flush();
                if (output != null) {
                    Files.writeString(output, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
            return failed ? Main.EXIT_FAILED : Main.EXIT_OK;
        });
    }

    private List<Workload> parseWorkloads(CommandLine cl) {
        if (workloads.trim().equalsIgnoreCase("all")) return List.of(Workload.values());
        List<Workload> out = new ArrayList<>();
        for (String s : workloads.split(",")) {
            if (s.isBlank()) continue;
            try {
                out.add(Workload.parse(s));
            } catch (IllegalArgumentException e) {
                throw CliSupport.usage(cl, "--workload: " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw CliSupport.usage(cl, "--workload: no workload named");
        return out;
    }

    private static String summary(Measurement m) {
        return switch (m.status()) {
            case MEASURED -> String.format(Locale.ROOT, "%s on %s: %.4g %s/s (%d calls, %.2f s)", m.workload().configName(),
                    m.backend(), m.perSecond(), m.workload().units(), m.calls(), m.seconds());
            case UNAVAILABLE -> m.workload().configName() + " on " + m.requested().configName() + ": not available: " + m.reason();
            case FAILED -> m.workload().configName() + " on " + m.requested().configName() + ": FAILED: " + m.reason();
        };
    }

    private static String definition(Workload w, WorkloadSize sz) throws IOException {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("workload", w.configName());
        m.put("units", w.units());
        m.put("size", sz.configName());
        m.putAll(w.fixed());
        m.putAll(w.dims(sz));
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
    }
}
