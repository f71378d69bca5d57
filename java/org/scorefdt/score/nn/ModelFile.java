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
import org.scorefdt.util.JsonFields;
import org.scorefdt.util.JsonKeys;

/**
 * Versioned binary file of a trained {@link DsmScore} (magic {@code SFDTNET\n}, {@link #VERSION}, a
 * JSON header, the weights in the {@link Network}'s layout, CRC-32), written atomically
 * ({@link AtomicFiles}); a loaded model reproduces the saved one bit for bit. Read errors are
 * {@link IOException}s naming the file and the problem. Format: docs/formats.md §2.
 */
public final class ModelFile {
    private ModelFile() {}

    /**
     * Newest format version, written for a model with a {@link GaussianBase} (header field
     * {@code gaussian_base}); a model without one is written as {@link #VERSION_WITHOUT_BASE}, which
     * older builds read. This build reads both.
     */
    public static final int VERSION = 2;
    /** The version of files without a Gaussian base (every file before the base existed). */
    public static final int VERSION_WITHOUT_BASE = 1;
    private static final byte[] MAGIC = "SFDTNET\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This file kind's frame: the payload is the flat float64 parameter vector. */
    private static final FramedFile.Kind KIND = new FramedFile.Kind() {
        @Override public byte[] magic() { return MAGIC; }
        @Override public int version() { return VERSION; }
        @Override public boolean reads(int version) { return version == VERSION || version == VERSION_WITHOUT_BASE; }
        @Override public String versionsRead() { return "versions " + VERSION_WITHOUT_BASE + " and " + VERSION; }
        @Override public String notThisKind(byte[] bytes) {
            return "not a ScoreFDT network file (magic bytes differ from \"SFDTNET\\n\")";
        }
        @Override public long payloadBytes(Path file, JsonNode h) throws IOException {
            try { // at most what a Java array can hold, so 8 × count cannot overflow
                return 8 * JsonFields.integer(h.get("parameters"), "parameters", 0L, Integer.MAX_VALUE - 8L);
            } catch (JsonFields.Invalid e) {
                throw problem(file, "header field " + e.getMessage());
            }
        }
        @Override public IOException problem(Path file, String what) { return ModelFile.problem(file, what); }
    };

    /** Writes {@code model} to {@code file} atomically. */
    public static void save(DsmScore model, Path file) throws IOException {
        AtomicFiles.writeBytes(file, encode(model));
    }

    /** The bytes {@link #save} writes (a reproduce shard carries the trained network in them). */
    public static byte[] encode(DsmScore model) throws IOException {
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
            h.put("field_channels", cnn.fieldChannels());
            h.put("constant_channels", cnn.constantChannels());
            ArrayNode w = h.putArray("hidden_channels");
            for (int v : cnn.hiddenChannels()) w.add(v);
            h.put("out_channels", cnn.outChannels());
        } else {
            throw new IllegalArgumentException("cannot save a network of architecture " + net.architecture());
        }
        h.put("activation", net.activation().name());
        doubles(h.putArray("mean"), model.mean());
        doubles(h.putArray("std"), model.std());
        ObjectNode s = h.putObject("schedule");
        s.put("sigma_min", model.schedule().sigmaMin());
        s.put("sigma_max", model.schedule().sigmaMax());
        s.put("t_min", model.schedule().tMin());
        ObjectNode r = h.putObject("read_off"); // absent in files written before the read-off was chosen: σ_min
        r.put("sigma", model.readOff().sigma());
        r.put("extrapolated", model.readOff().extrapolated());
        h.set("config", config(model.config()));
        model.base().ifPresent(b -> {
            ObjectNode g = h.putObject("gaussian_base");
            doubles(g.putArray("mean"), b.mean());
            doubles(g.putArray("basis"), b.basis());
            doubles(g.putArray("variances"), b.variances());
        });
        model.correction().ifPresent(c -> { // belongs to the read-off; its centre is the base's mean
            ObjectNode g = h.putObject("linear_correction");
            doubles(g.putArray("centre"), c.centre());
            doubles(g.putArray("offset"), c.offset());
            doubles(g.putArray("slope"), c.slope());
        });
        h.put("parameters", net.parameterCount());
        byte[] header = JSON.writeValueAsBytes(JsonKeys.snakeCase(h));
        double[] p = net.parameters();

        ByteBuffer payload = ByteBuffer.allocate(8 * p.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : p) payload.putDouble(v);
        int version = model.base().isPresent() ? VERSION : VERSION_WITHOUT_BASE;
        return FramedFile.encode(MAGIC, version, header, payload.array());
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @throws IOException naming {@code file} and the problem: not such a file (magic), another
     *                     format version, truncated, checksum mismatch, or an inconsistent header
     */
    public static DsmScore load(Path file) throws IOException {
        return decode(file, FramedFile.readAll(file, ModelFile::problem));
    }

