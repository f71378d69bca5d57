package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Regions rendered from the CLI runs under docs/recorded/, each recorded by {@code bench/record.py KIND}
 * running the commands README.md shows: the default OU job, the double-well block of "Learned
 * scores", the Lorenz-96 block and its ablation, and Navier–Stokes on the cpu and java tiers.
 */
final class RunRegions {

    static final Path OU_DEFAULT = Path.of("docs/recorded/ou-default.json");
    static final Path DOUBLE_WELL = Path.of("docs/recorded/double-well.json");
    static final Path LORENZ96 = Path.of("docs/recorded/lorenz96.json");
    static final Path ABLATION = Path.of("docs/recorded/lorenz96-ablation.json");
    static final Path NAVIER_STOKES = Path.of("docs/recorded/navier-stokes-tiers.json");
    static final Path ALLEN_CAHN = Path.of("docs/recorded/allen-cahn-mixing.json");

    /** Lags of the early window in the ablation sentence: 4…8. */
    static final int EARLY_FROM = 4, EARLY_TO = 8;

    private RunRegions() {}

    static void register(Map<String, Function<RenderedRegions, List<String>>> regions) {
        regions.put("ou-default time", RunRegions::ouDefault);
        regions.put("double-well respond", RunRegions::doubleWell);
        regions.put("lorenz96 table", RunRegions::lorenzTable);
        regions.put("lorenz96 diagonal", RunRegions::lorenzDiagonal);
        regions.put("lorenz96 mean", RunRegions::lorenzMean);
        regions.put("lorenz96-ablation", RunRegions::ablation);
        regions.put("navier-stokes tiers", RunRegions::navierStokes);
        regions.put("allen-cahn-mixing table", RunRegions::mixingTable);
        regions.put("allen-cahn-mixing summary", RunRegions::mixingSummary);
        regions.put("allen-cahn-mixing start", RunRegions::mixingStart);
    }

    // ---- docs/recorded/ou-default.json ---------------------------------------------------------------------

