package org.scorefdt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunManifestTest {
    @TempDir
    Path tmp;

    @Test
    void containsEveryFieldAndRoundTrips() throws IOException {
        RunManifest m = RunManifest.builder()
                .commandLine(List.of("ou", "--seed", "5"))
                .configToml("[run]\nseed = 5\n")
                .seed(5)
                .backend("java", "cuda", "no CUDA device")
                .precision("f64")
                .threads(4)
                .phase("simulate", 1.5).phase("response", 0.25).phase("simulate", 0.5)
                .finish(true, null)
                .build();
        Path f = tmp.resolve("manifest.json");
        m.write(f);
        JsonNode j = JsonReport.read(f);
        for (String k : List.of("tool_version", "command_line", "config_toml", "seed", "backend", "backend_requested",
                "fallback_reason", "precision", "threads", "java_version", "os", "cpu_count", "git_commit", "started_at",
                "finished_at", "phase_seconds", "complete", "incomplete_reason")) {
            assertTrue(j.has(k), "missing " + k);
        }
        assertEquals("no CUDA device", j.get("fallback_reason").asText());
        assertEquals(2.0, j.get("phase_seconds").get("simulate").asDouble());
        assertEquals("simulate", j.get("phase_seconds").fieldNames().next()); // pipeline order kept
        assertTrue(j.get("complete").asBoolean());
        assertFalse(j.get("git_commit").asText().isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), j.get("cpu_count").asInt());
        assertEquals(m, RunManifest.read(f));
    }

    @Test
    void incompleteCarriesReason() {
        RunManifest m = RunManifest.builder().finish(false, "out of memory").build();
        assertFalse(m.complete());
        assertEquals("out of memory", m.incompleteReason());
    }
}
