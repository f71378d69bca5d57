package org.scorefdt.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Complete configuration of the OU validation job: one record per TOML table, checked together.
 *
 * <p>Each table validates its own ranges in its constructor; this record adds the checks that need
 * two tables (blocks vs members, longest lag vs duration, pixel vs grid), so an {@code OuJobConfig}
 * that exists is always runnable. Instances are immutable; use the {@code with…} copies for overrides.
 *
 * @throws ConfigException when a cross-table constraint fails
 */
public record OuJobConfig(RunConfig run, ModelConfig model, IntegratorConfig integrator, EnsembleConfig ensemble,
                          ResponseConfig response, TruthConfig truth) {

    /** Names of the bundled presets, for {@link #preset(String)} and the CLI. */
    public static final java.util.List<String> PRESETS = java.util.List.of("small", "paper");

    public OuJobConfig {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(integrator, "integrator");
        Objects.requireNonNull(ensemble, "ensemble");
        Objects.requireNonNull(response, "response");
        Objects.requireNonNull(truth, "truth");
        if (model.kind() != ModelConfig.Kind.OU_SPDE) {
            throw ConfigException.invalid("model.kind", model.kind().configName(), "the OU validation job needs ou-spde");
        }
        // Standard errors come from the spread across member blocks: every block needs a member.
        if (ensemble.members() < response.blocks()) {
            throw ConfigException.invalid("response.blocks", response.blocks(),
                    "must be <= ensemble.members (" + ensemble.members() + ") so every block holds a member");
        }
        // Step counts must be runnable: a duration of 1e300 would wrap the counters mid-run.
        Check.steps("ensemble.duration", ensemble.duration(), integrator.dt());
        Check.steps("ensemble.spinup", ensemble.spinup(), integrator.dt());
        // The longest lag must fit inside one recorded trajectory, or it would have no genuine pairs.
        double lagSpan = (double) response.lags() * integrator.dt() * ensemble.saveEvery();
        if (lagSpan > ensemble.duration()) {
            throw ConfigException.invalid("response.lags", response.lags(),
                    "lags * integrator.dt * ensemble.save_every = " + lagSpan
                            + " must be <= ensemble.duration (" + ensemble.duration() + ")");
        }
        int n = model.n();
        if (truth.pixelX() >= n || truth.pixelY() >= n) {
            throw ConfigException.invalidText("truth.pixel", "[" + truth.pixelX() + ", " + truth.pixelY() + "]",
                    "must lie inside the " + n + "x" + n + " grid: each coordinate in [0, " + (n - 1) + "]");
        }
    }

    /** The small run (also the content of {@code ou-small.toml}); finishes in about a minute. */
    public static OuJobConfig defaults() {
        return new OuJobConfig(RunConfig.DEFAULTS, ModelConfig.DEFAULTS, IntegratorConfig.DEFAULTS,
                EnsembleConfig.DEFAULTS, ResponseConfig.DEFAULTS, TruthConfig.DEFAULTS);
    }

    /**
     * Loads and validates a TOML file; missing keys take the {@link #defaults()}.
     *
     * @throws ConfigException for syntax errors, unknown keys, wrong types and out-of-range values,
     *                         and when the file cannot be read
     */
    public static OuJobConfig load(Path file) {
        return TomlConfigLoader.load(file);
    }

    /**
     * A bundled preset, {@code small} or {@code paper}, from {@code org/scorefdt/configs/ou-NAME.toml}.
     *
     * @throws ConfigException for an unknown name
     */
    public static OuJobConfig preset(String name) {
        return TomlConfigLoader.parse(presetText(name), "ou-" + name + ".toml");
    }

    /** The TOML text of a bundled preset, as shipped (with its comments). */
    public static String presetText(String name) {
        if (!PRESETS.contains(name)) {
            throw new ConfigException("preset", null, null, "unknown preset '" + name + "'; allowed: "
                    + String.join(", ", PRESETS));
        }
        return TomlConfigLoader.resourceText("/org/scorefdt/configs/ou-" + name + ".toml");
    }

    /**
     * What the job holds on the heap at least ({@link MemoryNeed}): the members' states (in the run's
     * precision) and one copy of the truth pairs' states; refused by {@link MemoryNeed#check} before a run.
     */
    public MemoryNeed memoryNeed() {
        return memoryNeed(ensemble.members(), truth.pairs());
    }

    /** As {@link #memoryNeed()} for a shard of {@code members} GFDT members and {@code pairs} truth pairs. */
    public MemoryNeed memoryNeed(long members, long pairs) {
        double cells = (double) model.n() * model.n(), width = run.precision() == org.scorefdt.integrate.Precision.F32 ? 4 : 8;
        return new MemoryNeed()
                .add("ensemble.members", ensemble.members(), members * cells, width, "the members' states")
                .add("truth.pairs", truth.pairs(), pairs * cells, 8, "the truth pairs' states");
    }

    /** A complete TOML document that {@link #load} reads back to an equal config. */
    public String toToml() {
        return TomlConfigWriter.write(this);
    }

    /** Copy with another {@code [run]} table (CLI overrides). */
    public OuJobConfig withRun(RunConfig r) { return new OuJobConfig(r, model, integrator, ensemble, response, truth); }

    /** Copy with another {@code [model]} table. */
    public OuJobConfig withModel(ModelConfig m) { return new OuJobConfig(run, m, integrator, ensemble, response, truth); }

    /** Copy with another {@code [integrator]} table. */
    public OuJobConfig withIntegrator(IntegratorConfig i) { return new OuJobConfig(run, model, i, ensemble, response, truth); }

    /** Copy with another {@code [ensemble]} table. */
    public OuJobConfig withEnsemble(EnsembleConfig e) { return new OuJobConfig(run, model, integrator, e, response, truth); }

    /** Copy with another {@code [response]} table. */
    public OuJobConfig withResponse(ResponseConfig r) { return new OuJobConfig(run, model, integrator, ensemble, r, truth); }

    /** Copy with another {@code [truth]} table. */
    public OuJobConfig withTruth(TruthConfig t) { return new OuJobConfig(run, model, integrator, ensemble, response, t); }
}
