package org.scorefdt.config;

import java.nio.file.Path;
import java.util.Set;
import org.tomlj.TomlParseResult;

/**
 * Which job a TOML file configures, told from its tables, and its validation: {@code config check}
 * runs exactly what the job's own loader runs ({@link OuJobConfig#load}, {@link ReproductionConfig#load}),
 * so a file that checks is one the job accepts, and one the job would refuse fails the check.
 */
public final class JobConfigs {
    private JobConfigs() {}

    /** A validated config and the job it is for. */
    public record Checked(String job, Object config) {}

    /**
     * Loads and validates {@code file} as the config of the job its tables name: a table of a
     * reproduction system ({@code [ou-spde]}, {@code [allen-cahn]}, {@code [navier-stokes]}) makes it
     * {@code reproduce}'s, anything else {@code ou}'s.
     *
     * @throws ConfigException naming the file, key, value and allowed range
     */
    public static Checked check(Path file) {
        String name = file.toString();
        String text = TomlText.read(file);
        TomlParseResult doc = TomlText.parse(text, name);
        Set<String> tables = doc.keySet();
        if (ReproductionConfig.SYSTEMS.stream().anyMatch(tables::contains)) {
            return new Checked("reproduce", ReproductionConfig.parse(text, name));
        }
        return new Checked("ou", TomlConfigLoader.parse(text, name));
    }
}
