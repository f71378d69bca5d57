package org.scorefdt.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.TruthPartials;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.FramedFile;
import org.scorefdt.util.JsonKeys;

/**
 * A shard: the raw statistics of one member range of a job (magic {@code SFDTSHD\n}, {@link #VERSION}),
 * in the frame of {@link FramedFile} — a JSON header (kind, member range, seed, config hash and text,
 * one section per accumulator with its shape) and a payload of every section's sums as raw
 * little-endian IEEE doubles and int64 counts, so a merge sees the very bits the shard computed.
 * Written atomically; every problem on reading is an {@link IOException} naming the file and the
 * problem. Format: docs/formats.md §9.
 */
public final class ShardFile {
    private ShardFile() {}

    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    /** The file a shard run writes into its output directory. */
    public static final String NAME = "shard.sfs";
    private static final byte[] MAGIC = "SFDTSHD\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final FramedFile.Kind KIND = new FramedFile.Kind() {
        @Override public byte[] magic() { return MAGIC; }
        @Override public int version() { return VERSION; }
        @Override public String notThisKind(byte[] bytes) {
            return "not a ScoreFDT shard file (magic bytes differ from \"SFDTSHD\\n\")";
        }
        @Override public long payloadBytes(Path file, JsonNode h) throws IOException {
            JsonNode sections = h.get("sections");
            if (sections == null || !sections.isArray()) throw problem(file, "header lacks the section table");
            long n = 0;
            for (JsonNode s : sections) n += 8 * values(file, s);
            return n;
        }
        @Override public IOException problem(Path file, String what) { return ShardFile.problem(file, what); }
    };

    /**
     * The contents of one shard.
     *
     * @param kind       the job that wrote it ({@code ou}, {@code respond} or {@code reproduce})
     * @param from       first global member of its range
     * @param to         one past its last member
     * @param members    members of the whole run (the range lies in 0 … members)
     * @param seed       the run seed
     * @param configHash SHA-256 of the effective config without the output path
     * @param config     that config, as TOML
     * @param lagged     the lagged accumulators' block sums, by estimator name, in the job's order
     * @param truth      the truth's block partials, by name
     * @param extra      results of the job's unsplit stage that the merge reports as they are (JSON text), or null
     * @param stage1     SHA-256 of the stage-1 output the shard was computed from, or null for a shard that
     *                   takes none: one config hash admits several stage-1 runs whose bits differ (another
     *                   backend tier, training that does not repeat exactly), and a merge must not mix them
     */
    public record Shard(String kind, long from, long to, long members, long seed, String configHash, String config,
                        Map<String, LaggedSums> lagged, Map<String, TruthPartials> truth, String extra, String stage1) {
        public Shard {
            if (from < 0 || to <= from || to > members) {
                throw new IllegalArgumentException("member range " + from + ":" + to + ": must satisfy 0 <= from < to <= " + members);
            }
        }

        /** A shard with sums only. */
        public Shard(String kind, long from, long to, long members, long seed, String configHash, String config,
                     Map<String, LaggedSums> lagged, Map<String, TruthPartials> truth) {
            this(kind, from, to, members, seed, configHash, config, lagged, truth, null, null);
        }

        /** A shard with sums and the stage-1 results it reports, of no stage-1 output. */
        public Shard(String kind, long from, long to, long members, long seed, String configHash, String config,
                     Map<String, LaggedSums> lagged, Map<String, TruthPartials> truth, String extra) {
            this(kind, from, to, members, seed, configHash, config, lagged, truth, extra, null);
        }

        /** The range as the command line spells it, FROM:TO. */
        public String range() {
            return from + ":" + to;
        }
    }

    /** Writes {@code s} to {@code file} atomically. */
    public static void write(Path file, Shard s) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("kind", s.kind());
        h.putArray("member_range").add(s.from()).add(s.to());
        h.put("members", s.members());
        h.put("seed", s.seed());
        h.put("config_sha256", s.configHash());
        h.put("config", s.config());
        if (s.extra() != null) h.put("extra", s.extra());  // absent from ou's shards, whose bytes stay as they were
        // Optional, as extra: a reader of version 1 ignores it, and a shard without one is not compared.
        if (s.stage1() != null) h.put("stage1_sha256", s.stage1());
        ArrayNode table = h.putArray("sections");
        long total = 0;
        for (Map.Entry<String, LaggedSums> e : s.lagged().entrySet()) {
            LaggedSums l = e.getValue();
            ObjectNode o = table.addObject().put("name", e.getKey()).put("type", "lagged");
            o.put("total_blocks", l.totalBlocks()).put("first_block", l.firstBlock()).put("block_count", l.blockCount());
            o.put("lags", l.lags()).put("width", l.width()).put("marginal_width", l.marginalWidth()).put("saves", l.saves());
            total += l.sums().length + l.marginals().length + l.counts().length;
        }
        for (Map.Entry<String, TruthPartials> e : s.truth().entrySet()) {
            TruthPartials t = e.getValue();
            ObjectNode o = table.addObject().put("name", e.getKey()).put("type", "truth");
            o.put("total_pairs", t.totalPairs()).put("first_pair", t.firstPair()).put("pairs", t.pairs());
            o.put("lags", t.lags()).put("observed", t.observed()).put("windows", t.windows());
            total += t.partials().length;
        }
        if (8 * total > Integer.MAX_VALUE - (1 << 20)) throw new IOException("shard " + s.range() + " too large for one file");
        ByteBuffer p = ByteBuffer.allocate((int) (8 * total)).order(ByteOrder.LITTLE_ENDIAN);
        for (LaggedSums l : s.lagged().values()) {
            for (double v : l.sums()) p.putDouble(v);
            for (double v : l.marginals()) p.putDouble(v);
            for (long c : l.counts()) p.putLong(c);
        }
        for (TruthPartials t : s.truth().values()) {
            for (double v : t.partials()) p.putDouble(v);
        }
        AtomicFiles.writeBytes(file, FramedFile.encode(KIND, JSON.writeValueAsBytes(JsonKeys.snakeCase(h)), p.array()));
    }

    /**
     * Reads a shard file, or {@link #NAME} in a directory.
     *
     * @throws IOException naming the file and the problem: missing, not a shard, another format
     *                     version, truncated, checksum mismatch, inconsistent sections
     */
    public static Shard read(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(NAME) : path;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "missing");
        }
        return decode(file, bytes);
    }

    /**
     * A shard from the bytes of a shard file (as a Spark task returns them, no file in between).
     *
     * @param file the name used in messages
     * @throws IOException as {@link #read}
     */
    public static Shard decode(Path file, byte[] bytes) throws IOException {
        FramedFile.Frame frame = FramedFile.decode(file, bytes, KIND, JSON);
        JsonNode h = frame.header();
        ByteBuffer p = frame.payload();
        Map<String, LaggedSums> lagged = new LinkedHashMap<>();
        Map<String, TruthPartials> truth = new LinkedHashMap<>();
        try {
            for (JsonNode s : h.get("sections")) {
                String name = s.path("name").asText();
                if (s.path("type").asText().equals("lagged")) {
                    int blocks = s.get("block_count").asInt(), lags = s.get("lags").asInt();
                    int width = s.get("width").asInt(), mw = s.get("marginal_width").asInt(), rows = blocks * lags;
                    double[] sums = doubles(p, rows * width), marg = doubles(p, rows * mw);
                    long[] counts = new long[rows];
                    for (int i = 0; i < rows; i++) counts[i] = p.getLong();
                    lagged.put(name, new LaggedSums(s.get("total_blocks").asInt(), s.get("first_block").asInt(), blocks, lags, width, mw,
                            s.get("saves").asLong(), sums, marg, counts));
                } else {
                    int pairs = s.get("pairs").asInt(), lags = s.get("lags").asInt(), obs = s.get("observed").asInt();
                    long windows = s.get("windows").asLong();
                    double[] partials = doubles(p, (int) (windows * TruthPartials.blocks(pairs) * lags * obs * 2L));
                    truth.put(name, new TruthPartials(s.get("total_pairs").asLong(), s.get("first_pair").asLong(), pairs, lags, obs,
                            windows, partials));
                }
            }
            JsonNode range = h.get("member_range");
            return new Shard(h.get("kind").asText(), range.get(0).asLong(), range.get(1).asLong(), h.get("members").asLong(),
                    h.get("seed").asLong(), h.get("config_sha256").asText(), h.get("config").asText(), lagged, truth,
                    h.hasNonNull("extra") ? h.get("extra").asText() : null,
                    h.hasNonNull("stage1_sha256") ? h.get("stage1_sha256").asText() : null);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw problem(file, "inconsistent header or sections: " + e.getMessage());
        }
    }

    /** Values (8 bytes each) of one section, from its header entry. */
    private static long values(Path file, JsonNode s) throws IOException {
        String type = s.path("type").asText();
        if (type.equals("lagged")) {
            long rows = s.path("block_count").asLong(-1) * s.path("lags").asLong(-1);
            long w = s.path("width").asLong(-1), mw = s.path("marginal_width").asLong(-1);
            if (rows < 0 || w < 1 || mw < 1) throw problem(file, "section has a bad shape: " + s);
            return rows * (w + mw + 1);
        }
        if (type.equals("truth")) {
            long blocks = TruthPartials.blocks(s.path("pairs").asInt(-1)), lags = s.path("lags").asLong(-1);
            long obs = s.path("observed").asLong(-1), windows = s.path("windows").asLong(-1);
            if (blocks < 0 || lags < 1 || obs < 1 || windows < 1) throw problem(file, "section has a bad shape: " + s);
            return windows * blocks * lags * obs * 2;
        }
        throw problem(file, "section of unknown type '" + type + "'");
    }

    private static double[] doubles(ByteBuffer p, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = p.getDouble();
        return v;
    }

    private static IOException problem(Path file, String what) {
        return new IOException("shard file " + file + ": " + what);
    }
}
