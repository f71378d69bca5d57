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
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.FramedFile;
import org.scorefdt.util.JsonKeys;

/**
 * What one finished phase of a run left for a later resume (magic {@code SFDTPHS\n}, {@link #VERSION}):
 * in the frame of {@link FramedFile}, a JSON header naming the phase and the hash of the config that
 * produced it, scalar fields, and named float64 arrays stored as raw IEEE bits, so a resumed run
 * continues with exactly the numbers the interrupted one had. Written atomically; every problem on
 * reading is an {@link IOException} naming the file and the problem. Format: docs/formats.md §8.
 */
public final class PhaseFile {
    private PhaseFile() {}

    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "SFDTPHS\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final FramedFile.Kind KIND = new FramedFile.Kind() {
        @Override public byte[] magic() { return MAGIC; }
        @Override public int version() { return VERSION; }
        @Override public String notThisKind(byte[] bytes) {
            return "not a ScoreFDT phase file (magic bytes differ from \"SFDTPHS\\n\")";
        }
        @Override public long payloadBytes(Path file, JsonNode h) throws IOException {
            JsonNode arrays = h.get("arrays");
            if (arrays == null || !arrays.isArray()) throw problem(file, "header lacks the array table");
            long n = 0;
            for (JsonNode a : arrays) {
                long len = a.path("length").asLong(-1);
                if (len < 0 || !a.path("name").isTextual()) throw problem(file, "header has a bad array entry " + a);
                n += len;
            }
            return 8 * n;
        }
        @Override public IOException problem(Path file, String what) { return PhaseFile.problem(file, what); }
    };

    /**
     * The contents of one phase file.
     *
     * @param phase      the phase it records
     * @param configHash hash of the effective config that produced it
     * @param fields     the phase's scalar fields (integers and text; doubles go into arrays)
     * @param arrays     named float64 arrays, in the order written
     */
    public record Contents(String phase, String configHash, ObjectNode fields, Map<String, double[]> arrays) {
        /** A new, empty record of {@code phase}. */
        public static Contents of(String phase, String configHash) {
            return new Contents(phase, configHash, JSON.createObjectNode(), new LinkedHashMap<>());
        }

        /** Adds an array (kept by reference until written). */
        public Contents put(String name, double[] values) {
            arrays.put(name, values);
            return this;
        }

        /**
         * The array {@code name}, read from {@code file}.
         *
         * @throws IOException naming the file when it is missing or has another length than {@code length} (−1: any)
         */
        public double[] array(Path file, String name, long length) throws IOException {
            double[] v = arrays.get(name);
            if (v == null) throw problem(file, "array '" + name + "' is missing");
            if (length >= 0 && v.length != length) {
                throw problem(file, "array '" + name + "' has " + v.length + " values, expected " + length);
            }
            return v;
        }

        /** The scalar field {@code name}; throws naming the file when it is missing. */
        public JsonNode field(Path file, String name) throws IOException {
            JsonNode n = fields.get(name);
            if (n == null || n.isNull()) throw problem(file, "field '" + name + "' is missing");
            return n;
        }
    }

    /** Writes {@code c} to {@code file} atomically. */
    public static void write(Path file, Contents c) throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("phase", c.phase());
        h.put("config_sha256", c.configHash());
        h.set("fields", c.fields());
        ArrayNode table = h.putArray("arrays");
        long total = 0;
        for (Map.Entry<String, double[]> e : c.arrays().entrySet()) {
            table.addObject().put("name", e.getKey()).put("length", e.getValue().length);
            total += e.getValue().length;
        }
        if (8 * total > Integer.MAX_VALUE - (1 << 20)) throw new IOException("phase " + c.phase() + " too large for one file");
        ByteBuffer payload = ByteBuffer.allocate((int) (8 * total)).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] v : c.arrays().values()) {
            for (double x : v) payload.putDouble(x);
        }
        AtomicFiles.writeBytes(file, FramedFile.encode(KIND, JSON.writeValueAsBytes(JsonKeys.snakeCase(h)), payload.array()));
    }

    /**
     * Reads {@code file}, which must record {@code phase} under the config hash {@code configHash}.
     *
     * @throws IOException naming the file and the problem: missing, not a phase file, another format
     *                     version, truncated, checksum mismatch, another phase or another config
     */
    public static Contents read(Path file, String phase, String configHash) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(file, "missing");
        }
        FramedFile.Frame frame = FramedFile.decode(file, bytes, KIND, JSON);
        JsonNode h = frame.header();
        String got = h.path("phase").asText();
        if (!got.equals(phase)) throw problem(file, "records phase '" + got + "', expected '" + phase + "'");
        String hash = h.path("config_sha256").asText();
        if (!hash.equals(configHash)) {
            throw problem(file, "written under another config (sha256 " + hash + ", this run's is " + configHash + ")");
        }
        JsonNode fields = h.get("fields");
        if (fields == null || !fields.isObject()) throw problem(file, "header lacks its fields");
        Map<String, double[]> arrays = new LinkedHashMap<>();
        var doubles = frame.payload().asDoubleBuffer();
        for (JsonNode a : h.get("arrays")) {
            double[] v = new double[(int) a.get("length").asLong()];
            doubles.get(v);
            arrays.put(a.get("name").asText(), v);
        }
        return new Contents(phase, hash, (ObjectNode) fields, arrays);
    }

    private static IOException problem(Path file, String what) {
        return new IOException("phase file " + file + ": " + what);
    }
}
