package org.scorefdt.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The peers read bench/workloads.json, the engine {@link Workload}: they must describe the same
 * work, or the ratios in the report compare different things.
 */
class WorkloadDefinitionsTest {
    private static final Path FILE = Path.of("bench", "workloads.json");

    @Test
    void jsonTableMatchesTheEnumExactly() throws IOException {
        assertTrue(Files.exists(FILE), "run from the project root: " + FILE.toAbsolutePath());
        JsonNode root = new ObjectMapper().readTree(FILE.toFile());
        TreeSet<String> inJson = new TreeSet<>();
        root.fieldNames().forEachRemaining(n -> {
            if (!n.startsWith("_")) inJson.add(n);
        });
        TreeSet<String> inEnum = new TreeSet<>();
        for (Workload w : Workload.values()) inEnum.add(w.configName());
        assertEquals(inEnum, inJson, "workload names");
        for (Workload w : Workload.values()) {
            JsonNode j = root.get(w.configName());
            assertEquals(w.units(), j.get("units").asText(), w + " units");
            JsonNode fixed = j.get("fixed");
            assertEquals(w.fixed().keySet(), keys(fixed), w + " fixed keys");
            for (Map.Entry<String, Object> e : w.fixed().entrySet()) {
                JsonNode v = fixed.get(e.getKey());
                if (e.getValue() instanceof Number n) {
                    assertEquals(n.doubleValue(), v.asDouble(), 0.0, w + "." + e.getKey());
                } else if (e.getValue() instanceof List<?> l) {
                    List<Integer> got = new ArrayList<>();
                    v.forEach(x -> got.add(x.asInt()));
                    assertEquals(l, got, w + "." + e.getKey());
                } else {
                    assertEquals(e.getValue(), v.asText(), w + "." + e.getKey());
                }
            }
            for (WorkloadSize s : WorkloadSize.values()) {
                JsonNode dims = j.get("sizes").get(s.configName());
                assertEquals(w.dims(s).keySet(), keys(dims), w + " " + s + " keys");
                for (Map.Entry<String, Integer> e : w.dims(s).entrySet()) {
                    assertEquals((int) e.getValue(), dims.get(e.getKey()).asInt(), w + " " + s + " " + e.getKey());
                }
            }
        }
    }

    @Test
    void sizesGrowFromTinyToFull() {
        for (Workload w : Workload.values()) {
            for (String k : w.dims(WorkloadSize.TINY).keySet()) {
                if (k.equals("blocks")) continue;
                assertTrue(w.dim(WorkloadSize.TINY, k) <= w.dim(WorkloadSize.SMALL, k)
                        && w.dim(WorkloadSize.SMALL, k) <= w.dim(WorkloadSize.FULL, k), w + " " + k);
            }
        }
    }

    @Test
    void badNamesAndTimingsAreRefusedWithTheAllowedValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> Workload.parse("ou64"));
        assertTrue(e.getMessage().contains("ou32, ac64, l96, mlp, kde, lagged"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WorkloadSize.parse("huge"));
        assertTrue(e.getMessage().contains("tiny, small, full"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Timing(-1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Timing(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Timing(0, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Timing(0, 1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Workload.L96.dim(WorkloadSize.TINY, "batch"));
    }

    private static TreeSet<String> keys(JsonNode n) {
        TreeSet<String> s = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) s.add(it.next());
        return s;
    }
}
