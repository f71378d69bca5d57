package org.scorefdt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: every citation of a design document, {@code docs/<name>.md} with
 * optional sections {@code §N}, {@code §N.M}, {@code §N–M} or lists of them, names a file under
 * {@code docs/} that has those numbered headings ({@code ## N. Title}, {@code ### N.M Title}); and
 * nothing cites documents that live outside the repository. Scans java/, native/, cuda/, README.md
 * and docs/; failures name file:line.
 */
class DocsReferencesTest {

    private static final List<Path> ROOTS = List.of(Path.of("java"), Path.of("native"), Path.of("cuda"),
            Path.of("README.md"), Path.of("docs"));

    /** Binary outputs that may sit in the scanned folders; everything else is read as UTF-8 text. */
    private static final Set<String> BINARY = Set.of("png", "npy", "fatbin", "cubin", "ptx", "jar", "class", "so",
            "o", "a", "gz", "zip", "bin");

    /** A citation: the document name, then any run of section numbers after it. */
    private static final Pattern CITATION = Pattern.compile(
            "(?<![\\w-])docs/([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)\\.md"
                    + "((?:(?:\\s*[,–-]\\s*|\\s+(?:and\\s+)?)?§\\s*\\d+(?:\\.\\d+)?(?:\\s*[–-]\\s*§?\\d+)?)*)");
    private static final Pattern SECTION = Pattern.compile("§\\s*(\\d+)(?:\\.(\\d+))?(?:\\s*[–-]\\s*§?(\\d+))?");

    /** Documents outside the repository that must not be cited. */
    private static final Pattern OUTSIDE = Pattern.compile("SYSTEMS\\.md|DESIGN\\.md|\\.\\./shared|/work/shared");

    private final Map<Path, Optional<String>> docs = new HashMap<>();

    @Test
    void everyCitedDocumentAndSectionExists() {
        List<String> problems = new ArrayList<>();
        int citations = 0;
        for (Path file : textFiles()) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = CITATION.matcher(lines.get(i));
                while (m.find()) {
                    citations++;
                    String where = file + ":" + (i + 1) + ": ";
                    Path doc = Path.of("docs", m.group(1) + ".md");
                    Optional<String> text = document(doc);
                    if (text.isEmpty()) {
                        problems.add(where + "cites " + doc + ", which does not exist");
                        continue;
                    }
                    Matcher s = SECTION.matcher(m.group(2));
                    while (s.find()) {
                        int from = Integer.parseInt(s.group(1));
                        if (s.group(2) != null) {
                            String sub = from + "." + s.group(2);
                            if (!hasHeading(text.get(), "#{3,6}\\s+" + Pattern.quote(sub) + "\\b")) {
                                problems.add(where + "cites " + doc + " §" + sub + ", which has no heading '### " + sub + "'");
                            }
                        }
                        int to = s.group(3) != null ? Integer.parseInt(s.group(3)) : from;
                        for (int n = from; n <= Math.max(from, to); n++) {
                            if (!hasHeading(text.get(), "##\\s+" + n + "\\.\\s")) {
                                problems.add(where + "cites " + doc + " §" + n + ", which has no heading '## " + n + ". …'");
                            }
                        }
                    }
                }
            }
        }
        assertTrue(citations > 0, "found no citations of docs/*.md at all: is the working directory the repository root?");
        if (!problems.isEmpty()) fail(problems.size() + " broken citation(s):\n" + String.join("\n", problems));
    }

    @Test
    void nothingCitesDocumentsOutsideTheRepository() {
        List<String> problems = new ArrayList<>();
        for (Path file : textFiles()) {
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OUTSIDE.matcher(lines.get(i));
                if (m.find()) problems.add(file + ":" + (i + 1) + ": cites '" + m.group() + "': " + lines.get(i).strip());
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " citation(s) of documents outside the repository (cite docs/ instead):\n"
                    + String.join("\n", problems));
        }
    }

    private static boolean hasHeading(String text, String heading) {
        return Pattern.compile("^" + heading, Pattern.MULTILINE).matcher(text).find();
    }

    private Optional<String> document(Path doc) {
        return docs.computeIfAbsent(doc, d -> Files.isRegularFile(d) ? Optional.of(String.join("\n", read(d))) : Optional.empty());
    }

    private static List<Path> textFiles() {
        List<Path> out = new ArrayList<>();
        for (Path root : ROOTS) {
            assertTrue(Files.exists(root), root + " is missing: the test must run from the repository root");
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(Files::isRegularFile).filter(p -> !BINARY.contains(extension(p))).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The file's lines, or none when it is not UTF-8 text. */
    private static List<String> read(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.indexOf('\0') >= 0 ? List.of() : text.lines().toList();
        } catch (CharacterCodingException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
