package org.scorefdt.api.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.scorefdt.io.ShardFile;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.TruthPartials;
import org.scorefdt.util.AtomicFiles;

/**
 * The member chunks of one system's gfdt and truth passes in a run with
 * {@code reproduce --checkpoint-chunks K}: {@code checkpoints/<system>/chunks/members-FROM-TO.sfs},
 * one {@link ShardFile} per finished chunk (the sums a shard of that range holds, written atomically
 * when the chunk ends). A resumed run reads back the chunks written before and reruns the rest; a
 * chunk file it cannot use (unreadable, of another range or config, or without the GFDT sums the run
 * still needs) is said and recomputed, as ou's unfinished pieces are. Layout: docs/formats.md §8.
 */
public final class PhaseChunks {
    /** Folder of the chunk files inside the system's checkpoints. */
    public static final String DIR = "chunks";
    /**
     * The shard kind of a chunk file and of a reproduce shard ({@code ReproduceShards.KIND} is this one): both hold
     * the same sums. Defined here, below the api package, so that the layering stays one way.
     */
    public static final String KIND = "reproduce";

    private final Path folder;
    private final String text;
    private final String hash;
    private final boolean resume;

    PhaseChunks(Path folder, String text, boolean resume) {
        this.folder = folder;
        this.text = text;
        this.hash = Checkpoints.hash(text);
        this.resume = resume;
    }

    /** The file of members {@code from} … {@code to − 1}. */
    public Path file(long from, long to) {
        return folder.resolve("members-" + from + "-" + to + ".sfs");
    }

    /**
     * The chunk finished before (only when resuming), or empty when it must run.
     *
     * @param gfdt whether the run still needs the chunk's GFDT sums (its gfdt phase is not finished)
     * @param notes told why a chunk file there is not used
     */
    public Optional<ShardFile.Shard> load(long from, long to, boolean gfdt, Consumer<String> notes) {
        Path f = file(from, to);
        if (!resume || !Files.isRegularFile(f)) return Optional.empty();
        try {
            ShardFile.Shard s = ShardFile.read(f);
            String problem = !s.kind().equals(KIND) || s.from() != from || s.to() != to ? "another range"
                    : !s.configHash().equals(hash) ? "another config" : gfdt && s.lagged().isEmpty() ? "no GFDT sums" : null;
            if (problem == null) return Optional.of(s);
            notes.accept(f + " is recomputed: " + problem);
        } catch (IOException e) {
            notes.accept(f + " is recomputed: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Writes a finished chunk atomically and returns it as it will be read back. */
    public ShardFile.Shard save(long from, long to, long members, long seed, Map<String, LaggedSums> gfdt,
                                Map<String, TruthPartials> truth) {
        ShardFile.Shard s = new ShardFile.Shard(KIND, from, to, members, seed, hash, text, gfdt, truth);
        Path f = file(from, to);
        try {
            Files.createDirectories(folder);
            ShardFile.write(f, s);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + f + ": " + e.getMessage(), e);
        }
        return s;
    }

    /** Removes the chunk files in {@code folder} (a fresh run's start must not reuse an earlier run's). */
    static void clear(Path folder) throws IOException {
        AtomicFiles.deleteTree(folder);
    }
}
