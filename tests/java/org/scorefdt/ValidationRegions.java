package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.scorefdt.response.EntryAgreement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Issue 13's done-when check on untuned members of the validation family (docs/score-models.md §12),
 * rendered from docs/validation/family-*.json ({@code bench/run-validation.sh}).
 */
final class ValidationRegions {
    static final List<Path> MEMBERS = List.of(Path.of("docs/validation/family-2d-s7001.json"),
            Path.of("docs/validation/family-4d-s7002.json"), Path.of("docs/validation/family-2d-s7003-bump.json"),
            Path.of("docs/validation/family-4d-s7004-bump.json"));

    /** How often the rule holds for the exact score and the moment fits over independent runs (CriterionControlTest). */
    static final List<Path> CONTROLS = List.of(Path.of("docs/validation/control-2d-s7001.json"), Path.of("docs/validation/control-4d-s7002.json"));

    /** The rule's pass rate for an estimator with exactly right error bars (bench/rule_pass_rate.py). */
    static final Path RULE = Path.of("docs/validation/rule-pass-rate.json");

    private ValidationRegions() {}

    static void register(Map<String, Function<RenderedRegions, List<String>>> regions) {
        regions.put("validation family", ValidationRegions::table);
        regions.put("validation rule", ValidationRegions::rule);
    }

    /**
     * The simulated pass rates of the rule and of the family-wise bound, then each member's best learned
     * score and the exact score read against that bound.
     */
    private static List<String> rule(RenderedRegions r) {
        JsonNode j = r.json(RULE);
        List<String> out = new ArrayList<>();
        out.add("| system | standard errors | lag correlation time (time units) | passes the rule | one entry passes | family-wise bound | passes the family-wise reading |");
        out.add("|---|---|---|---|---|---|---|");
        Map<String, Double> bound = new java.util.LinkedHashMap<>();  // entries → the bound for errors from blocks
        for (JsonNode row : j.get("rows")) {
            double tau = row.get("lag_correlation_time").asDouble();
            boolean blocks = row.get("errors").asText().equals("blocks");
            if (blocks) bound.put(row.get("entries").asText(), row.get("familywise_bound").asDouble());
            out.add("| " + row.get("system").asText() + " (" + row.get("entries").asInt() + " entries) | "
                    + (blocks ? "from " + j.get("blocks").asInt() + " blocks" : "exact") + " | "
                    + (tau == 0 ? "independent lags" : RenderedRegions.sig(tau, 1)) + " | "
                    + percent(row.get("rule_pass_rate").asDouble()) + " | " + percent(row.get("entry_pass_rate").asDouble()) + " | "
                    + RenderedRegions.sig(row.get("familywise_bound").asDouble()) + " | " + percent(row.get("familywise_pass_rate").asDouble()) + " |");
        }
        out.add("");
        List<String> members = new ArrayList<>();
        for (Path p : MEMBERS) {
            JsonNode m = r.json(p);
            String best = null;
            double bestZ = Double.POSITIVE_INFINITY, exactZ = Double.NaN;
            int entries = 0;
            for (JsonNode s : m.get("scores")) {
                String name = s.get("score").asText();
                double z = s.get("worst_abs_z").asDouble();
                entries = s.get("max_abs_z_per_entry").size();
                if (name.equals("exact")) exactZ = z;
                else if (!name.equals("quasi-gaussian") && z < bestZ) {
                    bestZ = z;
                    best = name;
                }
            }
            double zStar = bound.get(Integer.toString(entries));
            members.add(m.get("dimension").asInt() + "-D seed " + m.get("seed").asLong() + ": " + best + " "
                    + RenderedRegions.sig(bestZ) + (bestZ <= zStar ? " ≤ " : " > ") + RenderedRegions.sig(zStar)
                    + " (exact " + RenderedRegions.sig(exactZ) + ")");
        }
        out.add("Worst |z| over all entries and lags of each member's best learned score against the family-wise bound for errors from "
                + j.get("blocks").asInt() + " blocks: " + String.join("; ", members) + ".");
        return out;
    }

    private static String percent(double rate) {
        return RenderedRegions.sig(100 * rate, 2) + " %";
    }