    private static List<String> ouDefault(RenderedRegions r) {
        JsonNode j = r.json(OU_DEFAULT), m = j.get("manifest");
        List<String> phases = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : (Iterable<Map.Entry<String, JsonNode>>) () -> m.get("phase_seconds").fields()) {
            phases.add(p.getKey() + " " + seconds(p.getValue().asDouble()));
        }
        double cpu = RecordedRun.cpuSeconds(j);
        return List.of(String.format(Locale.ROOT,
                "The default OU job (`scorefdt ou`, 16×16, 32 members × 2000 saves, both estimators, bootstrap, truth) took %s "
                        + "wall time on the `%s` tier (%s; its manifest's phases)%s. %s",
                seconds(m.get("wall_seconds").asDouble()), m.get("backend").asText(), String.join(", ", phases),
                Double.isNaN(cpu) ? "" : " and " + seconds(cpu) + " of CPU time, the JVM's start included",
                RecordedRun.provenance(j, OU_DEFAULT.toString(), RecordedRun.Measures.TIMES)));
    }

    // ---- docs/recorded/double-well.json ----------------------------------------------------------------------

    private static List<String> doubleWell(RenderedRegions r) {
        JsonNode j = r.json(DOUBLE_WELL);
        List<String> out = new ArrayList<>();
        out.add("```text");
        out.add(j.get("respond_line").get(0).asText());
        out.add("```");
        JsonNode data = j.get("data"), s = j.get("samples_ula_kde");
        out.add(String.format(Locale.ROOT,
                "There `sample --sampler ula` on the KDE score printed mean %s and variance %s, against the data's %s and %s; the "
                        + "block took %s of wall time in all%s. %s",
                RenderedRegions.sig(s.get("mean").asDouble(), 2), RenderedRegions.sig(s.get("variance").asDouble()),
                RenderedRegions.sig(data.get("mean").asDouble(), 2), RenderedRegions.sig(data.get("variance").asDouble()),
                RenderedRegions.minutes(RecordedRun.wallSeconds(j)),
                Double.isNaN(RecordedRun.cpuSeconds(j)) ? "" : " (" + RenderedRegions.minutes(RecordedRun.cpuSeconds(j)) + " of CPU time)",
                RecordedRun.provenance(j, DOUBLE_WELL.toString(), RecordedRun.Measures.TIMES)));
        return out;
    }

    // ---- docs/recorded/lorenz96.json -------------------------------------------------------------------------

    private static JsonNode estimator(JsonNode respond, String prefix) {
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) () -> respond.get("estimators").fields()) {
            if (e.getKey().startsWith(prefix)) return e.getValue();
        }
        throw new IllegalStateException("no estimator " + prefix + "* in " + respond.get("estimators").fieldNames());
    }

    private static List<String> lorenzTable(RenderedRegions r) {
        JsonNode j = r.json(LORENZ96), resp = j.get("respond"), sizes = j.get("sizes"), cmp = resp.get("summary").get("learned_vs_quasi_gaussian");
        JsonNode times = resp.get("times");
        List<String> out = new ArrayList<>();
        out.add("| lags | GFDT data | truth | score fit on | quasi-Gaussian | cubic (r = 2, p = 3) | floor | Δ | σ_Δ | z |");
        out.add("|---|---|---|---|---|---|---|---|---|---|");
        out.add(String.format(Locale.ROOT, "| %d (t ≤ %s) | %d × %d saves | %,d kicks (%d pairs × %d saves, every %d) | %,d snapshots | %s | **%s** | %s | %s | %s | %.1f |",
                resp.get("lags").asInt(), RenderedRegions.plain(times.get(times.size() - 1).asDouble()),
                sizes.get("gfdt_members").asInt(), sizes.get("gfdt_saves").asInt(), sizes.get("truth_windows").asLong(),
                sizes.get("truth_pairs").asInt(), sizes.get("truth_saves").asInt(), sizes.get("truth_reset_every").asInt(),
                j.get("data").get("shape").get(0).asLong(), sig3(resp.get("summary").get("quasi_gaussian_mean_l2").asDouble()),
                sig3(resp.get("summary").get("learned_mean_l2").asDouble()), sig2(resp.get("summary").get("mean_noise_floor").asDouble()),
                sig3(cmp.get("squared_error_difference").asDouble()), sig3(cmp.get("stderr_bound").asDouble()), cmp.get("z").asDouble()));
        out.add("");
        out.add(RecordedRun.provenance(j, LORENZ96.toString(), RecordedRun.Measures.TIMES)
                + " The three commands took " + RenderedRegions.minutes(RecordedRun.wallSeconds(j)) + ".");
        return out;
    }

    /** The diagonal response at the first lag and the nearest neighbours', each estimate against the truth. */
    private static List<String> lorenzDiagonal(RenderedRegions r) {
        JsonNode resp = r.json(LORENZ96).get("respond").get("response");
        String learned = null;
        for (var it = resp.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (n.startsWith("learned")) learned = n;
        }
        JsonNode truth = resp.get("truth"), cubic = resp.get(learned), qg = resp.get("quasi-gaussian");
        double t1 = truth.get("0").get(1).asDouble(), c1 = cubic.get("0").get(1).asDouble(), q1 = qg.get("0").get(1).asDouble();
        double tau = r.json(LORENZ96).get("respond").get("times").get(1).asDouble();
        String persistence = Math.abs(q1 - t1) <= Math.abs(c1 - t1)
                ? "the quasi-Gaussian estimate is not further from the truth here than the cubic score"
                : (q1 > t1 ? "the Gaussian approximation overstates the persistence" : "the Gaussian approximation understates the persistence");
        return List.of(String.format(Locale.ROOT,
                "The diagonal response shows where the difference comes from: R₀₀(%s) is %s in the truth, %s with the cubic score and %s "
                        + "quasi-Gaussian — %s; at the nearest neighbours (R₁₀, R₋₁,₀) the quasi-Gaussian estimate is off the truth by up to "
                        + "%s over the lags, the cubic score by up to %s.",
                RenderedRegions.plain(tau), sig3(t1), sig3(c1), sig3(q1), persistence, sig3(neighbourError(qg, truth)),
                sig3(neighbourError(cubic, truth))));
    }

    private static double neighbourError(JsonNode est, JsonNode truth) {
        double worst = 0;
        for (String c : List.of("1", "-1")) {
            for (int i = 0; i < truth.get(c).size(); i++) {
                worst = Math.max(worst, Math.abs(est.get(c).get(i).asDouble() - truth.get(c).get(i).asDouble()));
            }
        }
        return worst;
    }

    /** docs/systems.md §4: the stationary mean per component of the README's Lorenz-96 snapshots. */
    private static List<String> lorenzMean(RenderedRegions r) {
        JsonNode d = r.json(LORENZ96).get("data");
        return List.of(String.format(Locale.ROOT,
                "The mean per component is %s (%,d snapshots of the README's Lorenz-96 run, `docs/recorded/lorenz96.json`; per component "
                        + "%s to %s), far from zero.",
                RenderedRegions.sig(d.get("mean").asDouble(), 2), d.get("shape").get(0).asLong(),
                RenderedRegions.sig(d.get("mean_per_component_min").asDouble(), 3), RenderedRegions.sig(d.get("mean_per_component_max").asDouble(), 3)));
    }

    // ---- docs/recorded/lorenz96-ablation.json ----------------------------------------------------------------

    private static List<String> ablation(RenderedRegions r) {
        JsonNode j = r.json(ABLATION);
        JsonNode variants = j.get("variants");
        JsonNode first = variants.get(0).get("respond");
        int lags = first.get("lags").asInt();
        JsonNode times = first.get("times");
        List<String> parts = new ArrayList<>();
        parts.add("quasi-Gaussian " + sig3(first.get("summary").get("quasi_gaussian_mean_l2").asDouble()));
        StringBuilder mlp = new StringBuilder();
        JsonNode cubic = null;
        for (JsonNode v : variants) {
            String name = v.get("name").asText();
            JsonNode s = v.get("respond").get("summary");
            if (name.startsWith("DSM")) {
                JsonNode c = s.get("learned_vs_quasi_gaussian");
                double z = c.get("z").asDouble(), th = c.get("z_threshold").asDouble();
                String verdict = z > th ? "closer to the truth than quasi-Gaussian" : z < -th ? "further from the truth than quasi-Gaussian"
                        : "indistinguishable from quasi-Gaussian";
                mlp.append(String.format(Locale.ROOT, " A DSM-MLP (`train %s`, %s) gives %s: %s (z = %.1f)%s.", v.get("train").asText(),
                        seconds(v.get("train_seconds").asDouble()), sig3(s.get("learned_mean_l2").asDouble()), verdict, z,
                        diagnostics(estimator(v.get("respond"), "learned")) + heldOut(v.get("train_log"))));
            } else {
                parts.add((name.equals("degree 1") ? "degree 1 (circulant Gaussian)" : name) + ": " + sig3(s.get("learned_mean_l2").asDouble()));
                if (name.equals("degree 3, r = 2")) cubic = v.get("respond");
            }
        }
        double[] qgEarly = range(first.get("estimators").get("quasi-gaussian").get("l2"));
        double[] cubicEarly = range(estimator(cubic, "learned").get("l2"));
        double floorEarly = max(first.get("noise_floor"));
        return List.of(String.format(Locale.ROOT,
                        "Mean L2 error over %d lags (t ≤ %s; truth floor %s — the truth's noise dominates the late lags): %s. At lags %d–%d "
                                + "(t = %s–%s) the cubic score's error is %s–%s against quasi-Gaussian's %s–%s (floor ≤ %s).%s",
                        lags, RenderedRegions.plain(times.get(times.size() - 1).asDouble()),
                        RenderedRegions.sig(first.get("summary").get("mean_noise_floor").asDouble(), 3), String.join("; ", parts), EARLY_FROM, EARLY_TO,
                        RenderedRegions.plain(times.get(EARLY_FROM).asDouble()), RenderedRegions.plain(times.get(EARLY_TO).asDouble()),
                        sig2(cubicEarly[0]), sig2(cubicEarly[1]), sig2(qgEarly[0]), sig2(qgEarly[1]), sig2(floorEarly), mlp),
                RecordedRun.provenance(j, ABLATION.toString(), RecordedRun.Measures.TIMES));
    }

    /** ", its Stein diagnostics …" from an estimator's diagnostics scalars, or nothing where the run has none. */
    private static String diagnostics(JsonNode estimator) {
        JsonNode dg = estimator.get("diagnostics");
        if (dg == null) return "";
        return String.format(Locale.ROOT, "; its truth-free diagnostics %s (Stein diagonal %s ± %s, worst |z| %s against the bound %s)",
                dg.get("passes").asBoolean() ? "pass" : "fail", sig3(dg.get("stein_diagonal").asDouble()),
                sig2(dg.get("stein_diagonal_stderr").asDouble()), sig2(dg.get("max_abs_z").asDouble()), sig2(dg.get("z_bound").asDouble()));
    }

    private static final java.util.regex.Pattern HELD_OUT = java.util.regex.Pattern.compile(
            "(warning: )?\\S+ diagnostics on (\\d+) held-out samples: Stein diagonal ([-0-9.]+) ± ([0-9.]+).*worst \\|z\\| = ([0-9.]+) .*bound ([0-9.]+)\\)");

    /** "; on the trainer's held-out split …" from train's diagnostics line, where the log has one. */
    private static String heldOut(JsonNode log) {
        for (JsonNode l : log) {
            java.util.regex.Matcher m = HELD_OUT.matcher(l.asText());
            if (!m.find()) continue;
            return String.format(Locale.ROOT, "; on the trainer's %s held-out samples they %s (Stein diagonal %s ± %s, worst |z| %s, bound %s)",
                    m.group(2), m.group(1) != null ? "fail" : "pass", m.group(3), m.group(4), m.group(5), m.group(6));
        }
        return "";
    }

    /** min and max over lags EARLY_FROM…EARLY_TO */
    private static double[] range(JsonNode perLag) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = EARLY_FROM; i <= EARLY_TO; i++) {
            lo = Math.min(lo, perLag.get(i).asDouble());
            hi = Math.max(hi, perLag.get(i).asDouble());
        }
        return new double[] {lo, hi};
    }

    private static double max(JsonNode perLag) {
        double hi = 0;
        for (int i = EARLY_FROM; i <= EARLY_TO; i++) hi = Math.max(hi, perLag.get(i).asDouble());
        return hi;
    }

    // ---- docs/recorded/navier-stokes-tiers.json --------------------------------------------------------------

    private static List<String> navierStokes(RenderedRegions r) {
        JsonNode j = r.json(NAVIER_STOKES), t = j.get("tiers");
        double cpu = t.get("cpu").get("cpu_microseconds_per_member_step").asDouble();
        double java = t.get("java").get("cpu_microseconds_per_member_step").asDouble();
        List<String> durations = new ArrayList<>();
        int members = 0;
        for (JsonNode run : j.get("runs")) {
            members = run.get("members").asInt();
            String d = RenderedRegions.plain(run.get("duration").asDouble());
            if (!durations.contains(d)) durations.add(d);
        }
        return List.of(String.format(Locale.ROOT,
                "CPU time per member-step at 32×32 on one thread (`simulate` with %d members for %s time units per tier, the "
                        + "difference between the runs over the difference in member-steps, so start-up cancels): %s µs on the native CPU "
                        + "tier, %s µs on the Java tier — the native tier %s faster. %s",
                members, String.join(" and ", durations), sig2(cpu), sig2(java), BenchRegions.ratio(java, cpu),
                RecordedRun.provenance(j, NAVIER_STOKES.toString(), RecordedRun.Measures.TIMES)
                        .replace("so the times are upper bounds for it.", "which inflates CPU times less than wall times but does not leave them untouched.")));
    }

    // ---- docs/recorded/allen-cahn-mixing.json (docs/reproduction.md §3.1) ------------------------------------

    /** The paper's noise scale, and the one of the small default at N = 8 (set in bold). */
    static final double PAPER = 1, SMALL_DEFAULT_SCALE = 16;
    static final int SMALL_DEFAULT_GRID = 8;

    private static List<String> mixingTable(RenderedRegions r) {
        List<String> out = new ArrayList<>();
        out.add("| N | ε² | ε²N² | switches / member / unit | C(10) | C(50) | between-member |");
        out.add("|---|---|---|---|---|---|---|");
        for (JsonNode c : r.json(ALLEN_CAHN).get("mixing")) {
            double scale = c.get("noise_scale").asDouble();
            boolean bold = c.get("n").asInt() == SMALL_DEFAULT_GRID && scale == SMALL_DEFAULT_SCALE;
            String eps = RenderedRegions.sig(c.get("epsilon2").asDouble(), 2)
                    + (scale == PAPER ? " (paper)" : " (noise_scale " + RenderedRegions.plain(scale) + ")");
            List<String> cells = List.of(String.valueOf(c.get("n").asInt()), eps, sig2(c.get("epsilon2_n2").asDouble()),
                    String.format(Locale.ROOT, "%.4f", c.get("switches_per_member_per_unit").asDouble()), sig3(c.get("c10").asDouble()),
                    sig3(c.get("c50").asDouble()), sig3(c.get("between_member").asDouble()));
            out.add("| " + String.join(" | ", cells.stream().map(x -> bold ? "**" + x + "**" : x).toList()) + " |");
        }
        return out;
    }

    private static JsonNode mixing(RenderedRegions r, int n, double scale) {
        for (JsonNode c : r.json(ALLEN_CAHN).get("mixing")) {
            if (c.get("n").asInt() == n && c.get("noise_scale").asDouble() == scale) return c;
        }
        throw new IllegalStateException("no Allen–Cahn mixing case N = " + n + ", noise_scale " + scale + " in " + ALLEN_CAHN);
    }

    private static List<String> mixingSummary(RenderedRegions r) {
        JsonNode p8 = mixing(r, 8, PAPER), p16 = mixing(r, 16, PAPER), p32 = mixing(r, 32, PAPER);
        JsonNode s8 = mixing(r, SMALL_DEFAULT_GRID, SMALL_DEFAULT_SCALE);
        double c8 = s8.get("c50").asDouble(), c32 = p32.get("c50").asDouble();
        return List.of(String.format(Locale.ROOT,
                "Per member and 100 time units pixel (0, 0) switches wells %s times at N = 8 and %s at N = 16 with the paper's noise, "
                        + "%s at N = 32; with `noise_scale = 16` at N = 8, %s, and there it mixes %s than at N = 32 with the paper's noise "
                        + "(C(50) = %s against %s).",
                sig2(100 * p8.get("switches_per_member_per_unit").asDouble()), sig2(100 * p16.get("switches_per_member_per_unit").asDouble()),
                sig2(100 * p32.get("switches_per_member_per_unit").asDouble()), sig2(100 * s8.get("switches_per_member_per_unit").asDouble()),
                Math.abs(c8) < Math.abs(c32) ? "faster" : "no faster", sig3(c8), sig3(c32)),
                RecordedRun.provenance(r.json(ALLEN_CAHN), ALLEN_CAHN.toString(), RecordedRun.Measures.TIMES)
                        .replace(": the machine was shared with other jobs, so the times are upper bounds for it.",
                                " (the statistics do not depend on the load)."));
    }

    private static List<String> mixingStart(RenderedRegions r) {
        List<String> parts = new ArrayList<>(), nan = new ArrayList<>();
        int members = 0;
        for (JsonNode c : r.json(ALLEN_CAHN).get("start")) {
            members = c.get("members").asInt();
            parts.add(String.format(Locale.ROOT, "%d at N = %d (largest max |u| %s)", c.get("members_over_1").asInt(), c.get("n").asInt(),
                    sig2(c.get("largest_max_abs").asDouble())));
            nan.add(c.get("diverged_at_time").isNull()
                    ? "none within " + c.get("units_run_unbounded").asInt() + " time units at N = " + c.get("n").asInt()
                    : "NaN by t = " + RenderedRegions.plain(c.get("diverged_at_time").asDouble()) + " at N = " + c.get("n").asInt());
        }
        return List.of(String.format(Locale.ROOT,
                "The start: docs/systems.md §2's \"white noise smoothed by Σ, divided by its maximum\" leaves the minimum far below −1: of "
                        + "the first %d members of the reproduction's seed, %s have max |u| > 1 after dividing by the signed maximum, and "
                        + "RK4 + EM at dt = 1/32 from there diverges (%s; the run's first check is at t = 1).",
                members, String.join(", ", parts), String.join(", ", nan)));
    }

    // ---- formatting --------------------------------------------------------------------------------------

    private static String sig3(double x) {
        return RenderedRegions.sig(x, 3);
    }

    private static String sig2(double x) {
        return RenderedRegions.sig(x, 2);
    }

    /** "13 s", "2.1 min" */
    static String seconds(double s) {
        return s >= 120 ? RenderedRegions.minutes(s) : RenderedRegions.sig(s, 2) + " s";
    }
}
