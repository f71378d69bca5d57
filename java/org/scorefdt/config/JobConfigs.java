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
        Checked checked = ReproductionConfig.SYSTEMS.stream().anyMatch(tables::contains)
                ? new Checked("reproduce", ReproductionConfig.parse(text, name))
                : new Checked("ou", TomlConfigLoader.parse(text, name));
        checkMemory(checked.config(), name);
        return checked;
    }

    /**
     * Refuses a job config whose {@link MemoryNeed} exceeds what this JVM may use, before anything is
     * allocated; run by {@code config check} and by the jobs themselves.
     *
     * @param source the file (or {@code command line}) the error is attributed to
     * @throws ConfigException naming the source, the key of the largest array, the need and the limit
     */
    public static void checkMemory(Object config, String source) {
        MemoryNeed need;
        if (config instanceof OuJobConfig c) need = c.memoryNeed();
        else if (config instanceof ReproductionConfig c) need = c.memoryNeed();
        else throw new IllegalArgumentException("not a job config: " + config.getClass().getName());
        checkMemory(need, source);
    }

    /** As {@link #checkMemory(Object, String)} for a need already worked out (a shard's). */
    public static void checkMemory(MemoryNeed need, String source) {
        try {
            need.checkThisJvm();
        } catch (ConfigException e) {
            throw e.at(source, 0, 0);
        }
    }
}
