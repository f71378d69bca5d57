package org.scorefdt.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is needed to reproduce and audit a run, written as {@code manifest.json}; {@link #builder()}
 * fills the environment fields. Format: docs/formats.md §5.
 *
 * @param toolVersion      ScoreFDT version
 * @param commandLine      arguments as given to the CLI (empty when embedded)
 * @param configToml       complete effective configuration, as TOML
 * @param seed             the run seed
 * @param backend          backend that actually ran ({@code java}, {@code cpu}, {@code cuda})
 * @param backendRequested backend asked for ({@code auto}, …)
 * @param fallbackReason   why the requested/faster tier was not used; {@code null} if none
 * @param precision        {@code f64} or {@code f32}
 * @param threads          worker threads actually used
 * @param javaVersion      {@code java.version} and vendor
 * @param os               {@code os.name os.version os.arch}
 * @param cpuCount         available processors
 * @param gitCommit        source revision or {@code unknown}
 * @param startedAt        start time, ISO-8601
 * @param finishedAt       end time, ISO-8601; {@code null} while running
 * @param phaseSeconds     wall time per pipeline phase, in seconds
 * @param phaseParts       wall time of parts inside a phase ("PHASE: PART"), in seconds; each is contained
 *                         in its phase's time, so they do not add to the run's time
 * @param complete         whether every artifact was written
 * @param incompleteReason why not, when {@code complete} is false
 */
@com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunManifest(String toolVersion, List<String> commandLine, String configToml, long seed, String backend,
                          String backendRequested, String fallbackReason, String precision, int threads,
                          String javaVersion, String os, int cpuCount, String gitCommit, String startedAt,
                          String finishedAt, Map<String, Double> phaseSeconds, Map<String, Double> phaseParts, boolean complete,
                          String incompleteReason) {

    public RunManifest {
        commandLine = commandLine == null ? List.of() : List.copyOf(commandLine);
        phaseSeconds = phaseSeconds == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseSeconds));
        phaseParts = phaseParts == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phaseParts));
    }

    /** A builder with environment fields filled and {@code startedAt} = now. */
    public static Builder builder() {
        return new Builder();
    }

    /** Atomically writes this manifest as pretty JSON. */
    public void write(Path file) throws IOException {
        JsonReport.write(file, this);
    }

    /** Reads a manifest written by {@link #write}. */
    public static RunManifest read(Path file) throws IOException {
        return JsonReport.mapper().treeToValue(JsonReport.read(file), RunManifest.class); // snake_case keys, older camelCase files too
    }

    /**
     * Mutable builder; time phases with {@link #phase(String, double)} as they finish, then
     * {@link #finish(boolean, String)} and {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private String toolVersion = BuildInfo.version();
        private List<String> commandLine = List.of();
        private String configToml = "";
        private long seed;
        private String backend = "unknown";
        private String backendRequested = "auto";
        private String fallbackReason;
        private String precision = "f64";
        private int threads;
        private final String javaVersion = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")";
        private final String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        private final int cpuCount = Runtime.getRuntime().availableProcessors();
        private String gitCommit = BuildInfo.gitCommit();
        private String startedAt = Instant.now().toString();
        private String finishedAt;
        private final Map<String, Double> phaseSeconds = new LinkedHashMap<>();
        private final Map<String, Double> phaseParts = new LinkedHashMap<>();
        private boolean complete;
        private String incompleteReason = "not finished";

        private Builder() {}

        /** CLI arguments. */
        public Builder commandLine(List<String> args) { this.commandLine = List.copyOf(args); return this; }

        /** Effective configuration as TOML. */
        public Builder configToml(String toml) { this.configToml = toml; return this; }

        /** Run seed. */
        public Builder seed(long s) { this.seed = s; return this; }

        /** Backend used, the one requested, and the reason for any fallback ({@code null} if none). */
        public Builder backend(String used, String requested, String reason) {
            this.backend = used;
            this.backendRequested = requested;
            this.fallbackReason = reason;
            return this;
        }

        /** Precision name. */
        public Builder precision(String p) { this.precision = p; return this; }

        /** Threads actually used. */
        public Builder threads(int t) { this.threads = t; return this; }

        /** Overrides the detected git commit (tests). */
        public Builder gitCommit(String c) { this.gitCommit = c; return this; }

        /** Overrides the start time. */
        public Builder startedAt(Instant t) { this.startedAt = t.toString(); return this; }

        /** Records (adds to) the wall time of a phase, in seconds. */
        public Builder phase(String name, double seconds) { phaseSeconds.merge(name, seconds, Double::sum); return this; }

        /** Records (adds to) the wall time of a part of phase {@code phase} (e.g. one observer's work), in seconds. */
        public Builder part(String phase, String part, double seconds) {
            phaseParts.merge(phase + ": " + part, seconds, Double::sum);
            return this;
        }

        /** Sets the end time to now and the completion status. */
        public Builder finish(boolean ok, String reason) {
            this.finishedAt = Instant.now().toString();
            this.complete = ok;
            this.incompleteReason = ok ? null : reason;
            return this;
        }

        /** The manifest as it stands (may be written repeatedly during a run). */
        public RunManifest build() {
            return new RunManifest(toolVersion, commandLine, configToml, seed, backend, backendRequested, fallbackReason,
                    precision, threads, javaVersion, os, cpuCount, gitCommit, startedAt, finishedAt, phaseSeconds,
                    phaseParts, complete, incompleteReason);
        }
    }
}
