package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regions rendered from the benchmark results under bench/results/: the periodic-CNN comparison
 * ({@code bench/run-cnn.sh}) and the three runs {@code bench/record.py} records — the integrators
 * ({@code bench/run.sh}), every workload of the GPU harness on the CPU ({@code bench/gpu/run-cpu.sh})
 * and the score models ({@code bench/run-scores.sh}).
 */
final class BenchRegions {

    static final Path CNN_CPU = Path.of("bench/results/cnn-cpu.json");
    static final Path INTEGRATORS = Path.of("bench/results/integrators-cpu.json");
    static final Path THROUGHPUT = Path.of("bench/results/throughput-cpu.json");
    static final Path SCORES = Path.of("bench/results/scores-cpu.json");

    /** Flops per (query, data point) pair of the native KDE kernel at d = 8: 5d + 35 (bench/README.md). */
    static final int KDE_FLOPS_PER_PAIR = 75;

    /** The engine's CPU target against numpy on the integrators (bench/README.md). */
    static final double NUMPY_TARGET = 3;

    private BenchRegions() {}

    static void register(Map<String, Function<RenderedRegions, List<String>>> regions) {
        regions.put("cnn-cpu host", BenchRegions::cnnHost);
        regions.put("cnn-cpu table", BenchRegions::cnnTable);
        regions.put("integrators-cpu host", r -> List.of(RecordedRun.provenance(r.json(INTEGRATORS), INTEGRATORS.toString(),
                RecordedRun.Measures.RATES)));
        regions.put("integrators-cpu table", BenchRegions::integratorTable);
        regions.put("integrators-cpu notes", BenchRegions::integratorNotes);
        regions.put("throughput-cpu host", r -> List.of(RecordedRun.provenance(r.json(THROUGHPUT), THROUGHPUT.toString(),
                RecordedRun.Measures.RATES)));
        regions.put("throughput-cpu table", BenchRegions::throughputTable);
        regions.put("scores-cpu sentence", BenchRegions::scoresSentence);
        regions.put("scores-cpu kde", BenchRegions::kdeTable);
        regions.put("spark-ou sentence", BenchRegions::sparkSentence);
        regions.put("dsm lorenz96", BenchRegions::dsmLorenz96);
    }

    // ---- bench/results/dsm-lorenz96.json (bench/run-dsm-defaults.sh) ------------------------------------------

    static final Path DSM_L96 = Path.of("bench/results/dsm-lorenz96.json");

    /** Per run: read-off, fresh-sample diagnostics of both scores, response errors and the comparison; then the runs pooled. */
    private static List<String> dsmLorenz96(RenderedRegions r) {
        JsonNode j = r.json(DSM_L96);
        List<String> out = new java.util.ArrayList<>();
        out.add("| seed | read-off | Hyvärinen loss on fresh samples: DSM / quasi-Gaussian | DSM Stein diagonal | DSM diagnostics "
                + "| mean L2 error: quasi-Gaussian / DSM (truth floor) | Δ ± σ_Δ | z |");
        out.add("|---|---|---|---|---|---|---|---|");
        for (JsonNode run : j.get("runs")) {
            JsonNode dsm = run.get("diagnostics_on_fresh_samples").get("dsm-default");
            JsonNode qg = run.get("diagnostics_on_fresh_samples").get("quasi-gaussian");
            JsonNode resp = run.get("response");
            out.add(String.format(Locale.ROOT, "| %d | %s | %s / %s | %s | %s (worst \\|z\\| %s, bound %s) | %s / %s (%s) | %s | %s |",
                    run.get("seed").asInt(), run.get("dsm_training").get("read_off").asText(),
                    RenderedRegions.pm(dsm.get("hyvarinen").asDouble(), dsm.get("hyvarinen_stderr").asDouble()),
                    RenderedRegions.pm(qg.get("hyvarinen").asDouble(), qg.get("hyvarinen_stderr").asDouble()),
                    RenderedRegions.pm(dsm.get("stein_diagonal").asDouble(), dsm.get("stein_diagonal_stderr").asDouble()),
                    dsm.get("passes").asBoolean() ? "pass" : "fail", RenderedRegions.sig(dsm.get("max_abs_z").asDouble()),
                    RenderedRegions.sig(dsm.get("z_bound").asDouble()),
                    RenderedRegions.sig(resp.get("quasi-gaussian_mean_l2").asDouble()), RenderedRegions.sig(resp.get("dsm-default_mean_l2").asDouble()),
                    RenderedRegions.sig(resp.get("truth_noise_floor").asDouble()),
                    RenderedRegions.pm(resp.get("delta_squared_error").asDouble(), resp.get("delta_stderr").asDouble()),
                    RenderedRegions.sig(resp.get("z").asDouble())));
        }
        JsonNode p = j.get("pooled");
        out.add("");
        out.add(String.format(Locale.ROOT, "Pooled over the %d independent runs: Δ = %s, z = %s — the default DSM %s quasi-Gaussian "
                        + "(criterion: z > 3). Recorded by `bench/run-dsm-defaults.sh` on %s, commit %s, %s; %s.",
                p.get("runs").asInt(), RenderedRegions.pm(p.get("delta_squared_error").asDouble(), p.get("delta_stderr").asDouble()),
                RenderedRegions.sig(p.get("z").asDouble()), p.get("dsm_beats_quasi_gaussian").asBoolean() ? "beats" : "does not beat",
                j.get("date").asText(), j.get("git_commit").asText(), j.get("host").asText(), RenderedRegions.minutes(j.get("seconds").asDouble())));
        return out;
    }

