package org.scorefdt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.util.ConfigName;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * Configuration of the {@code reproduce} job: the {@code [run]} table and one table per system of
 * docs/systems.md ({@link ReproductionSettings}), in the order of {@link #SYSTEMS}. Missing keys and
 * tables take the built-in small defaults ({@link #defaults()}, the content of
 * {@code reproduce-small.toml}); the loader is as strict as {@link TomlConfigLoader} (unknown keys,
 * wrong types and out-of-range values are one {@link ConfigException} naming file, line, key and
 * range).
 *
 * @param run     seed, backend, precision, threads, output
 * @param systems one entry per known system, enabled or not
 */
public record ReproductionConfig(RunConfig run, List<ReproductionSettings> systems) {

    /** The systems the job knows, in report order (docs/systems.md §1, §2, §3). */
    public static final List<String> SYSTEMS = List.of("ou-spde", "allen-cahn", "navier-stokes");

    /** Bundled presets: {@code small} (2 cores, minutes) and {@code full} (paper sizes, for a GPU node). */
    public static final List<String> PRESETS = List.of("small", "full");

    /** Keys of a system table, in the order {@link #toToml} writes them. */
    static final List<String> SYSTEM_KEYS = List.of("enabled", "n", "scheme", "dt", "spinup", "members", "member_batch",
            "duration", "save_every", "lags", "blocks", "normalize", "snapshot_every", "max_snapshots",
            "quasi_gaussian_ridge", "truth_members", "truth_duration", "reset_every", "delta", "noise_scale", "dsm_channels", "dsm_steps",
            "dsm_batch", "dsm_learning_rate", "dsm_warmup", "dsm_sigma_min", "dsm_eval_every", "dsm_patience", "branch_parents",
            "branch_time");

    public ReproductionConfig {
        Objects.requireNonNull(run, "run");
        systems = List.copyOf(systems);
        if (systems.stream().noneMatch(ReproductionSettings::enabled)) {
            throw new ConfigException(null, null, null, "no system is enabled; set enabled = true in at least one of ["
                    + String.join("], [", SYSTEMS) + "]");
        }
    }

    /** The enabled systems, in order. */
    public List<ReproductionSettings> enabledSystems() {
        return systems.stream().filter(ReproductionSettings::enabled).toList();
    }

    /** The settings of one system. */
    public ReproductionSettings system(String name) {
        return systems.stream().filter(s -> s.system().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no system '" + name + "'; known: " + SYSTEMS));
    }

    /**
     * The largest of the enabled systems' needs (they run one after another).
     */
    public MemoryNeed memoryNeed() {
        return enabledSystems().stream().map(ReproductionSettings::memoryNeed)
                .max(java.util.Comparator.comparingDouble(MemoryNeed::bytes)).orElseGet(MemoryNeed::new);
    }

    /** Copy with another {@code [run]} table (CLI overrides). */
    public ReproductionConfig withRun(RunConfig r) {
        return new ReproductionConfig(r, systems);
    }

    /** Copy running only the named systems (CLI {@code --systems}). */
    public ReproductionConfig only(List<String> names) {
        for (String s : names) {
            if (!SYSTEMS.contains(s)) {
                throw ConfigException.invalid("--systems", s, "must be one of " + String.join(", ", SYSTEMS));
            }
        }
        return new ReproductionConfig(run, systems.stream().map(s -> s.withEnabled(names.contains(s.system()))).toList());
    }

    /** The small run: the content of {@code reproduce-small.toml}. */
    public static ReproductionConfig defaults() {
        return preset("small");
    }

    /** A bundled preset, {@code small} or {@code full}. */
    public static ReproductionConfig preset(String name) {
        return parse(presetText(name), "reproduce-" + name + ".toml", null); // presets are complete: no base
    }

    /** The TOML text of a bundled preset, as shipped (with its comments). */
    public static String presetText(String name) {
        if (!PRESETS.contains(name)) {
            throw new ConfigException("preset", null, null, "unknown preset '" + name + "'; allowed: " + String.join(", ", PRESETS));
        }
        return TomlConfigLoader.resourceText("/org/scorefdt/configs/reproduce-" + name + ".toml");
    }

    /**
     * Loads and validates a file; missing keys take the small defaults.
     *
     * @throws ConfigException when the file is missing, unreadable or invalid
     */
    public static ReproductionConfig load(Path file) {
        return parse(TomlText.read(file), file.toString(), defaults());
    }

    /** Parses TOML text over the small defaults; {@code source} names it in messages. */
    public static ReproductionConfig parse(String text, String source) {
        return parse(text, source, defaults());
    }

    private static ReproductionConfig parse(String text, String source, ReproductionConfig base) {
        TomlParseResult doc = TomlText.parse(text, source);
        try {
            return build(doc, base);
        } catch (ConfigException e) {
            TomlPosition p = e.key() == null ? null : doc.inputPositionOf(List.of(e.key().split("\\.", 2)));
            throw e.at(source, p == null ? 0 : p.line(), p == null ? 0 : p.column());
        }
    }

    private static ReproductionConfig build(TomlParseResult doc, ReproductionConfig base) {
        for (String key : doc.keySet()) {
            if (!key.equals("run") && !SYSTEMS.contains(key)) {
                throw new ConfigException(null, key, null, "unknown table or key; allowed tables: run, " + String.join(", ", SYSTEMS));
            }
            if (!doc.isTable(key)) {
                throw new ConfigException(null, key, null, "wrong type: expected table [" + key + "], got "
                        + TomlConfigLoader.typeName(doc.get(List.of(key))));
            }
        }
        RunConfig dr = base == null ? new RunConfig(20240214L, BackendKind.AUTO, Precision.F64, 0, "runs/reproduce-small") : base.run();
        var t = new TomlConfigLoader.Table(doc, "run", TomlConfigLoader.TABLES.get("run"));
        RunConfig run = new RunConfig(t.getLong("seed", dr.seed()), t.getEnum("backend", BackendKind.class, dr.backend()),
                t.getEnum("precision", Precision.class, dr.precision()), t.getInt("threads", dr.threads()),
                t.getString("output", dr.output()));
        List<ReproductionSettings> systems = new ArrayList<>();
        for (String name : SYSTEMS) {
            var s = new TomlConfigLoader.Table(doc, name, SYSTEM_KEYS);
            if (base == null && !s.present()) {
                throw new ConfigException(null, name, null, "missing table [" + name + "] in a preset");
            }
            systems.add(base == null ? settings(s, name, null) : settings(s, name, base.system(name)));
        }
        return new ReproductionConfig(run, systems);
    }

    /** One system's table; every key must be present when there is no base (the presets are complete). */
    private static ReproductionSettings settings(TomlConfigLoader.Table t, String name, ReproductionSettings d) {
        try {
            ReproductionSettings.Dsm dd = d == null ? null : d.dsm();
            var dsm = new ReproductionSettings.Dsm(
                    t.getIntArray("dsm_channels", d == null ? null : dd.channels()),
                    t.getInt("dsm_steps", d == null ? -1 : dd.steps()),
                    t.getInt("dsm_batch", d == null ? -1 : dd.batch()),
                    t.getDouble("dsm_learning_rate", d == null ? Double.NaN : dd.learningRate()),
                    t.getInt("dsm_warmup", d == null ? -1 : dd.warmup()),
                    t.getDouble("dsm_sigma_min", d == null ? Double.NaN : dd.sigmaMin()),
                    t.getInt("dsm_eval_every", d == null ? -1 : dd.evalEvery()),
                    t.getInt("dsm_patience", d == null ? -1 : dd.patience()));
            return new ReproductionSettings(name,
                    t.getBoolean("enabled", d == null || d.enabled()),
                    t.getInt("n", d == null ? -1 : d.n()),
                    t.getEnum("scheme", Scheme.class, d == null ? null : d.scheme()),
                    t.getDouble("dt", d == null ? Double.NaN : d.dt()),
                    t.getDouble("spinup", d == null ? Double.NaN : d.spinup()),
                    t.getInt("members", d == null ? -1 : d.members()),
                    t.getInt("member_batch", d == null ? -1 : d.memberBatch()),
                    t.getDouble("duration", d == null ? Double.NaN : d.duration()),
                    t.getInt("save_every", d == null ? -1 : d.saveEvery()),
                    t.getInt("lags", d == null ? -1 : d.lags()),
                    t.getInt("blocks", d == null ? -1 : d.blocks()),
                    t.getBoolean("normalize", d == null || d.normalize()),
                    t.getDouble("snapshot_every", d == null ? Double.NaN : d.snapshotEvery()),
                    t.getInt("max_snapshots", d == null ? -1 : d.maxSnapshots()),
                    t.getDouble("quasi_gaussian_ridge", d == null ? Double.NaN : d.ridge()),
                    t.getInt("truth_members", d == null ? -1 : d.truthMembers()),
                    t.getDouble("truth_duration", d == null ? Double.NaN : d.truthDuration()),
                    t.getDouble("reset_every", d == null ? Double.NaN : d.resetEvery()),
                    t.getDouble("delta", d == null ? Double.NaN : d.delta()),
                    t.getDouble("noise_scale", d == null ? Double.NaN : d.noiseScale()),
                    dsm,
                    // optional even in a complete preset: no branching unless asked for
                    new ReproductionSettings.Branching(t.getInt("branch_parents", d == null ? 0 : d.branching().parents()),
                            t.getDouble("branch_time", d == null ? 0 : d.branching().time())));
        } catch (ConfigException e) {
            // Record constructors name keys relative to the table ("dsm_steps"); make them dotted.
            String key = e.key();
            if (key != null && !key.startsWith(name + ".")) key = name + "." + key;
            throw new ConfigException(e.source(), key, e.value(), e.detail(), e.line(), e.column());
        }
    }

    /** A complete TOML document that {@link #parse} reads back to an equal config. */
    public String toToml() {
        StringBuilder sb = new StringBuilder("# ScoreFDT reproduce job: score-based vs quasi-Gaussian GFDT against the perturbed truth.\n");
        sb.append("\n[run]\n");
        sb.append("seed = ").append(run.seed()).append('\n');
        sb.append("backend = ").append(TomlConfigWriter.str(run.backend().configName())).append('\n');
        sb.append("precision = ").append(TomlConfigWriter.str(run.precision().configName())).append('\n');
        sb.append("threads = ").append(run.threads()).append('\n');
        sb.append("output = ").append(TomlConfigWriter.str(run.output())).append('\n');
        for (ReproductionSettings s : systems) {
            Map<String, String> kv = new LinkedHashMap<>();
            kv.put("enabled", Boolean.toString(s.enabled()));
            kv.put("n", Integer.toString(s.n()));
            kv.put("scheme", TomlConfigWriter.str(s.scheme().configName()));
            kv.put("dt", Double.toString(s.dt()));
            kv.put("spinup", Double.toString(s.spinup()));
            kv.put("members", Integer.toString(s.members()));
            kv.put("member_batch", Integer.toString(s.memberBatch()));
            kv.put("duration", Double.toString(s.duration()));
            kv.put("save_every", Integer.toString(s.saveEvery()));
            kv.put("lags", Integer.toString(s.lags()));
            kv.put("blocks", Integer.toString(s.blocks()));
            kv.put("normalize", Boolean.toString(s.normalize()));
            kv.put("snapshot_every", Double.toString(s.snapshotEvery()));
            kv.put("max_snapshots", Integer.toString(s.maxSnapshots()));
            kv.put("quasi_gaussian_ridge", Double.toString(s.ridge()));
            kv.put("truth_members", Integer.toString(s.truthMembers()));
            kv.put("truth_duration", Double.toString(s.truthDuration()));
            kv.put("reset_every", Double.toString(s.resetEvery()));
            kv.put("delta", Double.toString(s.delta()));
            kv.put("noise_scale", Double.toString(s.noiseScale()));
            ReproductionSettings.Dsm d = s.dsm();
            kv.put("dsm_channels", java.util.Arrays.toString(d.channels()));
            kv.put("dsm_steps", Integer.toString(d.steps()));
            kv.put("dsm_batch", Integer.toString(d.batch()));
            kv.put("dsm_learning_rate", Double.toString(d.learningRate()));
            kv.put("dsm_warmup", Integer.toString(d.warmup()));
            kv.put("dsm_sigma_min", Double.toString(d.sigmaMin()));
            kv.put("dsm_eval_every", Integer.toString(d.evalEvery()));
            kv.put("dsm_patience", Integer.toString(d.patience()));
            kv.put("branch_parents", Integer.toString(s.branching().parents()));
            kv.put("branch_time", Double.toString(s.branching().time()));
            sb.append("\n[").append(s.system()).append("]\n");
            kv.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        return sb.toString();
    }

    /** Allowed schemes, for help text. */
    public static String allowedSchemes() {
        return ConfigName.allowed(Scheme.class).toLowerCase(Locale.ROOT);
    }
}
