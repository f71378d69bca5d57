package org.scorefdt.config;

import org.scorefdt.ScoreFdtException;
import org.scorefdt.util.ConfigName;

/**
 * A configuration value that cannot be used, reported where the user can fix it.
 *
 * <p>The message reads {@code config.toml:4:6: key 'ensemble.dt' = -0.1: must be > 0}: the source
 * (a file name, or {@code command line}), the position when known, the dotted key, the offending
 * value as written, and what is allowed. Records throw it without a source from their compact
 * constructors; the loader then attaches file and position with {@link #at}, so validation lives
 * in one place (the records) while messages still point into the file.
 */
public class ConfigException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String key;
    private final String value;
    private final String detail;
    private final int line;
    private final int column;

    /**
     * @param source file name or {@code "command line"}; may be {@code null} when not yet known
     * @param key    dotted key such as {@code ensemble.dt}; may be {@code null} for whole-file errors
     * @param value  the offending value as text; may be {@code null}
     * @param detail what is wrong or allowed, e.g. {@code must be > 0}
     */
    public ConfigException(String source, String key, String value, String detail) {
        this(source, key, value, detail, 0, 0);
    }

    /** As {@link #ConfigException(String, String, String, String)} with a 1-based line and column (0 = unknown). */
    public ConfigException(String source, String key, String value, String detail, int line, int column) {
        super(detail);
        this.source = source;
        this.key = key;
        this.value = value;
        this.detail = detail;
        this.line = line;
        this.column = column;
    }

    /** A validation failure without source, thrown from record constructors. */
    public static ConfigException invalid(String key, Object value, String detail) {
        return new ConfigException(null, key, format(value), detail);
    }

    /** A validation failure whose value is already TOML text (arrays such as {@code [16, 0]}). */
    public static ConfigException invalidText(String key, String valueText, String detail) {
        return new ConfigException(null, key, valueText, detail);
    }

    /**
     * Parses {@code text} (case-insensitive) into a constant of {@code type}.
     *
     * @param key dotted key such as {@code run.backend}, named in the error
     * @throws ConfigException naming {@code key}, the value and the allowed spellings
     */
    public static <E extends Enum<E> & ConfigName> E parseName(Class<E> type, String key, String text) {
        return ConfigName.find(type, text).orElseThrow(() ->
                invalid(key, text, "must be one of " + ConfigName.allowed(type)));
    }

    /** This error with its source and position filled in (existing values are kept). */
    public ConfigException at(String newSource, int newLine, int newColumn) {
        ConfigException e = new ConfigException(source != null ? source : newSource, key, value, detail,
                line > 0 ? line : newLine, line > 0 ? column : newColumn);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** File name or {@code command line}; {@code null} when unknown. */
    public String source() { return source; }

    /** Dotted key, or {@code null} for errors about the whole file. */
    public String key() { return key; }

    /** Offending value as text, or {@code null}. */
    public String value() { return value; }

    /** What is wrong, without source or key. */
    public String detail() { return detail; }

    /** 1-based line in the source, 0 when unknown. */
    public int line() { return line; }

    /** 1-based column in the source, 0 when unknown. */
    public int column() { return column; }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
            if (line > 0) sb.append(':').append(line).append(':').append(column);
            sb.append(": ");
        }
        if (key != null) {
            sb.append("key '").append(key).append('\'');
            if (value != null) sb.append(" = ").append(value);
            sb.append(": ");
        }
        sb.append(detail);
        return sb.toString();
    }

    @Override
    public String toString() {
        return getMessage();
    }

    /** Values as a user would write them in TOML, so the message can be pasted back. */
    static String format(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return '"' + s + '"';
        if (value instanceof ConfigName n) return '"' + n.configName() + '"';
        return String.valueOf(value);
    }
}
