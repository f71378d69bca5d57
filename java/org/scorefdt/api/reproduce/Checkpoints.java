package org.scorefdt.api.reproduce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.io.ResumeException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.ChunkCountLine;

/**
 * The {@code checkpoints/} part of a {@code reproduce} run directory: the effective config the run
 * started with ({@code checkpoints/config.toml}, whose SHA-256 every phase file carries) and one
 * {@link SystemCheckpoints} per system. A fresh run removes the phase files a previous run left
 * there and writes the config; a resumed run must have the same config. Layout and rules:
 * docs/reproduction.md §6, docs/formats.md §8.
 */
public final class Checkpoints {
    /** Folder of the checkpoints inside the run directory. */
    public static final String DIR = "checkpoints";
    /** The effective config (without {@code run.output}) the run started with. */
    public static final String CONFIG = DIR + "/config.toml";

    private final Path root;
    private final String text;
    private final boolean resume;

    private Checkpoints(Path root, String text, boolean resume) {
        this.root = root;
        this.text = text;
        this.resume = resume;
    }

    /**
     * What {@link #CONFIG} holds for {@code cfg} run in {@code chunks} member chunks (0: phases
     * only). The chunk count is part of the recorded text, so of the hash every phase file carries:
     * a run's phase and chunk files are never read by a run of another count.
     */
    public static String recordText(ReproductionConfig cfg, int chunks) {
        return configText(cfg) + (chunks > 0 ? ChunkCountLine.of(chunks) : "");
    }

    /** The chunk count recorded in {@code text} ({@link #recordText}), 0 when none. */
    private static int chunksIn(String text) {
        return ChunkCountLine.in(text).orElse(0);
    }

