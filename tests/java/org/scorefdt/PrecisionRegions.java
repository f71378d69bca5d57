package org.scorefdt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The F32-against-F64 study of docs/reproduction.md §3.5, rendered from
 * docs/reproduction/precision/study-small.json ({@code bench/run-precision-study.sh}).
 */
final class PrecisionRegions {
    static final Path SMALL = Path.of("docs/reproduction/precision/study-small.json");
    /** Errors below this are rounding (bench/precision_study.py's L2_FLOOR). */
    static final double ROUNDING = 1e-4;

    private PrecisionRegions() {}

    static void register(Map<String, Function<RenderedRegions, List<String>>> regions) {
        regions.put("precision-study small", PrecisionRegions::small);
    }

    /** Per system and method: mean L2 error in both precisions, the largest |F32 − F64| in SEs, the verdict. */
    private static List<String> small(RenderedRegions r) {
        JsonNode j = r.json(SMALL);
        List<String> out = new ArrayList<>();
        out.add("| system | method | reference | mean L2, F32 | mean L2, F64 | change | max \\|F32 − F64\\| / SE | F32 accurate enough |");
        out.add("|---|---|---|---|---|---|---|---|");
        List<String> times = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : (Iterable<Map.Entry<String, JsonNode>>) () -> j.get("systems").fields()) {
            for (Map.Entry<String, JsonNode> m : (Iterable<Map.Entry<String, JsonNode>>) () -> s.getValue().get("methods").fields()) {
                JsonNode e = m.getValue();
                for (Map.Entry<String, JsonNode> ref : (Iterable<Map.Entry<String, JsonNode>>) () -> e.fields()) {
                    if (!ref.getKey().startsWith("vs_")) continue;
                    JsonNode v = ref.getValue();
                    double a = v.get("mean_l2_error_f32").asDouble(), b = v.get("mean_l2_error_f64").asDouble();
                    JsonNode z = e.get("max_abs_diff_over_f64_stderr");
                    out.add("| " + s.getKey() + " | " + m.getKey() + " | " + ref.getKey().substring(3) + " | " + RenderedRegions.sig(a)
                            + " | " + RenderedRegions.sig(b) + " | " + (Math.max(a, b) < ROUNDING ? "rounding level" : String.format(Locale.ROOT, "%+.1f %%", 100 * (a - b) / b))
                            + " | " + (z == null || z.isNull() ? "—" : RenderedRegions.sig(z.asDouble())) + " | "
                            + (e.get("f32_accurate_enough").asBoolean() ? "yes" : "**no**") + " |");
                }
            }
            double f32 = 0, f64 = 0;
            for (JsonNode t : s.getValue().get("phase_seconds")) {
                f32 += t.path("f32_s").asDouble();
                f64 += t.path("f64_s").asDouble();
            }
            times.add(String.format(Locale.ROOT, "%s %.0f s (F32) vs %.0f s (F64)", s.getKey(), f32, f64));
        }
        out.add("");
        out.add("Criterion: " + j.get("criterion").asText() + ". Phase times, summed: " + String.join("; ", times)
                + " (2 cores, shared with other jobs, " + j.get("date").asText() + ").");
        return out;
    }
}
