package org.scorefdt.api.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.ModelFile;

/**
 * What a system's report takes from the whole-ensemble stage of a sharded {@code reproduce} run
 * (docs/formats.md §9), carried by the shard of member 0 so that the merge needs the shards alone:
 * the training outcome with its network, the scores' diagnostics and the branching check. Doubles are
 * kept as their raw bits and the diagnostics as the JSON the phase files keep, so the merged report
 * is the unsplit run's byte for byte.
 *
 * @param training    the DSM training outcome
 * @param diagnostics per score, the report's {@code diagnostics} object (empty when skipped)
 * @param branching   the sibling check, when the system branches
 */
public record FitSummary(DsmResult training, Map<String, JsonNode> diagnostics, Optional<SiblingCorrelation> branching) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FitSummary {
        diagnostics = new LinkedHashMap<>(diagnostics);
    }

    /** As JSON text (the shard's {@code extra}). */
    public String toJson() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putObject("training");
        t.put("stop", training.stop().name()).put("steps_run", training.stepsRun()).put("best_step", training.bestStep())
                .put("best_valid_loss_bits", bits(training.bestValidLoss())).put("diverged_at_step", training.divergedAtStep())
                .put("message", training.message()).put("model", Base64.getEncoder().encodeToString(ModelFile.encode(training.model())));
        ObjectNode d = root.putObject("diagnostics");
        diagnostics.forEach(d::set);
        branching.ifPresent(b -> root.putObject("branching").put("parents", b.parents()).put("sibling_pairs", b.siblingPairs())
                .put("sibling", bits(b.sibling())).put("sibling_stderr", bits(b.siblingStderr())).put("unrelated_pairs", b.unrelatedPairs())
                .put("unrelated", bits(b.unrelated())).put("unrelated_stderr", bits(b.unrelatedStderr())));
        return JSON.writeValueAsString(root);
    }

    /**
     * The summary a shard carried.
     *
     * @param source names the shard in messages
     * @throws IOException naming the source when the text is not such a summary
     */
    public static FitSummary fromJson(String text, Path source) throws IOException {
        try {
            JsonNode root = JSON.readTree(text), t = root.get("training");
            var model = ModelFile.decode(source, Base64.getDecoder().decode(t.get("model").asText()));
            DsmResult training = new DsmResult(model, DsmResult.Stop.valueOf(t.get("stop").asText()), t.get("steps_run").asLong(),
                    t.get("best_step").asLong(), real(t, "best_valid_loss_bits"), t.get("diverged_at_step").asLong(),
                    t.get("message").asText());
            Map<String, JsonNode> diagnostics = new LinkedHashMap<>();
            root.get("diagnostics").fields().forEachRemaining(e -> diagnostics.put(e.getKey(), e.getValue()));
            JsonNode b = root.get("branching");
            Optional<SiblingCorrelation> branching = b == null ? Optional.empty() : Optional.of(new SiblingCorrelation(
                    b.get("parents").asInt(), b.get("sibling_pairs").asInt(), real(b, "sibling"), real(b, "sibling_stderr"),
                    b.get("unrelated_pairs").asInt(), real(b, "unrelated"), real(b, "unrelated_stderr")));
            return new FitSummary(training, diagnostics, branching);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IOException("shard file " + source + ": its fit summary is incomplete: " + e.getMessage(), e);
        }
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static double real(JsonNode o, String key) {
        return Double.longBitsToDouble(o.get(key).asLong());
    }
}
