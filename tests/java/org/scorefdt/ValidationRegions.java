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

    private ValidationRegions() {}

    static void register(Map<String, Function<RenderedRegions, List<String>>> regions) {
        regions.put("validation family", ValidationRegions::table);
    }

    /** Per member and score: worst |z| against the truth, the share of lags within 2, agreement, z against QG, diagnostics. */
    private static List<String> table(RenderedRegions r) {
        List<String> out = new ArrayList<>();
        out.add("| member | score | worst \\|z\\| vs truth | smallest share of lags with \\|z\\| ≤ 2 | entries failing the rule | agrees | z vs quasi-Gaussian | Stein diagnostics |");
        out.add("|---|---|---|---|---|---|---|---|");
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
            control.add(j.get("dimension").asInt() + "-D (seed " + j.get("seed").asLong() + ", run seeds 1 … " + runsCount + "; the exact score's mean z "
                    + RenderedRegions.sig(j.get("exact_mean_z").asDouble(), 2) + "): " + String.join(", ", per));
        }
        out.add("How often the agreement rule holds over independent runs of the quartic members (`CriterionControlTest`, same sizes): "
                + String.join("; ", control) + ".");
        return out;
    }
}