    // ---- bench/results/spark-ou.json (bench/run-spark.sh) ---------------------------------------------------

    static final Path SPARK = Path.of("bench/results/spark-ou.json");

    /** The local[2]/local[1] speed-up and Spark's overhead against the CLI, medians with their targets, and the CLI's own speed-up. */
    private static List<String> sparkSentence(RenderedRegions r) {
        JsonNode j = r.json(SPARK), med = j.get("median_wall_seconds");
        return List.of(String.format(Locale.ROOT,
                "Measured (`bench/run-spark.sh`, %d runs of each in rotation, %s, commit %s, %s): medians of %s s for the CLI on 2 threads, "
                        + "%s s for `local[2]`, %s s for `local[1]`; speed-up `local[2]`/`local[1]` %s (target %s), Spark's overhead against "
                        + "the CLI on 2 threads %s %% of wall time (target %s %%) and %s %% of CPU time; the CLI's own 2-thread speed-up %s.",
                j.get("repeats").asInt(), j.get("date").asText().substring(0, 10), j.get("git_commit").asText(), j.get("machine").asText(),
                RenderedRegions.sig(med.get("cli-t2").asDouble()), RenderedRegions.sig(med.get("spark-local2").asDouble()),
                RenderedRegions.sig(med.get("spark-local1").asDouble()),
                RenderedRegions.sig(j.get("speedup_local2_over_local1").get("median").asDouble()), RenderedRegions.sig(j.get("speedup_target").asDouble(), 2),
                RenderedRegions.sig(100 * j.get("overhead_spark_local2_over_cli_t2").get("median").asDouble(), 2),
                RenderedRegions.sig(100 * j.get("overhead_target").asDouble(), 2),
                RenderedRegions.sig(100 * j.get("overhead_spark_local2_over_cli_t2").get("cpu_median").asDouble(), 2),
                RenderedRegions.sig(j.get("cli_speedup_t2_over_t1").get("median").asDouble())));
    }

    // ---- bench/results/cnn-cpu.json (bench/run-cnn.sh) --------------------------------------------------

    private static List<String> cnnHost(RenderedRegions r) {
        String host = "";
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (JsonNode line : r.json(CNN_CPU).get("host")) {
            String t = line.asText();
            Matcher m = Pattern.compile("load ([0-9.]+)").matcher(t);
            if (t.startsWith("host: ")) host = t.substring("host: ".length());
            else if (m.find()) {
                lo = Math.min(lo, Double.parseDouble(m.group(1)));
                hi = Math.max(hi, Double.parseDouble(m.group(1)));
            }
        }
        return List.of(String.format(Locale.ROOT, "Run of the committed result: %s, shared with other jobs; one-minute load average %d–%d when the repetitions started (the JSON's `host` lines).",
                host, Math.round(lo), Math.round(hi)));
    }

    private static List<String> cnnTable(RenderedRegions r) {
        List<String> out = new ArrayList<>();
        out.add("| workload | grid | precision | ScoreFDT native | torch CPU | ratio |");
        out.add("|---|---|---|---|---|---|");
        for (JsonNode row : r.json(CNN_CPU).get("rows")) {
            out.add(String.format(Locale.ROOT, "| %s | %d | %s | %d | %d | %s |", row.get("workload").asText(), row.get("grid").asInt(),
                    row.get("precision").asText(), Math.round(row.get("scorefdt_native_samples_per_s").asDouble()),
                    Math.round(row.get("torch_cpu_samples_per_s").asDouble()), RenderedRegions.sig(row.get("ratio").asDouble(), 2)));
        }
        return out;
    }