    /**
     * The chunk count the run in {@code out} was started with: 0 for a run without chunks, empty
     * when {@code out} holds no recorded config (a resume there starts afresh).
     *
     * @throws ResumeException when the recorded config cannot be read
     */
    public static java.util.OptionalInt recordedChunks(Path out) {
        Path file = out.resolve(CONFIG);
        if (!Files.isRegularFile(file)) return java.util.OptionalInt.empty();
        try {
            return java.util.OptionalInt.of(chunksIn(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | NumberFormatException e) {
            throw new ResumeException("cannot resume in " + out + ": reading " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The config as it decides the numbers: the effective TOML without {@code run.output}, so a
     * moved directory can still be resumed.
     */
    public static String configText(ReproductionConfig cfg) {
        return configText(cfg.toToml());
    }

    /** {@link #configText(ReproductionConfig)} of any job's effective TOML (the {@code ou} shards' config hash). */
    public static String configText(String toml) {
        StringBuilder sb = new StringBuilder();
        toml.lines().filter(l -> !l.startsWith("output = ")).forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** SHA-256 of {@link #configText}, in hex. */
    public static String hash(String configText) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(configText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** For a run without resume: removes the phase files of an earlier run and records {@code cfg}. */
    public static Checkpoints start(RunDirectory dir, ReproductionConfig cfg) {
        return start(dir, cfg, 0);
    }

    /** As {@link #start(RunDirectory, ReproductionConfig)} for a run in {@code chunks} member chunks (0: none). */
    public static Checkpoints start(RunDirectory dir, ReproductionConfig cfg, int chunks) {
        String text = recordText(cfg, chunks);
        try {
            for (String s : ReproductionConfig.SYSTEMS) SystemCheckpoints.clear(dir.root().resolve(DIR).resolve(s));
            AtomicFiles.writeString(dir.path(CONFIG), text);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + dir.root().resolve(CONFIG) + ": " + e.getMessage(), e);
        }
        return new Checkpoints(dir.root(), text, false);
    }

    /**
     * For a resumed run: checks {@link #checkResumable}, then continues (a directory without
     * checkpoints starts as {@link #start}).
     */
    public static Checkpoints resume(RunDirectory dir, ReproductionConfig cfg) {
        return resume(dir, cfg, 0);
    }

    /** As {@link #resume(RunDirectory, ReproductionConfig)} for a run in {@code chunks} member chunks (0: none). */
    public static Checkpoints resume(RunDirectory dir, ReproductionConfig cfg, int chunks) {
        if (!checkResumable(dir.root(), cfg, chunks)) return start(dir, cfg, chunks);
        return new Checkpoints(dir.root(), recordText(cfg, chunks), true);
    }

    /**
     * The finished stage 1 of a sharded run in {@code root} ({@code reproduce --fit-only}), read only:
     * its phase files are those of {@code cfg} (the config a shard hashes, docs/formats.md §9).
     *
     * @throws IllegalArgumentException one line naming {@code --fitted-score} and the directory when it
     *                                  holds no stage 1 or one of another config
     */
    public static Checkpoints fitted(Path root, ReproductionConfig cfg) {
        Path file = root.resolve(CONFIG);
        String stored;
        try {
            stored = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--fitted-score " + root + ": no readable " + file
                    + " (give the directory of `reproduce --fit-only`)");
        }
        String now = configText(cfg);
        if (!hash(stored).equals(hash(now))) {
            throw new IllegalArgumentException("--fitted-score " + root + ": fitted under another config (" + String.join("; ",
                    differences(stored, now)) + "); run stage 1 (reproduce --fit-only) with this config");
        }
        return new Checkpoints(root, now, true);
    }

    /**
     * Whether {@code out} holds a run that {@code cfg} can continue: true when it has
     * {@code checkpoints/config.toml} equal to {@code cfg}'s, false when it is missing or holds
     * nothing but a status file, empty folders and interrupted writes' temporary files (the run
     * starts afresh).
     *
     * @throws ResumeException when the config differs (naming every key that differs) or the
     *                         directory has files but no checkpoints
     */
    public static boolean checkResumable(Path out, ReproductionConfig cfg) {
        return checkResumable(out, cfg, 0);
    }

    /**
     * As {@link #checkResumable(Path, ReproductionConfig)} for a run in {@code chunks} member chunks
     * (0: none).
     *
     * @throws ResumeException also when the run was started with another chunk count (one line naming both)
     */
    public static boolean checkResumable(Path out, ReproductionConfig cfg, int chunks) {
        if (!Files.isDirectory(out)) return false;
        Path file = out.resolve(CONFIG);
        String stored;
        try {
            stored = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            if (onlyStatus(out)) return false;
            throw new ResumeException("cannot resume in " + out + ": " + file + " is missing, so the directory was not "
                    + "written by a resumable reproduce run (run without --resume, with --force to write into it anyway)");
        } catch (IOException e) {
            throw new ResumeException("cannot resume in " + out + ": reading " + file + ": " + e.getMessage(), e);
        }
        int was;
        try {
            was = chunksIn(stored);
        } catch (NumberFormatException e) {
            throw new ResumeException("cannot resume in " + out + ": " + file + ": bad checkpoint_chunks line: " + e.getMessage(), e);
        }
        if (was != chunks) {
            throw new ResumeException("cannot resume in " + out + ": the run was started " + chunkWords(was) + ", not " + chunkWords(chunks)
                    + " (resume with the same --checkpoint-chunks, or start a new run without --resume)");
        }
        String now = recordText(cfg, chunks);
        if (!hash(stored).equals(hash(now))) {
            throw new ResumeException("cannot resume in " + out + ": the config differs from the one the run started with ("
                    + file + "): " + String.join("; ", differences(stored, now))
                    + " (resume with the same config, or start a new run without --resume)");
        }
        return true;
    }

    private static String chunkWords(int chunks) {
        return chunks == 0 ? "without --checkpoint-chunks" : "with --checkpoint-chunks " + chunks;
    }

    /** Phase files of {@code system}. */
    public SystemCheckpoints system(String system) {
        return new SystemCheckpoints(root.resolve(DIR).resolve(system), text, resume);
    }

    /** The config hash every phase file of this run carries. */
    public String hash() {
        return hash(text);
    }

    /**
     * Whether {@code out} holds nothing a run finished: its status file, empty folders and the stray
     * temporary files of writes a kill interrupted ({@code .NAME.*.tmp}, see AtomicFiles). A run
     * killed before it recorded its config leaves just that.
     */
    private static boolean onlyStatus(Path out) {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(Files::isRegularFile).allMatch(p -> {
                String name = p.getFileName().toString();
                return p.getParent().equals(out) && name.equals(RunDirectory.STATUS) || name.startsWith(".") && name.endsWith(".tmp");
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out + ": " + e.getMessage(), e);
        }
    }

    /** "table.key: A in the run, B now" for every key whose value differs (or that only one has). */
    static List<String> differences(String stored, String now) {
        Map<String, String> a = keys(stored), b = keys(now);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : a.entrySet()) {
            String v = b.get(e.getKey());
            if (!e.getValue().equals(v)) out.add(e.getKey() + ": " + e.getValue() + " in the run, " + (v == null ? "absent" : v) + " now");
        }
        b.forEach((k, v) -> {
            if (!a.containsKey(k)) out.add(k + ": absent in the run, " + v + " now");
        });
        if (out.isEmpty()) out.add("the config files differ in formatting only");
        return out;
    }

    private static Map<String, String> keys(String toml) {
        Map<String, String> out = new LinkedHashMap<>();
        String table = "";
        for (String line : toml.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("[")) {
                table = line.substring(1, line.length() - 1) + ".";
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) out.put(table + line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