    /** Per member and score: worst |z| against the truth, the share of lags within 2, agreement, z against QG, diagnostics. */
    private static List<String> table(RenderedRegions r) {
        List<String> out = new ArrayList<>();
        out.add("| member | score | worst \\|z\\| vs truth | smallest share of lags with \\|z\\| ≤ 2 | entries failing the rule | agrees | agrees family-wise | z vs quasi-Gaussian | Stein diagnostics |");
        out.add("|---|---|---|---|---|---|---|---|---|");
        List<String> runs = new ArrayList<>();
        for (Path p : MEMBERS) {
            JsonNode j = r.json(p);
            String member = j.get("dimension").asInt() + "-D, seed " + j.get("seed").asLong()
                    + (j.path("bump").asDouble() > 0 ? ", bump " + RenderedRegions.sig(j.get("bump").asDouble()) : ", quartic");
            for (JsonNode s : j.get("scores")) {
                double share = 1;
                for (JsonNode f : s.get("fraction_within2_per_entry")) share = Math.min(share, f.asDouble());
                int failing = 0, entries = s.get("max_abs_z_per_entry").size();
                for (int q = 0; q < entries; q++) {
                    if (s.get("max_abs_z_per_entry").get(q).asDouble() > EntryAgreement.EVERY_LAG
                            || s.get("fraction_within2_per_entry").get(q).asDouble() < EntryAgreement.SHARE - 1e-12) failing++;
                }
                JsonNode vs = s.get("vs_quasi_gaussian"), dg = s.get("diagnostics");
                String name = s.get("score").asText() + (s.path("errors_include_fit").asBoolean() ? "*" : "");
                out.add("| " + member + " | " + name + " | " + RenderedRegions.sig(s.get("worst_abs_z").asDouble())
                        + " | " + RenderedRegions.sig(share, 2) + " | " + failing + " of " + entries + " | " + (s.get("agrees_with_truth").asBoolean() ? "yes" : "no")
                        + " | " + (!s.has("agrees_familywise") ? "—" : s.get("agrees_familywise").asBoolean() ? "yes" : "no")
                        + " | " + (vs == null ? "—" : RenderedRegions.sig(vs.get("z").asDouble())) + " | "
                        + (dg == null ? "—" : dg.get("passes").asBoolean() ? "pass" : "fail") + " |");
            }
            runs.add(member + ": commit " + j.get("commit").asText() + ", load average " + RenderedRegions.sig(j.get("load_average").asDouble(), 2));
        }
        out.add("");
        out.add("\\* standard errors include the score-fit uncertainty (delete-one-block jackknife, docs/architecture.md §7).");
        out.add("");
        out.add("Runs: " + String.join("; ", runs) + ".");
        out.add("");
        List<String> control = new ArrayList<>();
        for (Path p : CONTROLS) {
            JsonNode j = r.json(p);
            JsonNode passes = j.get("passes");
            int runsCount = j.get("runs_count").asInt();
            List<String> per = new ArrayList<>();
            passes.fieldNames().forEachRemaining(n -> per.add(n + " " + passes.get(n).asInt() + " of " + runsCount));
            String line = j.get("dimension").asInt() + "-D (seed " + j.get("seed").asLong() + ", run seeds 1 … " + runsCount + "; the exact score's mean z "
                    + RenderedRegions.sig(j.get("exact_mean_z").asDouble(), 2)
                    + (j.has("exact_z_rms") ? ", its RMS z " + RenderedRegions.sig(j.get("exact_z_rms").asDouble(), 3) : "") + "): " + String.join(", ", per);
            if (j.has("passes_familywise")) {
                JsonNode fw = j.get("passes_familywise");
                List<String> perFw = new ArrayList<>();
                fw.fieldNames().forEachRemaining(n -> perFw.add(n + " " + fw.get(n).asInt() + " of " + runsCount));
                line += " (family-wise reading: " + String.join(", ", perFw) + ")";
            }
            control.add(line);
        }
        out.add("How often the agreement rule holds over independent runs of the quartic members (`CriterionControlTest`, same sizes): "
                + String.join("; ", control) + ".");
        return out;
    }
}