    // ---- bench/results/integrators-cpu.json (bench/run.sh) ------------------------------------------------

    private static String integratorLabel(String workload) {
        return switch (workload) {
            case "ou32-exact" -> "OU SPDE 32×32, exact scheme";
            case "ou32-em" -> "OU SPDE 32×32, Euler–Maruyama";
            case "l96-rk4" -> "Lorenz-96 d=40, RK4+EM";
            case "dw-em" -> "double well d=1, EM";
            default -> workload;
        };
    }

    private static List<String> integratorTable(RenderedRegions r) {
        List<String> out = new ArrayList<>();
        out.add("| workload | threads | ScoreFDT native | ± (JMH) | ScoreFDT Java | numpy | torch | vs numpy | vs torch | vs Java |");
        out.add("|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode row : r.json(INTEGRATORS).get("rows")) {
            double cpu = num(row, "cpu"), java = num(row, "java"), np = num(row, "numpy"), torch = num(row, "torch");
            out.add("| " + integratorLabel(row.get("workload").asText()) + " | " + row.get("threads").asInt() + " | " + rate(cpu) + " | "
                    + (Double.isNaN(num(row, "cpu_error_pct")) ? "—" : Math.round(num(row, "cpu_error_pct")) + "%") + " | " + rate(java)
                    + " | " + rate(np) + " | " + rate(torch) + " | " + ratio(cpu, np) + " | " + ratio(cpu, torch) + " | "
                    + ratio(cpu, java) + " |");
        }
        return out;
    }

    private static List<String> integratorNotes(RenderedRegions r) {
        JsonNode j = r.json(INTEGRATORS);
        double maxBytes = 0;
        int calls = 0;
        for (JsonNode a : j.get("allocation")) {
            if (!a.get("backend").asText().equals("cpu")) continue;
            maxBytes = Math.max(maxBytes, a.get("bytes_per_call").asDouble());
            calls = a.path("calls").asInt(calls);
        }
        String normal = "";
        for (JsonNode l : j.get("limits")) {
            if (l.get("limit").asText().equals("numpy_normal")) {
                normal = String.format(Locale.ROOT, "; numpy draws one normal in %s ns (`bench/peers/machine_limits.py`)",
                        RenderedRegions.sig(l.get("value").asDouble(), 2));
            }
        }
        List<String> met = new ArrayList<>(), missed = new ArrayList<>();
        for (JsonNode row : j.get("rows")) {
            double cpu = num(row, "cpu"), np = num(row, "numpy");
            if (Double.isNaN(cpu) || Double.isNaN(np)) continue;
            String w = integratorLabel(row.get("workload").asText()) + " (" + row.get("threads").asInt() + " thread"
                    + (row.get("threads").asInt() == 1 ? "" : "s") + ")";
            (cpu / np >= NUMPY_TARGET ? met : missed).add(w);
        }
        String target = String.format(Locale.ROOT, "The target of %s× numpy (bench/README.md) is met on %s, not on %s.",
                RenderedRegions.plain(NUMPY_TARGET), met.isEmpty() ? "none" : String.join("; ", met),
                missed.isEmpty() ? "none" : String.join("; ", missed));
        boolean noisy = false;
        for (JsonNode row : j.get("rows")) noisy |= num(row, "cpu_error_pct") > UNRESOLVED_PCT;
        return List.of(String.format(Locale.ROOT, "The native backend allocates %s bytes per call on the Java heap (`AllocationCheck`, every workload)%s. %s%s",
                RenderedRegions.plain(maxBytes), normal, target, noisy ? String.format(Locale.ROOT, " Rows whose JMH error (±) exceeds %s %% were "
                        + "measured while the load changed: their ratios do not resolve the target.", RenderedRegions.plain(UNRESOLVED_PCT)) : ""));
    }

    // ---- bench/results/throughput-cpu.json (bench/gpu/run-cpu.sh) ------------------------------------------

    private static String throughputLabel(String workload) {
        return switch (workload) {
            case "ou32" -> "OU SPDE 32×32, exact";
            case "ac64" -> "Allen–Cahn 64×64, RK4+EM";
            case "l96" -> "Lorenz-96 d=40, RK4+EM";
            case "mlp" -> "MLP 41→64→64→40 forward";
            case "kde" -> "KDE score, d=8, 4096 × 16384";
            case "lagged" -> "lagged correlation 32×32 (Java; no native kernel)";
            default -> workload;
        };
    }

    private static String column(JsonNode row) {
        String impl = row.path("impl").asText();
        if (impl.equals("scorefdt")) return "sfdt-" + row.path("backend").asText();
        if (impl.equals("torch")) return "torch";
        return impl;
    }

