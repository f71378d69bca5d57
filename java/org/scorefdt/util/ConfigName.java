package org.scorefdt.util;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An enum constant with the spelling used in config files and on the command line, e.g.
 * {@code "exact-ou"} for {@code Scheme.EXACT_OU}.
 *
 * <p>Core enums ({@code BackendKind}, {@code Precision}, {@code Scheme}, {@code OuSpde.NoiseScaling})
 * and the config-only enums implement this, so that parsing, error messages ("must be one of auto,
 * cuda, …") and written TOML share one spelling per constant instead of relying on {@code name()}.
 * The helpers here report "not found" as an empty {@link Optional}; callers choose the exception
 * (the config loader a {@code ConfigException} naming the key, {@code parse} methods an
 * {@link IllegalArgumentException}).
 */
public interface ConfigName {
    /** The spelling in config files and on the command line, e.g. {@code "exact-ou"}. */
    String configName();

    /**
     * The constant of {@code type} spelled {@code text}, ignoring case and surrounding blanks.
     *
     * @return the constant, or empty when {@code text} is no allowed spelling (see {@link #allowed})
     */
    static <E extends Enum<E> & ConfigName> Optional<E> find(Class<E> type, String text) {
        if (text == null) return Optional.empty();
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.configName().equals(wanted)) return Optional.of(e);
        }
        return Optional.empty();
    }

    /** The allowed spellings in declaration order, comma separated, for messages and help text. */
    static <E extends Enum<E> & ConfigName> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).collect(Collectors.joining(", "));
    }
}
