package org.scorefdt.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.JsonKeys;

/**
 * Writes JSON reports (errors, summaries, manifests) pretty-printed and atomically.
 *
 * <p>One shared, configured {@link ObjectMapper} (thread-safe once configured) so every JSON file in
 * a run directory has the same formatting. Non-finite doubles are written as the strings
 * {@code "NaN"}/{@code "Infinity"} (Jackson's default), keeping the files valid JSON.
 */
public final class JsonReport {
    private JsonReport() {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** The shared mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new empty object node to fill with {@code put}/{@code putArray}/{@code putObject}. */
    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** An array node holding {@code values}. */
    public static ArrayNode array(double[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) a.add(v);
        return a;
    }

    /** A comparison of two estimates as a report object (docs/formats.md §7). */
    public static ObjectNode comparison(ErrorComparison c) {
        ObjectNode o = newObject();
        o.put("a", c.a());
        o.put("b", c.b());
        o.put("reference", c.reference());
        o.put("squared_error_difference", c.difference());
        o.put("stderr_bound", c.stderr());
        o.put("z", c.z());
        o.put("z_threshold", ErrorComparison.THRESHOLD);
        o.put("closer", c.closer().orElse(null));
        o.put("verdict", c.verdict());
        return o;
    }

    /**
     * Atomically writes {@code value} (a {@link JsonNode}, record, map, …) as pretty JSON with a final newline,
     * every key in snake_case ({@link JsonKeys}).
     *
     * @throws IOException if serialisation or writing fails
     */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(JsonKeys.snakeCase(MAPPER.valueToTree(value))); // one key case (JsonKeys)
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }

    /** Reads a JSON file as a tree (tests, reloading reports), its keys in snake_case ({@link JsonKeys}; older camelCase files too). */
    public static JsonNode read(Path file) throws IOException {
        JsonNode tree = MAPPER.readTree(file.toFile());
        try {
            return JsonKeys.snakeCase(tree);
        } catch (IllegalArgumentException e) { // two keys that name one field
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A score's truth-free diagnostics as the reports' {@code diagnostics} object (docs/score-models.md §9). */
    public static ObjectNode diagnostics(org.scorefdt.score.ScoreDiagnostics.Report r) {
        ObjectNode o = JsonReport.newObject();
        o.put("samples", r.samples());
        o.put("stein_diagonal", r.steinDiagonal());
        o.put("stein_diagonal_stderr", r.steinDiagonalStderr());
        o.set("stein_residual", JsonReport.array(r.steinResidual()));
        o.set("stein_residual_stderr", JsonReport.array(r.steinStderr()));
        o.set("mean_score", JsonReport.array(r.meanScore()));
        o.set("mean_score_stderr", JsonReport.array(r.meanScoreStderr()));
        o.set("test_function_residual", JsonReport.array(r.testResidual()));
        o.set("test_function_residual_stderr", JsonReport.array(r.testStderr()));
        o.put("hyvarinen_loss", r.hyvarinen());
        o.put("hyvarinen_loss_stderr", r.hyvarinenStderr());
        o.put("max_abs_z", r.maxAbsZ());
        o.put("z_bound", r.zBound());
        o.put("worst", r.worst());
        o.put("passes", r.passes());
        return o;
    }

    /**
     * How a score's hyper-parameters were chosen as the reports' and model files' {@code selection}
     * object (docs/score-models.md §10): criterion, parameter names, candidates, losses with
     * standard errors, the best candidate and the values used.
     */
    public static ObjectNode selection(org.scorefdt.score.HyperparameterChoice c) {
        ObjectNode o = JsonReport.newObject();
        o.put("model", c.model());
        o.put("criterion", c.criterion());
        ArrayNode names = o.putArray("parameters");
        c.parameters().forEach(names::add);
        ArrayNode grid = o.putArray("candidates");
        for (double[] row : c.grid()) grid.add(JsonReport.array(row));
        o.set("loss", JsonReport.array(c.loss()));
        o.set("loss_stderr", JsonReport.array(c.lossStderr()));
        o.put("best", c.best());
        o.set("chosen", JsonReport.array(c.chosen()));
        o.put("fit_points", c.fitPoints());
        o.put("held_out", c.heldOut());
        return o;
    }
}
