package org.scorefdt.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.scorefdt.util.IoErrors;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Reading and parsing a TOML config file, shared by every job's loader, with the limits that keep a
 * hostile file from reaching the parser: the size, UTF-8, and the nesting depth of arrays and inline
 * tables (tomlj's recursive-descent parser overflows the stack on a value nested 20,000 deep).
 */
final class TomlText {
    private TomlText() {}

    /** A config is a few hundred bytes; anything this large is not one. */
    static final long MAX_BYTES = 1 << 20;
    /** No config nests deeper than 2; the parser's stack holds far more than this. */
    static final int MAX_DEPTH = 64;

    /** The file's text; every problem is a {@link ConfigException} naming the file. */
    static String read(Path file) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) throw new ConfigException(name, null, null, "is a directory, not a TOML file");
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(name, null, null, "file of " + size + " bytes; a config is at most " + MAX_BYTES + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, null, null, "no such file");
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, null, null, "not UTF-8 text; a config is a TOML text file");
        } catch (IOException e) {
            throw new ConfigException(name, null, null, "cannot read: " + IoErrors.cause(e));
        }
    }

    /** Parses {@code text}; syntax errors and over-deep nesting are {@link ConfigException}s naming {@code source}. */
    static TomlParseResult parse(String text, String source) {
        int[] deep = deepest(text);
        if (deep[0] > MAX_DEPTH) {
            throw new ConfigException(source, null, null, "values nested more than " + MAX_DEPTH + " levels deep", deep[1], deep[2]);
        }
        TomlParseResult doc;
        try {
            doc = Toml.parse(text);
        } catch (StackOverflowError e) { // the scan above should prevent it; never show a trace for a file
            throw new ConfigException(source, null, null, "values nested too deeply to parse");
        }
        if (doc.hasErrors()) {
            TomlParseError err = doc.errors().get(0);
            TomlPosition p = err.position();
            throw new ConfigException(source, null, null, "TOML syntax error: " + TomlConfigLoader.stripPosition(err.getMessage()),
                    p == null ? 0 : p.line(), p == null ? 0 : p.column());
        }
        return doc;
    }

    /**
     * The depth of {@code [ {} ]} nesting outside strings and comments, and where it first exceeds
     * {@link #MAX_DEPTH}: {depth, line, column}. Conservative: an unterminated string ends the scan.
     */
    static int[] deepest(String t) {
        int depth = 0, max = 0, line = 1, col = 0, atLine = 0, atCol = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            col++;
            if (c == '\n') { line++; col = 0; continue; }
            if (c == '#') { // comment to end of line
                while (i + 1 < t.length() && t.charAt(i + 1) != '\n') i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                boolean triple = t.startsWith(String.valueOf(c).repeat(3), i);
                String end = triple ? String.valueOf(c).repeat(3) : String.valueOf(c);
                int j = i + end.length();
                while (j < t.length() && !t.startsWith(end, j)) {
                    if (c == '"' && t.charAt(j) == '\\') j++;
                    else if (t.charAt(j) == '\n') { if (!triple) break; line++; col = 0; }
                    j++;
                }
                if (j >= t.length()) break;
                col += j - i;
                i = j + end.length() - 1;
                continue;
            }
            if (c == '[' || c == '{') {
                depth++;
                if (depth > max) { max = depth; atLine = line; atCol = col; }
                if (max > MAX_DEPTH) break;
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return new int[] {max, atLine, atCol};
    }
}