    private static List<String> throughputTable(RenderedRegions r) {
        JsonNode rows = r.json(THROUGHPUT).get("rows");
        Map<String, Map<String, Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, String> units = new java.util.HashMap<>();
        for (String w : List.of("ou32", "ac64", "l96", "mlp", "kde", "lagged")) rates.put(w, new java.util.HashMap<>());
        for (JsonNode row : rows) {
            if (!row.hasNonNull("per_second")) continue;
            String w = row.get("workload").asText();
            rates.computeIfAbsent(w, k -> new java.util.HashMap<>()).put(column(row), row.get("per_second").asDouble());
            units.put(w, row.get("units").asText());
        }
        List<String> out = new ArrayList<>();
        out.add("| workload | units | ScoreFDT native | ScoreFDT Java | numpy | torch (CPU) | vs numpy | vs torch |");
        out.add("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Map<String, Double>> e : rates.entrySet()) {
            Map<String, Double> c = e.getValue();
            if (c.isEmpty()) continue;
            double cpu = c.getOrDefault("sfdt-cpu", Double.NaN), java = c.getOrDefault("sfdt-java", Double.NaN);
            double best = Double.isNaN(cpu) ? java : cpu;
            String tag = Double.isNaN(cpu) && !Double.isNaN(java) ? " (Java)" : "";
            double np = c.getOrDefault("numpy", Double.NaN), torch = c.getOrDefault("torch", Double.NaN);
            out.add("| " + throughputLabel(e.getKey()) + " | " + units.get(e.getKey()) + " | " + rate(cpu) + " | " + rate(java) + " | "
                    + rate(np) + " | " + rate(torch) + " | " + ratio(best, np) + (Double.isNaN(np) ? "" : tag) + " | " + ratio(best, torch)
                    + (Double.isNaN(torch) ? "" : tag) + " |");
        }
        return out;
    }

    // ---- bench/results/scores-cpu.json (bench/run-scores.sh) -----------------------------------------------

    /** The JMH result of {@code benchmark} (Class.method) with the given backend (null: any) at one thread. */
    private static JsonNode jmhRow(JsonNode j, String benchmark, String backend) {
        for (JsonNode b : j.get("jmh")) {
            if (!b.get("benchmark").asText().equals(benchmark)) continue;
            JsonNode p = b.get("params");
            if (backend != null && !p.path("backend").asText().equals(backend)) continue;
            if (p.has("threads") && p.get("threads").asInt() != 1) continue;
            return b;
        }
        return null;
    }

    private static double jmh(JsonNode j, String benchmark, String backend) {
        JsonNode b = jmhRow(j, benchmark, backend);
        return b == null ? Double.NaN : b.get("score").asDouble();
    }

    /** The JMH score with k/M and its 99.9 % error in percent: "99.5M (±190%)". */
    private static String jmhRate(JsonNode j, String benchmark, String backend) {
        JsonNode b = jmhRow(j, benchmark, backend);
        if (b == null) return "—";
        double score = b.get("score").asDouble();
        JsonNode e = b.get("error");
        return rate(score) + (e == null || e.isNull() ? "" : " (±" + Math.round(100 * e.asDouble() / score) + "%)");
    }

    private static double numpy(JsonNode rows, String workload, String field) {
        for (JsonNode r : rows) {
            if (r.get("workload").asText().equals(workload) && r.get("threads").asInt() == 1) return r.get(field).asDouble();
        }
        return Double.NaN;
    }

