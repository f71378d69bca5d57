package org.scorefdt.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum constant with the spelling used in TOML files and on the command line.
 *
 * <p>Config enums implement this so that parsing, error messages ("allowed: auto, cpu, …") and
 * {@code toToml()} share one spelling per constant instead of relying on {@code name()}.
 */
public interface TomlName {
    /** The spelling in TOML, e.g. {@code "exact-ou"}. */
    String tomlName();

    /**
     * Parses {@code text} (case-insensitive) into a constant of {@code type}.
     *
     * @throws ConfigException naming {@code key}, the value and the allowed spellings
     */
    static <E extends Enum<E> & TomlName> E parse(Class<E> type, String key, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.tomlName().equals(wanted)) return e;
        }
        throw ConfigException.invalid(key, text, "must be one of " + allowed(type));
    }

    /** The allowed spellings, comma separated, for messages and help text. */
    static <E extends Enum<E> & TomlName> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(TomlName::tomlName).collect(Collectors.joining(", "));
    }
}
