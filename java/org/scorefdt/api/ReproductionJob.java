package org.scorefdt.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.api.reproduce.ReproductionSystem;
import org.scorefdt.api.reproduce.ReproductionSystems;
import org.scorefdt.config.ConfigException;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.config.ReproductionSettings;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.io.CsvTable;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.response.ResponseMetrics;

/**
 * The paper's comparison (Giorgini et al., PRL 133, 267302) for each enabled system of
 * docs/systems.md §1–3: for each, one {@link ReproductionPipeline} (simulate, train the periodic-CNN
 * score, GFDT estimates, perturbed-ensemble truth, errors beside the noise floor of docs/systems.md §7),
 * with the per-system artifacts written by {@link ResponseReport}. A failing system marks the run
 * incomplete and the others still run. Every finished phase is recorded in the run directory
 * ({@link Checkpoints}), so {@link #resume} continues an interrupted run where it stopped, with the
 * same results. Protocol and output: docs/reproduction.md §1–2; resume: §6.
 */
public final class ReproductionJob {
    private ReproductionJob() {}

    /** Everything a run produced, for embedding code and tests. */
    public record Result(JobResult job, List<ReproductionPipeline.Outcome> systems) {
        /** The outcome of one system. */
        public ReproductionPipeline.Outcome system(String name) {
            return systems.stream().filter(s -> s.system().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("system " + name + " did not run"));
        }
    }

    /**
     * Runs into {@code cfg.run().output()}, which must not exist or be empty.
     *
     * @throws ConfigException if an enabled system is not available in this build
     */
    public static Result run(ReproductionConfig cfg, JobListener listener) {
        checkAvailable(cfg);
        return run(cfg, RunDirectory.create(Path.of(cfg.run().output()), false), List.of(), listener);
    }

    /**
     * Continues the run in {@code cfg.run().output()} from the last finished phase of each system,
     * skipping finished systems; the results equal those of an uninterrupted run. A missing or empty
     * directory starts a new run.
     *
     * @throws org.scorefdt.io.ResumeException when the directory was written under another config, is
     *         not a resumable run, or a phase file it needs is missing or corrupt (naming the file)
     */
    public static Result resume(ReproductionConfig cfg, JobListener listener) {
        checkAvailable(cfg);
        Path out = Path.of(cfg.run().output());
        int chunks = Checkpoints.recordedChunks(out).orElse(0); // a run started with chunks goes on in the same ones
        Checkpoints.checkResumable(out, cfg, chunks);
        return run(cfg, RunDirectory.resume(out), List.of(), listener, true, true, chunks);
    }

    /**
     * Runs into a created run directory (the CLI creates it first, honouring {@code --force}).
     *
     * @param commandLine CLI arguments for the manifest (empty when embedded)
     */
    public static Result run(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
        return run(cfg, dir, commandLine, listener, true, false);
    }

    /**
     * As {@link #run(ReproductionConfig, RunDirectory, List, JobListener)}, continuing the phases finished
     * in {@code dir} when {@code resume} is set (the directory opened by {@link RunDirectory#resume}).
     */
    public static Result run(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener,
                             boolean resume) {
        return run(cfg, dir, commandLine, listener, true, resume, 0);
    }

    /**
     * As {@link #run(ReproductionConfig, RunDirectory, List, JobListener, boolean)}, every system's gfdt
     * and truth passes run as {@code chunks} member chunks on block boundaries, each recorded when it
     * ends, so that a resume reruns only the chunks a kill lost ({@code --checkpoint-chunks}; 0: each
     * pass whole). The results equal a run without chunks (on the host tiers) bit for bit.
     *
     * @throws IllegalArgumentException one line when a system's block boundaries cannot give {@code chunks} chunks
     * @throws org.scorefdt.io.ResumeException when resuming a run started with another chunk count
     */
    public static Result run(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener,
                             boolean resume, int chunks) {
        return run(cfg, dir, commandLine, listener, true, resume, chunks);
    }

    /**
     * Fails before anything runs when an enabled system's block boundaries cannot give {@code chunks}
     * member chunks.
     *
     * @throws IllegalArgumentException one line naming the system and the allowed counts
     */
    public static void checkChunks(ReproductionConfig cfg, int chunks) {
        if (chunks < 0) throw new IllegalArgumentException("must be >= 1");
        if (chunks == 0) return;
        for (ReproductionSettings s : cfg.enabledSystems()) {
            try {
                MemberCuts.of(s.members(), s.blocks(), s.truthMembers()).shardRange(0, chunks);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(s.system() + ": " + e.getMessage().replace("shards = " + chunks + ": ", ""), e);
            }
        }
    }

    /** As {@link #run(ReproductionConfig, JobListener)}; {@code deviceAccumulation} false keeps every pass on the host. */
    static Result run(ReproductionConfig cfg, JobListener listener, boolean deviceAccumulation) {
        checkAvailable(cfg);
        return run(cfg, RunDirectory.create(Path.of(cfg.run().output()), false), List.of(), listener, deviceAccumulation, false, 0);
    }

    private static Result run(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener,
                              boolean deviceAccumulation, boolean resume) {
        return run(cfg, dir, commandLine, listener, deviceAccumulation, resume, 0);
    }

