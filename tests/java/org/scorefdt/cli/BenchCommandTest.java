package org.scorefdt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scorefdt.throughput.Workload;
import org.scorefdt.throughput.WorkloadSize;
import picocli.CommandLine;

/**
 * {@code scorefdt bench} runs and prints well-formed lines at the tiny size. No timing is asserted
 * (rates depend on the machine); what is checked is the structure: one line per workload, the
 * units per call the definitions imply, a positive finite rate, and a reason wherever a workload
 * could not run.
 */
class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.toString().split("\\R")) {
            if (!s.isBlank()) l.add(JSON.readTree(s));
        }
        return l;
    }

    private static long unitsPerCall(Workload w) {
        WorkloadSize t = WorkloadSize.TINY;
        return switch (w) {
            case OU32, AC64, L96 -> (long) w.dim(t, "members") * w.dim(t, "steps");
            case MLP -> w.dim(t, "batch");
            case KDE -> (long) w.dim(t, "queries") * w.dim(t, "data");
            case LAGGED -> (long) w.dim(t, "members") * w.dim(t, "saves");
        };
    }

    @Test
    void javaTierRunsEveryWorkloadAndPrintsOneLineEach() throws IOException {
        assertEquals(0, run("bench", "--size", "tiny", "--backend", "java"), err.toString());
        List<JsonNode> l = lines();
        assertEquals(Workload.values().length, l.size(), out.toString());
        for (int i = 0; i < l.size(); i++) {
            Workload w = Workload.values()[i];
            JsonNode j = l.get(i);
            assertEquals("scorefdt", j.get("impl").asText());
            assertEquals(w.configName(), j.get("workload").asText());
            assertEquals(w.units(), j.get("units").asText());
            assertEquals("tiny", j.get("size").asText());
            assertEquals("java", j.get("requested").asText());
            if (j.has("available")) {
                // Only Allen–Cahn may be missing (model not in every build); it must say why.
                assertEquals(Workload.AC64, w, j.toString());
                assertFalse(j.get("available").asBoolean());
                assertTrue(j.get("per_second").isNull());
                assertFalse(j.get("reason").asText().isBlank(), j.toString());
                continue;
            }
            assertEquals("java", j.get("backend").asText(), j.toString());
            assertEquals("f64", j.get("precision").asText());
            assertEquals(unitsPerCall(w), j.get("units_per_call").asLong(), j.toString());
            assertEquals(1, j.get("repeats").asInt());
            assertTrue(j.get("calls").asLong() >= 1);
            double rate = j.get("per_second").asDouble();
            assertTrue(rate > 0 && Double.isFinite(rate), j.toString());
            // One round: median, min and max are that round's rate, and rate = units × calls / seconds.
            assertEquals(rate, j.get("min_per_second").asDouble(), 0.0);
            assertEquals(rate, j.get("max_per_second").asDouble(), 0.0);
            assertEquals(rate, unitsPerCall(w) * j.get("calls").asDouble() / j.get("seconds").asDouble(), 1e-6 * rate);
            for (var e : w.dims(WorkloadSize.TINY).entrySet()) {
                assertEquals((int) e.getValue(), j.get("params").get(e.getKey()).asInt(), j.toString());
            }
        }
    }

    @Test
    void aTierWithoutTheKernelIsReportedNotAvailableWithItsReason() throws IOException {
        assertEquals(0, run("bench", "--size", "tiny", "--backend", "cpu", "--workload", "lagged"), err.toString());
        JsonNode j = lines().get(0);
        assertFalse(j.get("available").asBoolean());
        assertEquals("cpu", j.get("backend").asText());
        assertTrue(j.get("reason").asText().contains("no cpu kernel"), j.toString());
        assertTrue(err.toString().contains("not available"), err.toString());
    }

    @Test
    void cudaEitherRunsOnTheDeviceOrSaysWhyNot() throws IOException {
        assertEquals(0, run("bench", "--size", "tiny", "--backend", "cuda", "--workload", "l96,kde"), err.toString());
        for (JsonNode j : lines()) {
            if (j.has("available")) {
                assertFalse(j.get("reason").asText().isBlank(), j.toString());
            } else {
                assertEquals("cuda", j.get("backend").asText(), "an explicit backend never falls back: " + j);
            }
        }
    }

    @Test
    void outputFileGetsTheSameLinesAppended() throws IOException {
        Path f = tmp.resolve("r.jsonl");
        Files.writeString(f, "{\"earlier\": true}\n");
        assertEquals(0, run("bench", "--size", "tiny", "--backend", "java", "--workload", "l96,kde", "-o", f.toString()));
        List<String> file = Files.readAllLines(f);
        assertEquals(3, file.size());
        assertEquals("{\"earlier\": true}", file.get(0));
        assertEquals(List.of(out.toString().split("\\R")), file.subList(1, 3));
    }

    @Test
    void listPrintsTheDefinitionsOfTheSize() throws IOException {
        assertEquals(0, run("bench", "--list", "--size", "full"));
        List<JsonNode> l = lines();
        assertEquals(Workload.values().length, l.size());
        JsonNode l96 = l.get(Workload.L96.ordinal());
        assertEquals(65536, l96.get("members").asInt());
        assertEquals(0.01, l96.get("dt").asDouble(), 0.0);
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        String[][] bad = {
            {"bench", "--workload", "ou32,nope"},
            {"bench", "--size", "huge"},
            {"bench", "--repeats", "0"},
            {"bench", "--min-seconds", "-1"},
            {"bench", "--threads", "-2"},
            {"bench", "--backend", "gpu"},
        };
        String[] names = {"--workload", "--size", "--repeats", "--min-seconds", "--threads", "--backend"};
        for (int i = 0; i < bad.length; i++) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(2, run(bad[i]), String.join(" ", bad[i]));
            assertTrue(err.toString().contains(names[i]), err.toString());
            assertTrue(out.toString().isEmpty(), "nothing measured: " + out);
        }
    }
}
