package org.scorefdt.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.RunManifest;

/** One key case in every JSON file (docs/formats.md): camelCase identifiers become snake_case, data keys stay. */
class JsonKeysTest {

    @Test
    void camelCaseIdentifiersBecomeSnakeCaseAndNothingElseChanges() {
        assertEquals("noise_floor", JsonKeys.snake("noiseFloor"));
        assertEquals("t_min", JsonKeys.snake("tMin"));
        assertEquals("fraction_within2_per_entry", JsonKeys.snake("fractionWithin2PerEntry"));
        for (String same : new String[] {"mean_l2_error", "seed", "R_(4,0)", "gfdt: exact-score accumulator", "L2", "x", ""}) {
            assertEquals(same, JsonKeys.snake(same));
        }
    }

    @Test
    void treesAreRenamedRecursivelyAndCollisionsRefused() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode t = JsonKeys.snakeCase(m.readTree("{\"phaseSeconds\":{\"fit: spectrum-fit\":1.5},\"rows\":[{\"stepsRun\":3}],\"v\":\"keepMe\"}"));
        assertEquals("{\"phase_seconds\":{\"fit: spectrum-fit\":1.5},\"rows\":[{\"steps_run\":3}],\"v\":\"keepMe\"}", t.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> JsonKeys.snakeCase(m.readTree("{\"aB\":1,\"a_b\":2}")));
        assertTrue(e.getMessage().contains("collide"), e.getMessage());
    }

    @Test
    void reportsAreWrittenInSnakeCaseAndOldManifestsStillRead(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.json");
        var o = JsonReport.newObject();
        o.put("meanNoiseFloor", 0.25);
        JsonReport.write(f, o);
        assertTrue(Files.readString(f).contains("\"mean_noise_floor\""), Files.readString(f));

        Path old = dir.resolve("manifest.json");
        Files.writeString(old, "{\"toolVersion\":\"0.9\",\"commandLine\":[\"ou\"],\"configToml\":\"\",\"seed\":7,\"backend\":\"java\","
                + "\"phaseSeconds\":{\"simulate\":1.0},\"gitCommit\":\"abc\",\"complete\":true}");
        RunManifest m = RunManifest.read(old);
        assertEquals(7, m.seed());
        assertEquals("abc", m.gitCommit());
        assertEquals(1.0, m.phaseSeconds().get("simulate"));
    }
}
