package org.scorefdt.score.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.FramedFile;

/**
 * Versioned binary file of a trained {@link DsmScore} (magic {@code SFDTNET\n}, {@link #VERSION}, a
 * JSON header, the weights in the {@link Network}'s layout, CRC-32), written atomically
 * ({@link AtomicFiles}); a loaded model reproduces the saved one bit for bit. Read errors are
 * {@link IOException}s naming the file and the problem. Format: docs/formats.md §2.
 */
public final class ModelFile {
    private ModelFile() {}

    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "SFDTNET\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This file kind's frame: the payload is the flat float64 parameter vector. */
    private static final FramedFile.Kind KIND = new FramedFile.Kind() {
        @Override public byte[] magic() { return MAGIC; }
        @Override public int version() { return VERSION; }
        @Override public String notThisKind(byte[] bytes) {
            return "not a ScoreFDT network file (magic bytes differ from \"SFDTNET\\n\")";
        }
        @Override public long payloadBytes(Path file, JsonNode h) throws IOException {
            long count = h.path("parameters").asLong(-1);
            if (count < 0) throw problem(file, "header lacks the parameter count");
            return 8 * count;
        }
        @Override public IOException problem(Path file, String what) { return ModelFile.problem(file, what); }
    };

    /** Writes {@code model} to {@code file} atomically. */
    public static void save(DsmScore model, Path file) throws IOException {
        Network net = model.network();
        ObjectNode h = JSON.createObjectNode();
        h.put("kind", model.name());
        h.put("architecture", net.architecture());
        h.put("dimension", model.dimension());
        if (net instanceof Mlp mlp) {
            ArrayNode w = h.putArray("widths");
            for (int v : mlp.widths()) w.add(v);
        } else if (net instanceof PeriodicCnn cnn) {
            h.put("grid", cnn.gridSize());
            h.put("fieldChannels", cnn.fieldChannels());
            h.put("constantChannels", cnn.constantChannels());
            ArrayNode w = h.putArray("hiddenChannels");
            for (int v : cnn.hiddenChannels()) w.add(v);
            h.put("outChannels", cnn.outChannels());
        } else {
            throw new IllegalArgumentException("cannot save a network of architecture " + net.architecture());
        }
        h.put("activation", net.activation().name());
        doubles(h.putArray("mean"), model.mean());
        doubles(h.putArray("std"), model.std());
        ObjectNode s = h.putObject("schedule");
        s.put("sigmaMin", model.schedule().sigmaMin());
        s.put("sigmaMax", model.schedule().sigmaMax());
        s.put("tMin", model.schedule().tMin());
        ObjectNode r = h.putObject("readOff"); // absent in files written before the read-off was chosen: σ_min
        r.put("sigma", model.readOff().sigma());
        r.put("extrapolated", model.readOff().extrapolated());
        h.set("config", config(model.config()));
        h.put("parameters", net.parameterCount());
        byte[] header = JSON.writeValueAsBytes(h);
        double[] p = net.parameters();

        ByteBuffer payload = ByteBuffer.allocate(8 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : p) payload.putDouble(v);
        AtomicFiles.writeBytes(file, FramedFile.encode(KIND, header, payload.array()));
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IOException naming {@code file} and the problem: not such a file (magic), another
     *                     format version, truncated, checksum mismatch, or an inconsistent header
     */
    public static DsmScore load(Path file) throws IOException {
        FramedFile.Frame frame = FramedFile.decode(file, Files.readAllBytes(file), KIND, JSON);
        JsonNode h = frame.header();
        double[] p = new double[frame.payload().remaining() / 8];
        frame.payload().asDoubleBuffer().get(p);
        try {
            String arch = h.path("architecture").asText("mlp");
            DsmConfig.Architecture.ofTag(arch);
            if (!("dsm-" + arch).equals(h.path("kind").asText())) {
                throw new IllegalArgumentException("kind '" + h.path("kind").asText() + "' is not dsm-" + arch);
            }
            Activation act = Activation.valueOf(h.path("activation").asText());
            Network net = arch.equals("mlp") ? Mlp.of(ints(h.get("widths")), act, p)
                    : PeriodicCnn.of(h.get("grid").asInt(), h.get("fieldChannels").asInt(), h.get("constantChannels").asInt(),
                            ints(h.get("hiddenChannels")), h.get("outChannels").asInt(), act, p);
            JsonNode s = h.get("schedule");
            NoiseSchedule schedule = new NoiseSchedule(s.get("sigmaMin").asDouble(), s.get("sigmaMax").asDouble(), s.get("tMin").asDouble());
            DsmScore model = new DsmScore(net, doubles(h.get("mean")), doubles(h.get("std")), schedule, config(h.get("config")));
            JsonNode r = h.get("readOff");
            return r == null ? model : model.withReadOff(new ReadOff(r.get("sigma").asDouble(), r.get("extrapolated").asBoolean()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw problem(file, "inconsistent header: " + (e.getMessage() == null ? "a field is missing" : e.getMessage()));
        }
    }

    private static IOException problem(Path file, String what) {
        return new IOException("model file " + file + ": " + what);
    }

    private static ObjectNode config(DsmConfig c) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode hw = o.putArray("hiddenWidths");
        for (int v : c.hiddenWidths()) hw.add(v);
        o.put("activation", c.activation().name());
        o.put("learningRate", c.learningRate());
        o.put("batchSize", c.batchSize());
        o.put("steps", c.steps());
        o.put("warmupSteps", c.warmupSteps());
        o.put("emaDecay", c.emaDecay());
        o.put("sigmaMin", c.sigmaMin());
        // NaN (estimate from data) and ∞ (no clipping) are not JSON numbers: write them as text.
        o.put("sigmaMax", Double.toString(c.sigmaMax()));
        o.put("clipNorm", Double.toString(c.clipNorm()));
        o.put("tMin", c.tMin());
        o.put("validationFraction", c.validationFraction());
        o.put("evalEvery", c.evalEvery());
        o.put("patience", c.patience());
        o.put("seed", c.seed());
        o.put("architecture", c.architecture().tag());
        o.put("readOffRule", c.readOff().name());
        return o;
    }

    private static DsmConfig config(JsonNode o) {
        return new DsmConfig(ints(o.get("hiddenWidths")), Activation.valueOf(o.get("activation").asText()),
                o.get("learningRate").asDouble(), o.get("batchSize").asInt(), o.get("steps").asInt(),
                o.get("warmupSteps").asInt(), Double.parseDouble(o.get("clipNorm").asText()), o.get("emaDecay").asDouble(),
                o.get("sigmaMin").asDouble(), Double.parseDouble(o.get("sigmaMax").asText()), o.get("tMin").asDouble(),
                o.get("validationFraction").asDouble(), o.get("evalEvery").asInt(), o.get("patience").asInt(),
                o.get("seed").asLong(), DsmConfig.Architecture.ofTag(o.path("architecture").asText("mlp")),
                DsmConfig.ReadOffRule.valueOf(o.path("readOffRule").asText("SIGMA_MIN")));
    }

    private static void doubles(ArrayNode a, double[] v) {
        for (double x : v) a.add(x);
    }

    private static double[] doubles(JsonNode a) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("expected an array of numbers");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }

    private static int[] ints(JsonNode a) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("expected an array of integers");
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asInt();
        return v;
    }
}
