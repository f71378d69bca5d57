package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regions of README.md, bench/README.md and docs/ that are rendered from committed JSON. A region
 * sits between {@code <!-- rendered: NAME -->} and {@code <!-- end rendered -->}; its lines are
 * exactly what {@link #render(String)} returns for NAME, computed from the files under
 * docs/reproduction/, docs/recorded/ and bench/results/. This class holds the mechanism and the
 * reproduction regions; {@link BenchRegions} renders bench/results/, {@link RunRegions} docs/recorded/. {@code RenderedRegionsTest} fails when they differ; run it
 * with {@code -Dscorefdt.render=write} to rewrite every region from the JSON instead.
 */
final class RenderedRegions {

    static final String BEGIN = "<!-- rendered: ";
    static final String END = "<!-- end rendered -->";
    static final Pattern BEGIN_LINE = Pattern.compile("^<!-- rendered: (.+?) -->$");

    /** Documents that may hold rendered regions. */
    static final List<Path> DOCUMENTS = List.of(Path.of("README.md"), Path.of("bench/README.md"),
            Path.of("docs/reproduction.md"), Path.of("docs/systems.md"), Path.of("docs/score-models.md"));

    static final Path REPRO_SMALL = Path.of("docs/reproduction/report-small.json");
    static final Path REPRO_SMALL_MANIFEST = Path.of("docs/reproduction/small/manifest.json");
    /** The paper-size runs, one run per system: report-SYSTEM.json and manifest-SYSTEM.json. */
    static final Path REPRO_FULL = Path.of("docs/reproduction/full");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEARNED = "gfdt-dsm-cnn", GAUSSIAN = "gfdt-quasi-gaussian", ANALYTIC = "gfdt-analytic-score";
    private static final String TRUTH = "vs_perturbed-ensemble";
    /** Lags averaged for the early-time numbers: 1…EARLY. */
    static final int EARLY = 5;

    private static final Map<String, Function<RenderedRegions, List<String>>> REGIONS = new LinkedHashMap<>();

    static {
        REGIONS.put("reproduction-small run", RenderedRegions::reproductionRun);
        REGIONS.put("reproduction-small table", RenderedRegions::reproductionTable);
        REGIONS.put("reproduction-small verdicts", RenderedRegions::reproductionVerdicts);
        REGIONS.put("reproduction-small pairwise", RenderedRegions::reproductionPairwise);
        REGIONS.put("reproduction-small exact", RenderedRegions::reproductionExact);
        REGIONS.put("reproduction-small early", RenderedRegions::reproductionEarly);
        REGIONS.put("reproduction-small readme", RenderedRegions::reproductionReadme);
        REGIONS.put("reproduction-full table", RenderedRegions::reproductionFull);
        REGIONS.put("reproduction-small floor", RenderedRegions::reproductionFloor);
        REGIONS.put("reproduction-small stein", RenderedRegions::reproductionStein);
        BenchRegions.register(REGIONS);
        RunRegions.register(REGIONS);
        PrecisionRegions.register(REGIONS);
        ValidationRegions.register(REGIONS);
    }

    private final Path root;
    private final Map<Path, JsonNode> cache = new LinkedHashMap<>();

    RenderedRegions(Path root) {
        this.root = root;
    }

    /**
     * Prints the named regions' renderings (all without names), or with {@code write} rewrites the
     * documents: from the repository root,
     * {@code java -cp target/scorefdt.jar tests/java/org/scorefdt/RenderedRegions.java [write | NAME…]}.
     */
    public static void main(String[] args) throws IOException {
        RenderedRegions r = new RenderedRegions(Path.of(""));
        if (args.length > 0 && args[0].equals("write")) {
            for (Path doc : DOCUMENTS) Files.writeString(doc, r.rewrite(doc), StandardCharsets.UTF_8);
            return;
        }
        for (String name : args.length > 0 ? List.of(args) : names()) {
            System.out.println(BEGIN + name + " -->");
            r.render(name).forEach(System.out::println);
            System.out.println(END);
        }
    }

    /** Every region name this renderer knows. */
    static List<String> names() {
        return List.copyOf(REGIONS.keySet());
    }

    /** The lines of region {@code name}. */
    List<String> render(String name) {
        Function<RenderedRegions, List<String>> f = REGIONS.get(name);
        if (f == null) throw new IllegalArgumentException("no renderer for region '" + name + "' (known: " + names() + ")");
        return f.apply(this);
    }

    /** One region as it stands in a document. */
    record Region(Path document, String name, int firstLine, List<String> lines) {}

    /** The regions of {@code document} (paths relative to the root); unterminated or nested markers throw. */
    List<Region> regions(Path document) {
        List<String> lines = lines(document);
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = BEGIN_LINE.matcher(lines.get(i).strip());
            if (!m.matches()) {
                if (lines.get(i).strip().equals(END)) {
                    throw new IllegalStateException(document + ":" + (i + 1) + ": '" + END + "' without a region open");
                }
                continue;
            }
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals(END)) {
                if (lines.get(j).strip().startsWith(BEGIN)) {
                    throw new IllegalStateException(document + ":" + (j + 1) + ": region opened inside '" + m.group(1) + "'");
                }
                j++;
            }
            if (j == lines.size()) throw new IllegalStateException(document + ":" + (i + 1) + ": region '" + m.group(1) + "' is never closed");
            out.add(new Region(document, m.group(1), i + 2, List.copyOf(lines.subList(i + 1, j))));
            i = j;
        }
        return out;
    }

    /** {@code document} with every region replaced by its rendering. */
    String rewrite(Path document) {
        List<String> lines = lines(document);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i));
            Matcher m = BEGIN_LINE.matcher(lines.get(i).strip());
            if (!m.matches()) continue;
            out.addAll(render(m.group(1)));
            while (!lines.get(i + 1).strip().equals(END)) i++;
        }
        return String.join("\n", out) + "\n";
    }

    List<String> lines(Path document) {
        try {
            return Files.readString(root.resolve(document), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode json(Path p) {
        return cache.computeIfAbsent(p, q -> {
            try {
                // run outputs in one key case (JsonKeys): committed files written before it are camelCase
                return org.scorefdt.util.JsonKeys.snakeCase(JSON.readTree(root.resolve(q).toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    // ---- docs/reproduction/report-small.json ------------------------------------------------------

    private Iterable<Map.Entry<String, JsonNode>> systems() {
        return () -> json(REPRO_SMALL).get("systems").fields();
    }

    private static String systemLabel(String system, JsonNode s) {
        String label = switch (system) {
            case "ou-spde" -> "OU SPDE";
            case "allen-cahn" -> "Allen–Cahn";
            case "navier-stokes" -> "Navier–Stokes";
            default -> system;
        };
        return s.has("compared_modes") ? label + " (retained modes)" : label;
    }

    private static String methodLabel(String system, String method) {
        return switch (method) {
            case LEARNED -> "score-based (CNN)";
            case GAUSSIAN -> "quasi-Gaussian";
            case ANALYTIC -> system.equals("ou-spde") ? "exact score" : "analytic score";
            case "perturbed-ensemble" -> "perturbed-ensemble truth";
            default -> method;
        };
    }

    private static String shortLabel(String method) {
        return switch (method) {
            case LEARNED -> "CNN";
            case GAUSSIAN -> "quasi-Gaussian";
            case ANALYTIC -> "analytic score";
            default -> method;
        };
    }

    private List<String> reproductionRun() {
        List<String> pairs = new ArrayList<>(), members = new ArrayList<>(), steps = new ArrayList<>();
        int grid = -1;
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode s = e.getValue();
            String label = systemLabel(e.getKey(), s).replace(" (retained modes)", "");
            pairs.add(String.format(Locale.ROOT, "%s %,d of the paper's %,d", label, s.get("truth_pairs").asLong(),
                    s.get("paper_truth_pairs").asLong()));
            members.add(label + " " + s.get("gfdt_members").asInt());
            if (s.has("training")) steps.add(label + " " + s.get("training").get("steps_run").asInt());
            grid = s.get("grid").asInt();
        }
        JsonNode manifest = json(REPRO_SMALL_MANIFEST);
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Grid %d×%d; perturbed/unperturbed pairs: %s; GFDT members: %s; CNN training steps: %s.",
                grid, grid, String.join(", ", pairs), String.join(", ", members), String.join(", ", steps)));
        double train = 0;
        for (Map.Entry<String, JsonNode> p : (Iterable<Map.Entry<String, JsonNode>>) () -> manifest.get("phase_seconds").fields()) {
            if (p.getKey().endsWith(": train")) train += p.getValue().asDouble();
        }
        out.add(String.format(Locale.ROOT, "Wall time %s, of which CNN training %s (%d cores, backend `%s`, commit `%s`; `small/manifest.json`).",
                minutes(wallSeconds(manifest)), minutes(train), manifest.get("cpu_count").asInt(), manifest.get("backend").asText(),
                shortCommit(manifest)));
        return out;
    }

    private List<String> reproductionTable() {
        List<String> out = new ArrayList<>();
        out.add("| system | method | mean L2 | mean L∞ | truth noise floor | raw Stein H_jj(0) | conjugate mean −⟨s_j⟩ |");
        out.add("|---|---|---|---|---|---|---|");
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode methods = e.getValue().get("methods");
            for (String m : List.of(LEARNED, GAUSSIAN, ANALYTIC)) {
                JsonNode n = methods.get(m);
                if (n == null || !n.has(TRUTH)) continue;
                JsonNode t = n.get(TRUTH);
                out.add("| " + systemLabel(e.getKey(), e.getValue()) + " | " + methodLabel(e.getKey(), m) + " | "
                        + sig(t.get("mean_l2_error").asDouble()) + " | " + sig(t.get("mean_linf_error").asDouble()) + " | "
                        + sig(t.get("mean_reference_noise_floor").asDouble()) + " | "
                        + (n.has("stein_diagonal") ? pm(n.get("stein_diagonal").asDouble(), n.get("stein_diagonal_stderr").asDouble()) : "—")
                        + " | " + (n.has("conjugate_mean") ? pm(n.get("conjugate_mean").asDouble(), n.get("conjugate_mean_stderr").asDouble()) : "—")
                        + " |");
            }
        }
        return out;
    }

    private List<String> reproductionVerdicts() {
        List<String> out = new ArrayList<>();
        out.add("| system | score-based vs quasi-Gaussian against the truth | z | Δ (squared error; > 0: score-based closer) | σ_Δ |");
        out.add("|---|---|---|---|---|");
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode v = e.getValue().get("verdict_comparison");
            if (v == null) continue;
            out.add("| " + systemLabel(e.getKey(), e.getValue()) + " | " + verdictWords(v) + " | "
                    + String.format(Locale.ROOT, "%.2f", v.get("z").asDouble()) + " | "
                    + sig(v.get("squared_error_difference").asDouble()) + " | " + sig(v.get("stderr_bound").asDouble()) + " |");
        }
        return out;
    }

    /** Every pair of estimates against the truth, from each system's own report (docs/reproduction/small/SYSTEM/report.json). */
    private List<String> reproductionPairwise() {
        List<String> out = new ArrayList<>();
        out.add("| system | a | b | against the truth | z |");
        out.add("|---|---|---|---|---|");
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode report = json(REPRO_SMALL_MANIFEST.resolveSibling(e.getKey()).resolve("report.json"));
            for (JsonNode c : report.get("pairwise")) {
                if (!c.get("reference").asText().equals("perturbed-ensemble")) continue;
                String a = c.get("a").asText(), b = c.get("b").asText();
                out.add("| " + systemLabel(e.getKey(), e.getValue()) + " | " + methodLabel(e.getKey(), a) + " | "
                        + methodLabel(e.getKey(), b) + " | " + verdictWords(c, e.getKey()) + " | "
                        + String.format(Locale.ROOT, "%.2f", c.get("z").asDouble()) + " |");
            }
        }
        return out;
    }

    /** Every estimate, the truth included, against the exact response where a system has one. */
    private List<String> reproductionExact() {
        List<String> out = new ArrayList<>();
        out.add("| system | method | mean L2 vs exact | mean L∞ vs exact |");
        out.add("|---|---|---|---|");
        for (Map.Entry<String, JsonNode> e : systems()) {
            for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) () -> e.getValue().get("methods").fields()) {
                JsonNode x = m.getValue().get("vs_exact");
                if (x == null) continue;
                out.add("| " + systemLabel(e.getKey(), e.getValue()) + " | " + methodLabel(e.getKey(), m.getKey()) + " | "
                        + sig(x.get("mean_l2_error").asDouble()) + " | " + sig(x.get("mean_linf_error").asDouble()) + " |");
            }
        }
        return out;
    }

    private static String verdictWords(JsonNode v) {
        return verdictWords(v, "");
    }

    private static String verdictWords(JsonNode v, String system) {
        if (v.get("closer").isNull()) {
            return String.format(Locale.ROOT, "**indistinguishable** (\\|z\\| ≤ %s)", plain(v.get("z_threshold").asDouble()));
        }
        String closer = v.get("closer").asText();
        return String.format(Locale.ROOT, "**%s** closer (\\|z\\| > %s)", methodLabel(system, closer),
                plain(v.get("z_threshold").asDouble()));
    }

    private List<String> reproductionEarly() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode s = e.getValue();
            JsonNode methods = s.get("methods");
            JsonNode learned = methods.path(LEARNED).path(TRUTH);
            if (learned.isMissingNode() || s.get("lags").asInt() <= EARLY) continue;
            double dt = s.get("save_interval").asDouble();
            double[] floor = slice(learned.get("reference_noise_floor"));
            List<String> parts = new ArrayList<>();
            for (String m : List.of(ANALYTIC, LEARNED, GAUSSIAN)) {
                JsonNode t = methods.path(m).path(TRUTH);
                if (t.isMissingNode()) continue;
                parts.add(String.format(Locale.ROOT, "%s %s / %s", shortLabel(m), sig(mean(slice(t.get("l2_error")))),
                        sig(mean(slice(t.get("linf_error"))))));
            }
            out.add(String.format(Locale.ROOT, "- %s, lags 1…%d (t = %s…%s): mean L2 / L∞ %s; truth noise floor %s–%s.",
                    systemLabel(e.getKey(), s), EARLY, plain(dt), plain(EARLY * dt), String.join(", ", parts),
                    sig(min(floor)), sig(max(floor))));
        }
        return out;
    }

    /** docs/systems.md §7: the truth's noise floor of the committed small run beside the quasi-Gaussian error, per system. */
    private List<String> reproductionFloor() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode g = e.getValue().get("methods").path(GAUSSIAN).path(TRUTH);
            if (g.isMissingNode()) continue;
            parts.add(String.format(Locale.ROOT, "%s %,d pairs, floor %s against %s", systemLabel(e.getKey(), e.getValue()),
                    e.getValue().get("truth_pairs").asLong(), sig(g.get("mean_reference_noise_floor").asDouble()),
                    sig(g.get("mean_l2_error").asDouble())));
        }
        return List.of("In the committed small run (docs/reproduction.md §3; mean floor over lags against the quasi-Gaussian "
                + "estimate's mean L2 error): " + String.join("; ", parts) + ".");
    }

    /** docs/reproduction.md §3.1: the analytic score's raw Stein diagonal on Allen–Cahn, and the run's dt. */
    private List<String> reproductionStein() {
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode a = e.getValue().get("methods").get(ANALYTIC);
            if (!e.getKey().equals("allen-cahn") || a == null) continue;
            double dt = Double.NaN;
            boolean section = false;
            for (String line : lines(REPRO_SMALL_MANIFEST.resolveSibling("config.toml"))) {
                if (line.startsWith("[")) section = line.strip().equals("[allen-cahn]");
                else if (section && line.startsWith("dt = ")) dt = Double.parseDouble(line.substring(5).strip());
            }
            return List.of(String.format(Locale.ROOT, "Allen–Cahn, analytic score, N = %d, dt = 1/%d: raw Stein diagonal H_jj(0) = %s "
                            + "(`report-small.json`).", e.getValue().get("grid").asInt(), Math.round(1 / dt),
                    pm(a.get("stein_diagonal").asDouble(), a.get("stein_diagonal_stderr").asDouble())));
        }
        throw new IllegalStateException("no Allen–Cahn analytic score in " + REPRO_SMALL);
    }

    private List<String> reproductionReadme() {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : systems()) {
            JsonNode s = e.getValue(), v = s.get("verdict_comparison");
            if (v == null) continue;
            JsonNode l = s.get("methods").get(LEARNED).get(TRUTH), g = s.get("methods").get(GAUSSIAN).get(TRUTH);
            String what = v.get("closer").isNull() ? "score-based and quasi-Gaussian indistinguishable"
                    : (v.get("closer").asText().equals(LEARNED) ? "score-based closer to the truth than quasi-Gaussian"
                    : "quasi-Gaussian closer to the truth than score-based");
            parts.add(String.format(Locale.ROOT, "%s: %s (z = %.2f; mean L2 %s vs %s, mean L∞ %s vs %s)",
                    systemLabel(e.getKey(), s), what, v.get("z").asDouble(), sig(l.get("mean_l2_error").asDouble()),
                    sig(g.get("mean_l2_error").asDouble()), sig(l.get("mean_linf_error").asDouble()),
                    sig(g.get("mean_linf_error").asDouble())));
        }
        double threshold = 0;
        for (Map.Entry<String, JsonNode> e : systems()) {
            if (e.getValue().has("verdict_comparison")) threshold = e.getValue().get("verdict_comparison").get("z_threshold").asDouble();
        }
        return List.of("Result of the committed small run (" + minutes(wallSeconds(json(REPRO_SMALL_MANIFEST)))
                + " wall time; ranked where |z| > " + plain(threshold) + "): " + String.join("; ", parts) + ".");
    }

    // ---- formatting --------------------------------------------------------------------------------

    /** Three significant digits in plain notation; below 10⁻⁶ (round-off) one digit in powers of ten (1e-14). */
    static String sig(double x) {
        return sig(x, 3);
    }

    static String sig(double x, int digits) {
        if (x == 0) return "0";
        if (Math.abs(x) < 1e-6) return String.format(Locale.ROOT, "%.0e", x).replaceAll("e-0*", "e-");
        return new BigDecimal(x).round(new MathContext(digits)).toPlainString();
    }

    /** Value ± standard error: the error to two significant digits, the value to the same decimals. */
    static String pm(double x, double se) {
        BigDecimal e = new BigDecimal(se).round(new MathContext(2));
        int scale = Math.max(e.scale(), 0);
        return new BigDecimal(x).setScale(scale, java.math.RoundingMode.HALF_EVEN).toPlainString() + " ± " + e.setScale(scale).toPlainString();
    }

    // ---- docs/reproduction/full/report.json ------------------------------------------------------

    /**
     * The paper-size runs: per system the run's size and wall time, per method its errors against the
     * exact response where the system has one, else against the truth, and the z verdict.
     */
    private List<String> reproductionFull() {
        List<String> out = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        out.add("| system | method | reference | members × saves | truth pairs | mean L2 | largest L2 per lag | mean L∞ | raw Stein H_jj(0) | ⟨B⟩ per pixel |");
        out.add("|---|---|---|---|---|---|---|---|---|---|");
        for (String system : List.of("ou-spde", "allen-cahn", "navier-stokes")) {
            Path report = REPRO_FULL.resolve("report-" + system + ".json");
            if (!Files.exists(root.resolve(report))) continue;
            JsonNode sys = json(report).get("systems").get(system);
            JsonNode manifest = json(REPRO_FULL.resolve("manifest-" + system + ".json"));
            String size = sys.get("gfdt_members").asInt() + " × " + sys.get("gfdt_saves_per_member").asInt();
            String label = systemLabel(system, sys) + " (N = " + sys.get("grid").asInt() + ")";
            for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) () -> sys.get("methods").fields()) {
                JsonNode st = m.getValue().get("stein_diagonal");
                if (st == null) continue;
                boolean exact = m.getValue().has("vs_exact");
                JsonNode x = m.getValue().get(exact ? "vs_exact" : TRUTH);
                double worst = 0;
                for (JsonNode v : x.get("l2_error")) worst = Math.max(worst, v.asDouble());
                out.add("| " + label + " | " + methodLabel(system, m.getKey()) + " | " + (exact ? "exact" : "truth") + " | " + size
                        + " | " + sys.get("truth_pairs").asLong() + " | " + sig(x.get("mean_l2_error").asDouble()) + " | " + sig(worst)
                        + " | " + sig(x.get("mean_linf_error").asDouble()) + " | "
                        + pm(st.asDouble(), m.getValue().get("stein_diagonal_stderr").asDouble()) + " | "
                        + pm(m.getValue().get("conjugate_mean").asDouble(), m.getValue().get("conjugate_mean_stderr").asDouble()) + " |");
            }
            JsonNode b = sys.get("branching");
            if (b != null) {
                verdicts.add(String.format(Locale.ROOT, "- %s: members branched from %d parents for %s time units (§1.1); siblings' "
                        + "pattern correlation %s vs unrelated members' %s, z = %.2f (%s).", label, b.get("parents").asInt(),
                        plain(b.get("branch_time").asDouble()), pm(b.get("sibling_correlation").asDouble(),
                                b.get("sibling_correlation_stderr").asDouble()),
                        pm(b.get("unrelated_correlation").asDouble(), b.get("unrelated_correlation_stderr").asDouble()),
                        b.path("z").asDouble(Double.NaN), b.get("decorrelated").asBoolean() ? "decorrelated, |z| ≤ 3" : "not decorrelated, |z| > 3"));
            }
            JsonNode v = sys.get("verdict_comparison");
            boolean resumed = manifest.path("phase_seconds").toString().contains("(loaded)");
            verdicts.add("- " + label + ": run at commit " + shortCommit(manifest) + ", " + minutes(wallSeconds(manifest))
                    + " wall time on 2 cores" + (resumed ? " (a resumed run: the phases it loaded ran before and are not counted)" : "")
                    + "; score-based vs quasi-Gaussian against the truth: "
                    + (v == null ? "no verdict" : verdictWords(v, system) + String.format(Locale.ROOT, ", z = %.2f", v.get("z").asDouble()))
                    + ".");
        }
        out.add("");
        out.addAll(verdicts);
        return out;
    }

    static String plain(double x) {
        return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    /** From the manifest's start to its finish. */
    static double wallSeconds(JsonNode manifest) {
        return java.time.Duration.between(java.time.Instant.parse(manifest.get("started_at").asText()),
                java.time.Instant.parse(manifest.get("finished_at").asText())).toMillis() / 1e3;
    }

    private static String shortCommit(JsonNode manifest) {
        String c = manifest.path("git_commit").asText("unknown");
        return c.length() > 7 ? c.substring(0, 7) : c;
    }

    private static double[] slice(JsonNode perLag) {
        double[] out = new double[EARLY];
        for (int i = 0; i < EARLY; i++) out[i] = perLag.get(i + 1).asDouble();
        return out;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) m = Math.min(m, v);
        return m;
    }

    private static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        return m;
    }
}
