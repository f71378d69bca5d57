package org.scorefdt.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages depend one way, top-down as the data flows
 * (org.scorefdt → util → rng → model → integrate → ensemble → score → score.nn → sample → response → io → backend →
 * config → api.reproduce → api → throughput → cli → spark), and the tiers ({@code backend.java},
 * {@code backend.cpu}, {@code backend.cuda} and their subpackages) plug in underneath: a tier may use
 * any package up to {@code backend} and its own subpackages, and no other package names a tier's
 * class — except the benchmark harness {@code throughput}, which times each tier on its own
 * (device-resident loops included) and so must reach a tier by name. References are read from the
 * sources of {@code java/}: imports and fully qualified names outside comments. The order forbids
 * cycles.
 */
class PackageDependenciesTest {
    /** "" is the root package {@code org.scorefdt} (the common exception base): below everything, it imports nothing. */
    private static final List<String> LAYERS = List.of("", "util", "rng", "model", "integrate", "ensemble", "score", "score.nn",
            "sample", "response", "io", "backend", "config", "api.reproduce", "api", "throughput", "cli", "spark");
    private static final List<String> TIERS = List.of("backend.java", "backend.cpu", "backend.cuda");
    /** A qualified class name, or a wildcard import ({@code org.scorefdt.x.y.*}): group 1 is the package. */
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.scorefdt\\.((?:[a-z][a-z0-9]*\\.)*[a-z][a-z0-9]*)\\.(?:[A-Z]|\\*)");
    /** Comments, text blocks, strings and char literals, matched in one left-to-right pass. */
    private static final Pattern NOT_CODE = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\\n]*|\"\"\".*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])+'");
    private static final Path ROOT = Path.of("java", "org", "scorefdt");

    /** The one package that may name tiers: the benchmark harness. */
    private static final String HARNESS = "throughput";

    @Test
    void packagesDependOneWay() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        for (Path file : sources()) {
            String from = packageOf(file);
            if (rank(from) < 0 && tier(from) == null) {
                unknown.add(from);
                continue;
            }
            for (String to : references(file)) {
                if (to.equals(from) || allowed(from, to)) continue;
                String cls = file.getFileName().toString().replace(".java", "");
                found.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>()).add(cls);
            }
        }
        assertTrue(unknown.isEmpty(), "packages outside the layers (add them to LAYERS or TIERS): " + new TreeSet<>(unknown));
        List<String> problems = new ArrayList<>();
        found.forEach((edge, classes) -> problems.add(edge + " in " + classes));
        assertTrue(problems.isEmpty(), "dependencies against the layering:\n  " + String.join("\n  ", problems));
    }

    /** Spark is a provided dependency: only {@code spark} may name it, so the CLI jar runs without it. */
    @Test
    void onlySparkNamesSpark() throws IOException {
        List<String> naming = new ArrayList<>();
        for (Path file : sources()) {
            String code = NOT_CODE.matcher(Files.readString(file)).replaceAll(" ");
            if (code.contains("org.apache.spark.") && !packageOf(file).equals("spark")) naming.add(file.toString());
        }
        assertTrue(naming.isEmpty(), "classes outside spark naming org.apache.spark: " + naming);
    }

    @Test
    void theRuleCatchesWhatItShould() {
        assertTrue(allowed("score", "model"));
        assertTrue(!allowed("model", "score"), "upwards");
        assertTrue(!allowed("score", "backend.cpu"), "a tier named outside the backend");
        assertTrue(!allowed("backend", "backend.cuda"), "the provider naming a tier");
        assertTrue(allowed("backend.cuda.runtime", "backend.cuda"));
        assertTrue(!allowed("backend.cuda", "backend.cpu"), "one tier naming another");
        assertTrue(allowed("backend.cpu", "response"));
        assertTrue(!allowed("backend.cpu", "api"), "a tier above the provider");
        assertTrue(allowed("throughput", "backend.cuda.runtime"), "the harness times tiers directly");
        assertTrue(!allowed("api", "backend.cuda.runtime"));
        assertTrue(allowed("backend.cuda.runtime", ""), "a tier may extend the root's exception base");
        assertTrue(!allowed("", "util"), "the root package imports nothing of the engine");
    }

    @Test
    void referencesAreFoundInCodeOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("X.java");
        Files.writeString(f, String.join("\n",
                "import org.scorefdt.backend.cuda.runtime.*;",
                "class X { String u = \"http://a/*\"; org.scorefdt.model.Grid g; // org.scorefdt.cli.Main",
                "  String t = \"\"\"",
                "    \"org.scorefdt.api.Job\" \"\"\"; org.scorefdt.rng.Philox p; }"));
        assertEquals(Set.of("backend.cuda.runtime", "model", "rng"), references(f));
    }

    static boolean allowed(String from, String to) {
        String tierTo = tier(to), tierFrom = tier(from);
        if (tierTo != null) return tierTo.equals(tierFrom) || from.equals(HARNESS);
        if (tierFrom != null) return rank(to) >= 0 && rank(to) <= rank("backend");
        return rank(to) >= 0 && rank(to) < rank(from);
    }

    private static int rank(String pkg) {
        return LAYERS.indexOf(pkg);
    }

    private static String tier(String pkg) {
        for (String t : TIERS) if (pkg.equals(t) || pkg.startsWith(t + ".")) return t;
        return null;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path file) {
        return ROOT.relativize(file.getParent()).toString().replace('/', '.').replace('\\', '.');
    }

    /** Packages {@code file} names in code: imports and qualified names, comments and strings removed. */
    static Set<String> references(Path file) throws IOException {
        String code = NOT_CODE.matcher(Files.readString(file)).replaceAll(" ");
        Set<String> out = new TreeSet<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