    private static List<String> scoresSentence(RenderedRegions r) {
        JsonNode j = r.json(SCORES);
        double kde = jmh(j, "KdeBenchmark.score", "cpu"), kdeNp = numpy(j.get("numpy_kde"), "kde-d8", "pairs_per_s");
        double fwd = jmh(j, "NativeMlpBenchmark.forward", "cpu"), fwdNp = numpy(j.get("numpy_mlp"), "mlp-forward", "samples_per_s");
        double step = jmh(j, "NetworkBenchmark.mlpTrainStepNative", null), stepNp = numpy(j.get("numpy_mlp"), "mlp-step", "samples_per_s");
        double stepJava = jmh(j, "NetworkBenchmark.mlpTrainStep", null), cnn = jmh(j, "NetworkBenchmark.cnnTrainStep", null);
        return List.of(String.format(Locale.ROOT,
                "Score models (`bench/run-scores.sh`, JMH at one thread with its 99.9 %% error, then its numpy peers in the same run): "
                        + "KDE %s pairs/s (numpy %s: %s); MLP forward %s samples/s (numpy %s, single-threaded BLAS: %s); one DSM training "
                        + "step (batch 256, forward + backward + clip + Adam) with native passes %s samples/s against numpy's %s (%s), "
                        + "the Java reference %s (%s); the periodic-CNN step (16×16, 16 channels, Java) %s samples/s.",
                jmhRate(j, "KdeBenchmark.score", "cpu"), rate(kdeNp), ratio(kde, kdeNp), jmhRate(j, "NativeMlpBenchmark.forward", "cpu"),
                rate(fwdNp), ratio(fwd, fwdNp), jmhRate(j, "NetworkBenchmark.mlpTrainStepNative", null), rate(stepNp), ratio(step, stepNp),
                jmhRate(j, "NetworkBenchmark.mlpTrainStep", null), ratio(stepJava, stepNp), jmhRate(j, "NetworkBenchmark.cnnTrainStep", null)),
                RecordedRun.provenance(j, SCORES.toString(), RecordedRun.Measures.RATES) + unresolved(j));
    }

    /** Above this JMH error (in % of the score) a figure does not resolve a comparison. */
    static final double UNRESOLVED_PCT = 50;

    /** A warning where some JMH error exceeds {@link #UNRESOLVED_PCT}, else nothing. */
    private static String unresolved(JsonNode j) {
        for (JsonNode b : j.get("jmh")) {
            JsonNode e = b.get("error");
            if (e != null && !e.isNull() && 100 * e.asDouble() / b.get("score").asDouble() > UNRESOLVED_PCT) {
                return String.format(Locale.ROOT, " JMH errors above %s %% mean the load changed while it measured: those figures, and ratios "
                        + "with them, do not resolve the comparison; rerun on a quiet machine before quoting them.", RenderedRegions.plain(UNRESOLVED_PCT));
            }
        }
        return "";
    }

    private static List<String> kdeTable(RenderedRegions r) {
        JsonNode j = r.json(SCORES);
        double cpu = jmh(j, "KdeBenchmark.score", "cpu"), java = jmh(j, "KdeBenchmark.score", "java");
        double np = numpy(j.get("numpy_kde"), "kde-d8", "pairs_per_s");
        double peak = Double.NaN;
        for (JsonNode l : r.json(INTEGRATORS).get("limits")) {
            if (l.get("limit").asText().equals("nominal_fp64") && l.get("threads").asInt() == 1) peak = l.get("value").asDouble();
        }
        double gflops = cpu * KDE_FLOPS_PER_PAIR / 1e9;
        List<String> out = new ArrayList<>();
        out.add("| pairs/s, one thread | |");
        out.add("|---|---|");
        out.add("| ScoreFDT native | " + jmhRate(j, "KdeBenchmark.score", "cpu") + " |");
        out.add("| ScoreFDT Java | " + jmhRate(j, "KdeBenchmark.score", "java") + " |");
        out.add("| numpy (matmul + exp) | " + rate(np) + " |");
        out.add("| native / numpy | " + ratio(cpu, np) + " |");
        out.add("| native / Java | " + ratio(cpu, java) + " |");
        out.add("");
        out.add(String.format(Locale.ROOT, "Native: %s pairs/s × %d flops = %s GFLOP/s, %s %% of one core's nominal FMA peak of %s GFLOP/s "
                        + "(%s %% of the no-FMA ceiling). %s", rate(cpu), KDE_FLOPS_PER_PAIR, RenderedRegions.sig(gflops, 3),
                RenderedRegions.sig(100 * gflops / peak, 2), RenderedRegions.sig(peak, 3), RenderedRegions.sig(200 * gflops / peak, 2),
                RecordedRun.provenance(j, SCORES.toString(), RecordedRun.Measures.RATES) + unresolved(j)));
        return out;
    }

    // ---- formatting --------------------------------------------------------------------------------------

    private static double num(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }

    /** Three significant digits with k/M/G: 115k, 2.80M; "—" where not measured. */
    static String rate(double x) {
        if (Double.isNaN(x)) return "—";
        if (x >= 1e9) return RenderedRegions.sig(x / 1e9, 3) + "G";
        if (x >= 1e6) return RenderedRegions.sig(x / 1e6, 3) + "M";
        if (x >= 1e3) return RenderedRegions.sig(x / 1e3, 3) + "k";
        return RenderedRegions.sig(x, 3);
    }

    /** a/b to two significant digits with ×; "—" where a side is missing. */
    static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) return "—";
        return RenderedRegions.sig(a / b, 2) + "×";
    }
}
