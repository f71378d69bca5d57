package org.scorefdt.cli;

import java.util.Arrays;
import java.util.Iterator;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.ConfigException;
import org.scorefdt.integrate.Precision;
import org.scorefdt.util.ConfigName;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option value to an enum by its {@link ConfigName} spelling, with the same rules and
 * message as the config file: {@code --backend gpu} fails with
 * {@code Invalid value for option '--backend': key 'run.backend' = "gpu": must be one of auto, cuda, cpu, java}.
 * picocli needs a no-argument class per type, hence the nested subclasses.
 */
abstract class ConfigNameConverter<E extends Enum<E> & ConfigName> implements ITypeConverter<E> {
    private final Class<E> type;
    private final String key;

    ConfigNameConverter(Class<E> type, String key) {
        this.type = type;
        this.key = key;
    }

    @Override
    public E convert(String value) {
        try {
            return ConfigException.parseName(type, key, value);
        } catch (ConfigException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The spellings, for {@code ${COMPLETION-CANDIDATES}} and shell completion. */
    static <E extends Enum<E> & ConfigName> Iterator<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigName::configName).iterator();
    }

    /** {@code --backend}: {@code run.backend}. */
    static final class BackendConverter extends ConfigNameConverter<BackendKind> {
        BackendConverter() { super(BackendKind.class, "run.backend"); }
    }

    /** {@code --precision}: {@code run.precision}. */
    static final class PrecisionConverter extends ConfigNameConverter<Precision> {
        PrecisionConverter() { super(Precision.class, "run.precision"); }
    }

    /** Completion candidates of {@code --backend}. */
    static final class BackendNames implements Iterable<String> {
        @Override public Iterator<String> iterator() { return names(BackendKind.class); }
    }

    /** Completion candidates of {@code --precision}. */
    static final class PrecisionNames implements Iterable<String> {
        @Override public Iterator<String> iterator() { return names(Precision.class); }
    }
}