    private static Result run(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener,
                              boolean deviceAccumulation, boolean resume, int chunks) {
        try {
            return runIn(cfg, dir, commandLine, listener, deviceAccumulation, resume, chunks);
        } catch (RuntimeException | Error e) {
            dir.fail(null, e); // the reason in status.json, and the heartbeat stopped, also when embedded
            throw e;
        }
    }

    private static Result runIn(ReproductionConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener,
                                boolean deviceAccumulation, boolean resume, int chunks) {
        checkAvailable(cfg);
        checkChunks(cfg, chunks);
        Checkpoints checkpoints = resume ? Checkpoints.resume(dir, cfg, chunks) : Checkpoints.start(dir, cfg, chunks);
        RunManifest.Builder manifest = manifest(cfg, commandLine);
        List<ReproductionPipeline.Outcome> outcomes = new ArrayList<>();
        for (ReproductionSettings s : cfg.enabledSystems()) {
            ReproductionSystem system = ReproductionSystems.find(s.system()).orElseThrow();
            ReproductionPipeline pipeline = new ReproductionPipeline(system, s, cfg.run(), dir, listener, manifest,
                    checkpoints.system(s.system()));
            pipeline.deviceAccumulation(deviceAccumulation);
            pipeline.chunks(chunks);
            ReproductionPipeline.Outcome o;
            try {
                o = pipeline.run();
            } catch (SimulationDivergedException e) {
                listener.info(s.system() + ": stopped: " + e.getMessage());
                o = pipeline.partial(s.system() + ": " + e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException e) {
                // A system that cannot go on (e.g. a quasi-Gaussian spectrum that is not positive with
                // ridge 0) must not cost the other systems their results: report it and continue.
                listener.info(s.system() + ": stopped: " + e.getMessage());
                o = pipeline.partial(s.system() + ": " + e.getMessage() + " (" + e.getClass().getSimpleName() + ")");
            }
            outcomes.add(o);
        }
        return finish(dir, manifest, outcomes);
    }

    /** The manifest of a run of {@code cfg} (also a sharded run's stages and merge). */
    static RunManifest.Builder manifest(ReproductionConfig cfg, List<String> commandLine) {
        return RunManifest.builder().commandLine(commandLine).configToml(cfg.toToml()).seed(cfg.run().seed())
                .precision(cfg.run().precision().configName()).threads(cfg.run().threads()).startedAt(Instant.now());
    }

    /** The top-level report of the systems' outcomes, and the run directory finished; complete when no system has a problem. */
    static Result finish(RunDirectory dir, RunManifest.Builder manifest, List<ReproductionPipeline.Outcome> outcomes) {
        List<String> problems = new ArrayList<>();
        for (ReproductionPipeline.Outcome o : outcomes) o.problem().ifPresent(problems::add);
        boolean complete = problems.isEmpty();
        String reason = complete ? null : String.join("; ", problems);
        String summary = writeSummary(dir, outcomes, complete, reason);
        dir.finish(manifest, complete, reason);
        return new Result(new JobResult(complete, summary, dir.root()), List.copyOf(outcomes));
    }

    /**
     * Fails before anything runs when an enabled system's model is not in this build.
     *
     * @throws ConfigException naming the system
     */
    public static void checkAvailable(ReproductionConfig cfg) {
        for (ReproductionSettings s : cfg.enabledSystems()) {
            if (ReproductionSystems.find(s.system()).isEmpty()) {
                throw new ConfigException(null, s.system() + ".enabled", "true", "system '" + s.system()
                        + "' is not available in this build (available: " + String.join(", ", ReproductionSystems.available())
                        + "); set enabled = false or use --systems");
            }
        }
    }

    /** Top-level report.json and errors.csv; returns the printed summary. */
    private static String writeSummary(RunDirectory dir, List<ReproductionPipeline.Outcome> outcomes,
                                       boolean complete, String reason) {
        ObjectNode root = JsonReport.newObject();
        root.put("complete", complete);
        if (reason != null) root.put("incomplete_reason", reason);
        ObjectNode systems = root.putObject("systems");
        CsvTable csv = new CsvTable("system", "estimate", "reference", "lag", "time", "l2_error", "linf_error",
                "reference_noise_floor");
        StringBuilder sb = new StringBuilder(complete ? "reproduction complete" : "reproduction INCOMPLETE: " + reason);
        sb.append('\n');
        for (ReproductionPipeline.Outcome o : outcomes) {
            systems.set(o.system(), o.toJson());
            for (ResponseMetrics m : o.metrics()) {
                for (int t = 0; t < m.l2().length; t++) {
                    csv.addRow(o.system(), m.estimate(), m.reference(), t, m.times()[t], m.l2()[t], m.linf()[t], m.noiseFloor()[t]);
                }
            }
            sb.append(o.summary()).append('\n');
        }
        try {
            JsonReport.write(dir.json("report"), root);
            csv.write(dir.csv("errors"));
        } catch (IOException e) {
            throw new UncheckedIOException("writing the report into " + dir.root() + ": " + e.getMessage(), e);
        }
        return sb.toString().stripTrailing();
    }
}
