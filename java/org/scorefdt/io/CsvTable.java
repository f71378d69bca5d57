package org.scorefdt.io;

import org.scorefdt.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small CSV table: a header and rows of numbers or strings, written atomically.
 *
 * <p>Strings are quoted per RFC 4180 when they contain a comma, quote, CR or LF, or leading/trailing
 * space (quotes doubled); numbers use {@link Double#toString}/{@link Long#toString}, which round-trip
 * exactly and parse in numpy, pandas and R. Rows end in {@code \n}. Not thread-safe.
 */
public final class CsvTable {
    private final List<String> header;
    private final List<Object[]> rows = new ArrayList<>();

    /** @param header column names; every row must have this many cells */
    public CsvTable(String... header) {
        this(List.of(header));
    }

    /** @param header column names; every row must have this many cells */
    public CsvTable(List<String> header) {
        if (header.isEmpty()) throw new IllegalArgumentException("a CSV table needs at least one column");
        this.header = List.copyOf(header);
    }

    /**
     * Appends a row of {@link Number}s, {@link String}s or {@code null}s (empty cell).
     *
     * @throws IllegalArgumentException if the cell count differs from the header
     */
    public CsvTable addRow(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header has " + header.size());
        }
        rows.add(cells.clone());
        return this;
    }

    /** Appends a row of doubles. */
    public CsvTable addNumbers(double... cells) {
        Object[] boxed = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) boxed[i] = cells[i];
        return addRow(boxed);
    }

    /** Number of data rows. */
    public int rowCount() {
        return rows.size();
    }

    /** The table as CSV text. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder();
        line(sb, header.toArray());
        for (Object[] r : rows) line(sb, r);
        return sb.toString();
    }

    /** Atomically writes the table to {@code file}. */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toCsv());
    }

    private static void line(StringBuilder sb, Object[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) sb.append(',');
            sb.append(cell(cells[i]));
        }
        sb.append('\n');
    }

    /** One cell, quoted when RFC 4180 requires it. */
    static String cell(Object v) {
        if (v == null) return "";
        if (v instanceof Double || v instanceof Float || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte) {
            return v.toString();
        }
        String s = v.toString();
        boolean quote = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                || (!s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))));
        return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
