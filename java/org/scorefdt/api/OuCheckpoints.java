package org.scorefdt.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.ResponseConfig;
import org.scorefdt.io.ResumeException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunStatus;
import org.scorefdt.io.ShardFile;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.ChunkCountLine;

/**
 * The {@code ou} job in resumable pieces ({@code ou --checkpoint-chunks K}, then {@code ou --resume}):
 * the shard flow of {@link OuShards} run inside one run directory. Stage 1 (the quasi-Gaussian
 * fit over all members) goes to {@code checkpoints/fit/}; the member range is cut into K chunks on
 * block boundaries ({@link OuShards#shardRange}), each run as a shard into
 * {@code checkpoints/members-FROM-TO/}; the chunks are merged into the run's outputs. Every piece is
 * a complete run directory of its own, so a killed run loses at most the piece it was in, and a
 * resumed run redoes only the pieces whose {@code status.json} is not complete. Members start from
 * their own Philox streams, so a chunk needs no integrator state from another, and the merge puts
 * every member block back whole: the outputs equal the unsplit run's bit for bit, however often the
 * run was interrupted (docs/formats.md §9).
 */
public final class OuCheckpoints {
    private OuCheckpoints() {}

    /** The directory of the pieces, inside the run directory. */
    public static final String DIR = "checkpoints";
    /** The recorded config ({@link OuShards#configText}) and chunk count, checked on resume. */
    public static final String CONFIG = DIR + "/config.toml";

    /**
     * Runs (or, with {@code resume}, continues) the job in {@code chunks} pieces.
     *
     * @param chunks pieces of the member range, 1 … the number of member blocks (and truth pair blocks)
     * @throws ResumeException when resuming a finished run that was not checkpointed, or one of another config or chunk count
     */
    public static JobResult run(OuJobConfig cfg, int chunks, RunDirectory dir, List<String> commandLine, JobListener listener,
                                boolean resume) {
        try {
            OuShards.shardRange(cfg, 0, chunks); // refuses a count the block boundaries cannot give
            record(cfg, chunks, dir, resume);
            Path fitted = null;
            if (cfg.response().estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN)) {
                Path fit = dir.root().resolve(DIR).resolve("fit");
                JobResult r = piece(fit, OuShards.FITTED_SCORE, listener, "fit", sub -> OuShards.fit(cfg, sub, commandLine, listener));
                if (!r.complete()) return stopped(dir, r);
                fitted = fit.resolve(OuShards.FITTED_SCORE);
            }
            List<Path> shards = new ArrayList<>();
            for (int i = 0; i < chunks; i++) {
                long[] range = OuShards.shardRange(cfg, i, chunks);
                Path chunk = dir.root().resolve(DIR).resolve("members-" + range[0] + "-" + range[1]);
                Path score = fitted;
                JobResult r = piece(chunk, ShardFile.NAME, listener, "members " + range[0] + ":" + range[1],
                        sub -> OuShards.shard(cfg, range[0], range[1], score, sub, commandLine, listener));
                if (!r.complete()) return stopped(dir, r);
                shards.add(chunk.resolve(ShardFile.NAME));
            }
            return OuShards.merge(OuShards.read(shards), shards, dir, commandLine, listener);
        } catch (RuntimeException | Error e) {
            dir.fail(null, e);
            throw e;
        }
    }

    /** The chunk count a checkpointed run in {@code runDir} was started with; empty when there is none. */
    public static java.util.OptionalInt recordedChunks(Path runDir) {
        Path file = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) return java.util.OptionalInt.empty();
        try {
            return ChunkCountLine.in(Files.readString(file));
        } catch (IOException | NumberFormatException e) {
            throw new ResumeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A piece: reused when a previous attempt completed it and its output is there, else run afresh in its own directory. */
    private static JobResult piece(Path where, String output, JobListener listener, String what,
                                   java.util.function.Function<RunDirectory, JobResult> body) {
        if (complete(where) && Files.isRegularFile(where.resolve(output))) {
            listener.info("checkpoint: " + what + " finished before, reused from " + where);
            return new JobResult(true, what + ": reused", where);
        }
        return body.apply(RunDirectory.create(where, true));
    }

    /** Whether the piece in {@code where} finished (its status.json says complete; writes are atomic, so it is whole). */
    private static boolean complete(Path where) {
        if (!Files.isRegularFile(where.resolve(RunDirectory.STATUS))) return false;
        try {
            return RunStatus.read(where, Instant.now()).state() == RunStatus.State.COMPLETE;
        } catch (IOException e) {
            return false; // unreadable: run the piece again
        }
    }

    /** The run stops incomplete with the piece's reason (a divergence); finished pieces stay for a resume. */
    private static JobResult stopped(RunDirectory dir, JobResult piece) {
        String reason = piece.outputDir().getFileName() + ": " + piece.summary();
        dir.markIncomplete(reason);
        return new JobResult(false, reason, dir.root());
    }

    /**
     * Refuses to resume {@code runDir} with {@code cfg} and {@code chunks} when it was started with
     * another config or chunk count, or holds a finished run that was not checkpointed; run before the
     * directory is opened, so a refusal leaves it as it was. A directory killed before it recorded
     * anything may be resumed (the run starts afresh).
     *
     * @throws ResumeException naming the directory and what differs
     */
    public static void checkResumable(Path runDir, OuJobConfig cfg, int chunks) {
        Path file = runDir.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            if (complete(runDir)) {
                throw new ResumeException(runDir + " holds a finished ou run that was not checkpointed (no " + CONFIG + ")");
            }
            return;
        }
        try {
            if (!Files.readString(file).equals(recordText(cfg, chunks))) {
                throw new ResumeException(runDir + " was started with another config or chunk count (" + file
                        + " differs): resume with the same config and --checkpoint-chunks, or start afresh with --force");
            }
        } catch (IOException e) {
            throw new ResumeException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String recordText(OuJobConfig cfg, int chunks) {
        return OuShards.configText(cfg) + ChunkCountLine.of(chunks);
    }

    /** Records the config and chunk count, removing an earlier run's pieces; a resume ({@link #checkResumable}) keeps them. */
    private static void record(OuJobConfig cfg, int chunks, RunDirectory dir, boolean resume) {
        Path file = dir.root().resolve(CONFIG);
        if (resume && Files.isRegularFile(file)) {
            checkResumable(dir.root(), cfg, chunks); // an embedder may not have checked
            return;
        }
        try {
            // A fresh run (also one forced over an old directory) must not reuse an earlier run's pieces.
            Path pieces = file.getParent();
            AtomicFiles.deleteTree(pieces);
            Files.createDirectories(pieces);
            AtomicFiles.writeString(file, recordText(cfg, chunks));
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }
}