    /**
     * A model from the bytes of a model file ({@link #encode}).
     *
     * @param file the name used in messages
     * @throws IOException as {@link #load}
     */
    public static DsmScore decode(Path file, byte[] bytes) throws IOException {
        FramedFile.Frame frame = FramedFile.decode(file, bytes, KIND, JSON);
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
            Network net = arch.equals("mlp") ? Mlp.of(ints(h.get("widths"), "widths"), act, p)
                    : PeriodicCnn.of(JsonFields.integer(h.get("grid"), "grid", 1, MAX_INT), JsonFields.integer(h.get("field_channels"), "field_channels", 1, MAX_INT),
                            JsonFields.integer(h.get("constant_channels"), "constant_channels", 0, MAX_INT),
                            ints(h.get("hidden_channels"), "hidden_channels"), JsonFields.integer(h.get("out_channels"), "out_channels", 1, MAX_INT), act, p);
            JsonNode s = h.get("schedule");
            NoiseSchedule schedule = new NoiseSchedule(JsonFields.number(s.get("sigma_min"), "schedule.sigma_min"),
                    JsonFields.number(s.get("sigma_max"), "schedule.sigma_max"), JsonFields.number(s.get("t_min"), "schedule.t_min"));
            JsonNode g = h.get("gaussian_base");
            int version = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC.length);
            if ((g != null) != (version == VERSION)) { // a version-1 reader would drop a base: only version 2 may hold one
                throw new IllegalArgumentException("format version " + version + (g != null ? " holds" : " lacks")
                        + " a gaussian_base; version " + VERSION + " is the one with a base");
            }
            GaussianBase base = g == null ? null : new GaussianBase(doubles(g.get("mean")), doubles(g.get("basis")), doubles(g.get("variances")));
            DsmConfig cfg = config(h.get("config"));
            // a version-1 file holds no base whatever its config says (builds between the base's introduction and this check
            // could write a default MLP config with a plain network): it is the plain network it holds
            if (version == VERSION_WITHOUT_BASE) cfg = cfg.toBuilder().base(DsmConfig.Base.NONE).build();
            DsmScore model = new DsmScore(net, doubles(h.get("mean")), doubles(h.get("std")), schedule, cfg, base);
            if (h.has("dimension")) {
                int d = JsonFields.integer(h.get("dimension"), "dimension", 1, MAX_INT);
                if (d != model.dimension()) throw new IllegalArgumentException("dimension " + d + " differs from the " + model.dimension() + " of mean and std");
            }
            JsonNode r = h.get("read_off");
            if (r != null) model = model.withReadOff(new ReadOff(JsonFields.number(r.get("sigma"), "read_off.sigma"), r.get("extrapolated").asBoolean()));
            JsonNode c = h.get("linear_correction");
            return c == null ? model
                    : model.withCorrection(new LinearCorrection(doubles(c.get("centre")), doubles(c.get("offset")), doubles(c.get("slope"))));
        } catch (JsonFields.Invalid e) {
            throw problem(file, "header field " + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw problem(file, "inconsistent header: " + (e.getMessage() == null ? "a field is missing" : e.getMessage()));
        }
    }

    private static IOException problem(Path file, String what) {
        return new IOException("model file " + file + ": " + what);
    }

    private static ObjectNode config(DsmConfig c) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode hw = o.putArray("hidden_widths");
        for (int v : c.hiddenWidths()) hw.add(v);
        o.put("activation", c.activation().name());
        o.put("learning_rate", c.learningRate());
        o.put("batch_size", c.batchSize());
        o.put("steps", c.steps());
        o.put("warmup_steps", c.warmupSteps());
        o.put("ema_decay", c.emaDecay());
        o.put("sigma_min", c.sigmaMin());
        // NaN (estimate from data) and ∞ (no clipping) are not JSON numbers: write them as text.
        o.put("sigma_max", Double.toString(c.sigmaMax()));
        o.put("clip_norm", Double.toString(c.clipNorm()));
        o.put("t_min", c.tMin());
        o.put("validation_fraction", c.validationFraction());
        o.put("eval_every", c.evalEvery());
        o.put("patience", c.patience());
        o.put("seed", c.seed());
        o.put("architecture", c.architecture().tag());
        o.put("read_off_rule", c.readOff().name());
        o.put("base", c.base().name());
        return o;
    }

    private static DsmConfig config(JsonNode o) {
        return new DsmConfig(ints(o.get("hidden_widths"), "config.hidden_widths"), Activation.valueOf(o.get("activation").asText()),
                JsonFields.number(o.get("learning_rate"), "config.learning_rate"), JsonFields.integer(o.get("batch_size"), "config.batch_size", 1, MAX_INT),
                JsonFields.integer(o.get("steps"), "config.steps", 0, MAX_INT),
                JsonFields.integer(o.get("warmup_steps"), "config.warmup_steps", 0, MAX_INT), Double.parseDouble(o.get("clip_norm").asText()),
                JsonFields.number(o.get("ema_decay"), "config.ema_decay"),
                JsonFields.number(o.get("sigma_min"), "config.sigma_min"), Double.parseDouble(o.get("sigma_max").asText()),
                JsonFields.number(o.get("t_min"), "config.t_min"), JsonFields.number(o.get("validation_fraction"), "config.validation_fraction"),
                JsonFields.integer(o.get("eval_every"), "config.eval_every", 1, MAX_INT), JsonFields.integer(o.get("patience"), "config.patience", 0, MAX_INT),
                JsonFields.integer(o.get("seed"), "config.seed", Long.MIN_VALUE, Long.MAX_VALUE), DsmConfig.Architecture.ofTag(o.path("architecture").asText("mlp")),
                DsmConfig.ReadOffRule.valueOf(o.path("read_off_rule").asText("SIGMA_MIN")), DsmConfig.Base.valueOf(o.path("base").asText("NONE")));
    }

    private static void doubles(ArrayNode a, double[] v) {
        for (double x : v) a.add(x);
    }

    private static double[] doubles(JsonNode a) {
        if (a == null || !a.isArray()) throw new IllegalArgumentException("expected an array of numbers");
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = JsonFields.number(a.get(i), "array element " + i);
        return v;
    }

    private static final int MAX_INT = Integer.MAX_VALUE;

    private static int[] ints(JsonNode a, String field) {
        return JsonFields.integers(a, field, 1, MAX_INT);
    }
}
