package org.scorefdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md quotes no measured number outside a rendered region: every rate, ratio, time, percentage
 * or measured decimal must come from committed JSON through {@link RenderedRegions}, where
 * {@link RenderedRegionsTest} checks it. Outside the regions this test looks for numbers that look
 * measured — a rate (115k, 2.8M, anything/s), a ratio (2.4×, not a size such as 16×16 or
 * 32 × 2000), a time (13 s, 58 µs, 5 min), a percentage, and in prose (not code) any decimal — and
 * fails on each one that is not covered by {@link #ALLOWED}, an explicit list of the numbers that are
 * not measurements (parameters, targets, identifiers), each with its reason.
 */
class UnrenderedNumbersTest {

    static final Path README = Path.of("README.md");

    /** Looks measured anywhere outside a region, code included (code comments can quote output). */
    static final List<Pattern> ANYWHERE = List.of(
            Pattern.compile("\\d+(?:[.,]\\d+)*[kMG]\\b"),                                         // rates: 115k, 2.8M, 441M
            Pattern.compile("\\d+(?:\\.\\d+)?\\s?×(?!\\s?\\d)"),                                  // ratios: 2.4×, (3.2×)
            Pattern.compile("\\d+(?:\\.\\d+)?\\s?(?:s|ms|µs|us|ns|min|minutes?|seconds?|hours?)\\b"), // times
            Pattern.compile("\\d+(?:\\.\\d+)?\\s?%"),                                            // percentages
            Pattern.compile("[A-Za-z-]+/s\\b"));                                                  // member-steps/s, pairs/s, GB/s

    /** Looks measured in prose (outside code blocks and inline code): any decimal fraction, but not a section number (§3.1). */
    static final Pattern DECIMAL = Pattern.compile("(?<![\\w.§])\\d+\\.\\d+(?![\\w.])");

    /**
     * Text that may stand outside the regions: each entry is a literal snippet; a hit inside one of
     * its occurrences is allowed. Keep it small and give the reason.
     */
    static final Map<String, String> ALLOWED = Map.ofEntries(
            Map.entry("arXiv:2402.01029", "the paper's arXiv identifier"),
            Map.entry("σ = 0.5", "Lorenz-96 noise amplitude: a model parameter (docs/systems.md §4)"),
            Map.entry("δ = 0.1, save interval 0.1", "kick amplitude and save interval: options of the Lorenz-96 command shown"),
            Map.entry("t = 1.1", "the last lag of that command (lags 0…11 × 0.1): a choice, not a result"),
            Map.entry("κ = 2.5·10⁻⁴, A = 0.02", "Allen–Cahn constants of the paper (docs/systems.md §2)"));

    /** One number that looks measured, outside every region and not allowed. */
    record Hit(int line, String text, String context) {
        @Override
        public String toString() {
            return README + ":" + line + ": '" + text + "' in: " + context;
        }
    }

    @Test
    void readmeHasNoMeasuredNumberOutsideRenderedRegions() {
        List<Hit> hits = scan(new RenderedRegions(Path.of("")).lines(README));
        assertTrue(hits.isEmpty(), "measured-looking numbers outside rendered regions (render them from committed JSON, "
                + "see RenderedRegions, or, if one is not a measurement, add it to UnrenderedNumbersTest.ALLOWED with the reason):\n  "
                + String.join("\n  ", hits.stream().map(Hit::toString).toList()));
    }

    @Test
    void everyAllowedSnippetIsStillUsed() {
        String text = String.join("\n", outsideRegions(new RenderedRegions(Path.of("")).lines(README)));
        List<String> unused = ALLOWED.keySet().stream().filter(a -> !text.contains(a)).sorted().toList();
        assertTrue(unused.isEmpty(), "UnrenderedNumbersTest.ALLOWED entries no longer in README.md outside regions (remove them): " + unused);
    }

    @Test
    void thePatternsCatchWhatTheyShould() {
        List<String> measured = List.of("| OU | 115k | 22.6k | 2.4× |", "the job takes ~13 s.", "≈ 58 µs per member-step",
                "Score-model JMH: 218M pairs/s", "~65% of its time", "mean L2 0.07963 against 0.2529", "about 5 min in all",
                "≈ 0, ≈ 0.85 against the data's 0.83");
        for (String m : measured) assertEquals(false, scan(List.of(m)).isEmpty(), "not caught: " + m);
        List<String> notMeasured = List.of("on a 16×16 grid, 128 × 2000 saves", "`--lr 1e3` stops", "```",
                "N = 32, 12,800 truth pairs", "sm_80/sm_90 + PTX", "≤ 64 MiB bundle", "docs/systems.md §5.2", "### 2.1 Heading");
        for (String n : notMeasured) assertEquals(List.of(), scan(List.of(n)), "caught: " + n);
        // decimals in code are parameters; in prose they are caught
        assertEquals(List.of(), scan(List.of("```java", ".dt(0.01).members(256)", "```")));
    }

    /** The lines outside rendered regions, markers excluded; a region's lines become empty lines. */
    static List<String> outsideRegions(List<String> lines) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            String s = l.strip();
            if (RenderedRegions.BEGIN_LINE.matcher(s).matches()) in = true;
            out.add(in ? "" : l);
            if (s.equals(RenderedRegions.END)) in = false;
        }
        return out;
    }

    static List<Hit> scan(List<String> lines) {
        List<Hit> hits = new ArrayList<>();
        List<String> outside = outsideRegions(lines);
        boolean code = false;
        for (int i = 0; i < outside.size(); i++) {
            String line = outside.get(i);
            if (line.strip().startsWith("```")) {
                code = !code;
                continue;
            }
            boolean[] allowed = allowedChars(line);
            List<int[]> spans = new ArrayList<>();
            for (Pattern p : ANYWHERE) collect(p.matcher(line), spans);
            if (!code && !line.startsWith("#")) collect(DECIMAL.matcher(withoutInlineCode(line)), spans);
            boolean[] reported = new boolean[line.length()];
            for (int[] s : spans) {
                if (reported[s[0]] && reported[s[1] - 1]) continue; // inside a number already reported (2.4 of 2.4×)
                for (int c = s[0]; c < s[1]; c++) reported[c] = true;
                boolean ok = true;
                for (int c = s[0]; c < s[1]; c++) ok &= allowed[c];
                if (!ok) hits.add(new Hit(i + 1, line.substring(s[0], s[1]), line.strip()));
            }
        }
        return hits;
    }

    private static void collect(Matcher m, List<int[]> spans) {
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
    }

    private static boolean[] allowedChars(String line) {
        boolean[] ok = new boolean[line.length()];
        for (String a : ALLOWED.keySet()) {
            for (int at = line.indexOf(a); at >= 0; at = line.indexOf(a, at + 1)) {
                for (int c = at; c < at + a.length(); c++) ok[c] = true;
            }
        }
        return ok;
    }

    /** The line with every `inline code` span blanked (same length, so positions stay). */
    static String withoutInlineCode(String line) {
        StringBuilder b = new StringBuilder(line);
        Matcher m = Pattern.compile("`[^`]*`").matcher(line);
        while (m.find()) {
            for (int c = m.start(); c < m.end(); c++) b.setCharAt(c, ' ');
        }
        return b.toString();
    }
}
