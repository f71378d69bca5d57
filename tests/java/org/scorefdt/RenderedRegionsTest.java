package org.scorefdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rendered region of {@link RenderedRegions#DOCUMENTS} equals its rendering from the committed
 * JSON ({@link RenderedRegions}); one test per region, named after it, showing the first line that
 * differs. The JSON stays small and, where {@code bench/record.py} wrote it, says when, where, under
 * which load and by which commands it was measured. ({@link UnrenderedNumbersTest} checks that
 * README.md quotes no measured number outside the regions.) With {@code -Dscorefdt.render=write} the documents are rewritten
 * from the JSON first:
 * {@code mvn -o -q test -Dtest=RenderedRegionsTest -Dscorefdt.render=write}.
 */
class RenderedRegionsTest {

    private static final Path ROOT = Path.of("");
    private final RenderedRegions renderer = new RenderedRegions(ROOT);

    @TestFactory
    Stream<DynamicTest> everyRegionMatchesItsJson() throws IOException {
        if ("write".equals(System.getProperty("scorefdt.render"))) {
            for (Path doc : RenderedRegions.DOCUMENTS) {
                Files.writeString(doc, renderer.rewrite(doc), StandardCharsets.UTF_8);
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path doc : RenderedRegions.DOCUMENTS) {
            for (RenderedRegions.Region r : renderer.regions(doc)) {
                tests.add(DynamicTest.dynamicTest(doc + " region '" + r.name() + "'", () -> compare(r)));
            }
        }
        assertTrue(!tests.isEmpty(), "no rendered regions found: is the working directory the repository root?");
        return tests.stream();
    }

    private void compare(RenderedRegions.Region r) {
        List<String> want = renderer.render(r.name());
        List<String> have = r.lines();
        int n = Math.min(want.size(), have.size());
        for (int i = 0; i < n; i++) {
            if (!want.get(i).equals(have.get(i))) {
                fail(r.document() + ":" + (r.firstLine() + i) + ": region '" + r.name() + "' differs from its JSON at its line "
                        + (i + 1) + "\n  document: " + have.get(i) + "\n  rendered: " + want.get(i)
                        + "\n(mvn -o -q test -Dtest=RenderedRegionsTest -Dscorefdt.render=write rewrites it)");
            }
        }
        if (want.size() != have.size()) {
            fail(r.document() + ":" + (r.firstLine() + n) + ": region '" + r.name() + "' has " + have.size()
                    + " lines, its rendering " + want.size() + "; first unmatched: "
                    + (have.size() > n ? "document: " + have.get(n) : "rendered: " + want.get(n)));
        }
    }

    @Test
    void everyRendererIsUsedAndEveryRegionHasARenderer() {
        Set<String> used = new HashSet<>();
        for (Path doc : RenderedRegions.DOCUMENTS) {
            for (RenderedRegions.Region r : renderer.regions(doc)) {
                assertTrue(RenderedRegions.names().contains(r.name()),
                        doc + ":" + (r.firstLine() - 1) + ": region '" + r.name() + "' has no renderer; known: " + RenderedRegions.names());
                used.add(r.name());
            }
        }
        List<String> unused = RenderedRegions.names().stream().filter(n -> !used.contains(n)).toList();
        assertTrue(unused.isEmpty(), "renderers with no region in " + RenderedRegions.DOCUMENTS + ": " + unused);
    }

    @Test
    void markersOutsideTheRenderedDocumentsAreNotLeftUnchecked() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> markdown = new ArrayList<>();
        for (String dir : List.of("docs", "bench", "java", "native", "cuda")) {
            try (Stream<Path> s = Files.walk(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
            }
        }
        for (Path p : markdown) {
            if (RenderedRegions.DOCUMENTS.contains(p)) continue;
            if (Files.readString(p, StandardCharsets.UTF_8).contains(RenderedRegions.BEGIN)) {
                problems.add(p + " has a rendered region but is not in RenderedRegions.DOCUMENTS");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void recordedConfigIsTheRunsConfig() throws IOException {
        var manifest = org.scorefdt.io.JsonReport.read(RenderedRegions.REPRO_SMALL_MANIFEST);
        String config = Files.readString(RenderedRegions.REPRO_SMALL_MANIFEST.resolveSibling("config.toml"), StandardCharsets.UTF_8);
        assertEquals(manifest.get("config_toml").asText().strip(), config.strip(),
                "docs/reproduction/small/config.toml is not the config recorded in small/manifest.json");
    }

    /** The committed JSON the regions read: bench/results/ and docs/recorded/ (docs/reproduction/ holds whole runs). */
    static List<Path> recordedJson() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("bench/results", "docs/recorded")) {
            try (Stream<Path> s = Files.list(Path.of(dir))) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
            }
        }
        return out;
    }

    @Test
    void renderedJsonStaysSmall() throws IOException {
        for (Path p : recordedJson()) {
            assertTrue(Files.size(p) < 200_000, p + " is " + Files.size(p) + " bytes: keep less of the run (bench/record.py)");
        }
    }

    @Test
    void everyRecordedRunSaysWhereWhenAndUnderWhichLoad() throws IOException {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Path p : recordedJson()) {
            var j = mapper.readTree(p.toFile());
            if (!j.has("recorded_by")) continue; // written before bench/record.py (cnn-cpu.json has its own host lines)
            for (String key : List.of("date", "git_commit", "machine", "load_average_start", "load_average_end", "commands")) {
                assertTrue(j.has(key), p + " has no '" + key + "'");
            }
            assertTrue(j.get("machine").has("nproc") && j.get("machine").has("cpu_model"), p + ": machine without nproc or cpu_model");
            assertTrue(j.get("commands").size() > 0, p + ": no commands");
            for (var c : j.get("commands")) assertEquals(0, c.get("exit_code").asInt(), p + ": a command failed: " + c.get("command"));
        }
    }

    @Test
    void formatting() {
        assertEquals("0.0556", RenderedRegions.sig(0.0555593));
        assertEquals("1e-14", RenderedRegions.sig(1.3023e-14));
        assertEquals("0.845 ± 0.020", RenderedRegions.pm(0.8453590851705941, 0.020436253849977652));
        assertEquals("1.629 ± 0.069", RenderedRegions.pm(1.6291419119752057, 0.0691656459550304));
        assertEquals("23", RenderedRegions.sig(22.93, 2));
    }
}
