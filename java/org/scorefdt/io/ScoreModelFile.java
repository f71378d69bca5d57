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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scorefdt.model.Grid;
import org.scorefdt.score.HyperparameterChoice;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KernelScoreInterpolator;
import org.scorefdt.score.KefScore;
import org.scorefdt.score.KgmmScore;
import org.scorefdt.score.KgmmSelection;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.PolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.RichardsonScore;
import org.scorefdt.score.ScoreKernels;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.ModelFile;
import org.scorefdt.score.nn.ReadOffSelection;
import org.scorefdt.util.AtomicFiles;
import org.scorefdt.util.FramedFile;
import org.scorefdt.util.JsonFields;
import org.scorefdt.util.JsonKeys;

/**
 * One versioned binary file for every trained score model (magic {@code SFDTSCM\n}, {@link #VERSION}),
 * dispatching on a type tag ({@code kde}, {@code quasi-gaussian}, {@code kgmm}, {@code local-polynomial},
 * {@code polynomial}, {@code dsm}, whose
 * blob is a {@link ModelFile} image; a bare {@link ModelFile} also reads). A loaded model gives the
 * saved one's outputs bit for bit; writes are atomic ({@link AtomicFiles}); read errors are
 * {@link IOException}s naming the file and the problem. Format: docs/formats.md §3.
 */
public final class ScoreModelFile {
    private ScoreModelFile() {}

    /** Format version this build writes and reads. */
    public static final int VERSION = 1;
    /** The type tags this build knows. */
    public static final List<String> TYPES = List.of("dsm", "kde", "quasi-gaussian", "quasi-gaussian-spectral", "kgmm", "local-polynomial",
            "polynomial", "kef");

    private static final byte[] MAGIC = "SFDTSCM\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NET_MAGIC = "SFDTNET\n".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A loaded model.
     *
     * @param type   the type tag
     * @param model  the score model (a {@link DsmScore} for {@code dsm}: also noise-conditional)
     * @param params the type-specific parameters recorded in the file
     */
    public record Loaded(String type, ScoreModel model, JsonNode params) {}

    // ------------------------------------------------------------------ writing

    /** Saves a KDE: the raw training data {@code [n][d]} and the bandwidth h it was built with. */
    public static void saveKde(Path file, double[] data, int n, int d, double bandwidth) throws IOException {
        saveKde(file, data, n, d, bandwidth, 0, null);
    }

    /**
     * Saves a KDE, extrapolated to h → 0 from h and r·h when {@code ratio} &gt; 1 (a
     * {@link RichardsonScore}; 0: plain), with how h was chosen ({@code null}: given).
     */
    public static void saveKde(Path file, double[] data, int n, int d, double bandwidth, double ratio, HyperparameterChoice selection)
            throws IOException {
        if (data.length != (long) n * d) throw new IllegalArgumentException("KDE data hold " + data.length + " values, need " + n + " × " + d);
        ObjectNode p = JSON.createObjectNode();
        p.put("bandwidth", bandwidth);
        p.put("points", n);
        if (ratio > 0) p.put("extrapolation_ratio", ratio);
        if (selection != null) p.set("selection", JsonReport.selection(selection));
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("data", new Arr(data, n, d));
        write(file, "kde", d, p, arrays, new byte[0]);
    }

    /** Saves a quasi-Gaussian model: μ, the unregularised covariance C and the ridge ρ. */
    public static void saveQuasiGaussian(Path file, double[] mean, double[] covariance, double ridge) throws IOException {
        int d = mean.length;
        if (covariance.length != (long) d * d) throw new IllegalArgumentException("covariance has " + covariance.length + " values, need " + d + "²");
        ObjectNode p = JSON.createObjectNode();
        p.put("ridge", ridge);
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("mean", new Arr(mean, d));
        arrays.put("covariance", new Arr(covariance, d, d));
        write(file, "quasi-gaussian", d, p, arrays, new byte[0]);
    }

    /**
     * Saves a spectral quasi-Gaussian score of an N×N periodic field: μ, the regularised spectrum S_ρ
     * and the ridge, so the loaded score ({@link SpectralQuasiGaussianScore#restore}) has the saved
     * one's bits (the fitted score a sharded {@code ou} run takes as input, docs/formats.md §9).
     */
    public static void saveSpectralQuasiGaussian(Path file, SpectralQuasiGaussianScore score) throws IOException {
        saveSpectralQuasiGaussian(file, score, null);
    }

    /**
     * As {@link #saveSpectralQuasiGaussian(Path, SpectralQuasiGaussianScore)}, recording the SHA-256 of
     * the config it was fitted under ({@code configHash}, null: none), so a run can refuse another
     * run's fit.
     */
    public static void saveSpectralQuasiGaussian(Path file, SpectralQuasiGaussianScore score, String configHash) throws IOException {
        int n = score.grid().n();
        ObjectNode p = JSON.createObjectNode();
        p.put("ridge", score.ridge());
        p.put("n", n);
        if (configHash != null) p.put("config_hash", configHash);
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("mean", new Arr(new double[] {score.mean()}, 1));
        arrays.put("spectrum", new Arr(score.spectrum(), (long) n * n));
        write(file, "quasi-gaussian-spectral", n * n, p, arrays, new byte[0]);
    }

    /**
     * Saves a fitted KGMM model (cluster statistics and settings; the interpolant is refitted on load).
     *
     * @throws IllegalArgumentException when its interpolator is not a {@link KernelScoreInterpolator}
     */
    public static void saveKgmm(Path file, KgmmScore model) throws IOException {
        KgmmScore.Config c = model.config();
        if (!(c.interpolator() instanceof KernelScoreInterpolator ki)) {
            throw new IllegalArgumentException("KGMM with a " + c.interpolator().getClass().getSimpleName()
                    + " interpolator cannot be saved: only the kernel interpolator has a file format");
        }
        int d = model.dimension(), k = model.clusters();
        ObjectNode p = JSON.createObjectNode();
        p.put("sigma", c.sigma());
        p.put("clusters_requested", c.clusters());
        p.put("tolerance", c.tolerance());
        p.put("min_passes", c.minPasses());
        p.put("max_passes", c.maxPasses());
        p.put("kmeans_iterations", c.kmeansIterations());
        p.put("seed", c.seed());
        p.put("passes", model.passes());
        p.put("converged", model.converged());
        p.put("final_relative_error", Double.toString(model.finalRelativeError()));
        if (ki.fixedBandwidth() > 0) p.put("interpolator_bandwidth", ki.fixedBandwidth());
        else p.put("interpolator_factor", ki.ruleFactor());
        model.selection().ifPresent(choice -> p.set("selection", JsonReport.selection(choice)));
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("centroids", new Arr(model.centroids(), k, d));
        arrays.put("scores", new Arr(model.clusterScores(), k, d));
        arrays.put("divergences", new Arr(model.clusterDivergences(), k));
        arrays.put("counts", new Arr(model.clusterCounts(), k));
        arrays.put("standard_errors", new Arr(model.clusterStandardErrors(), k));
        write(file, "kgmm", d, p, arrays, new byte[0]);
    }

    /** Saves a {@link LocalPolynomialScore}: window radius, degree, standardisation and coefficients. */
    public static void saveLocalPolynomial(Path file, LocalPolynomialScore model) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("radius", model.radius());
        p.put("degree", model.degree());
        p.put("mu", model.mu());
        p.put("sigma", model.sigma());
        Map<String, Arr> arrays = new LinkedHashMap<>();
        double[] theta = model.theta();
        arrays.put("theta", new Arr(theta, theta.length));
        write(file, "local-polynomial", model.dimension(), p, arrays, new byte[0]);
    }

    /**
     * Saves a {@link PolynomialScore}: degree, ridge and how the degree was chosen; the standardisation,
     * the exponents of its monomials (so that a reader needs no enumeration rule) and θ.
     */
    public static void savePolynomial(Path file, PolynomialScore model) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("degree", model.degree());
        p.put("ridge", model.ridge());
        model.selection().ifPresent(choice -> p.set("selection", JsonReport.selection(choice)));
        int d = model.dimension();
        int[][] ex = model.exponents();
        double[] flat = new double[ex.length * d];
        for (int k = 0; k < ex.length; k++) for (int i = 0; i < d; i++) flat[k * d + i] = ex[k][i];
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("mean", new Arr(model.mean(), d));
        arrays.put("std", new Arr(model.std(), d));
        arrays.put("exponents", new Arr(flat, ex.length, d));
        double[] theta = model.theta();
        arrays.put("theta", new Arr(theta, theta.length));
        write(file, "polynomial", d, p, arrays, new byte[0]);
    }

    /**
     * Saves a {@link KefScore}: degree, width, ridge and how width and ridge were chosen; the standardisation,
     * the bump centres and θ (monomials in graded order, then bumps).
     */
    public static void saveKef(Path file, KefScore model) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("degree", model.degree());
        p.put("width", model.width());
        p.put("ridge", model.ridge());
        model.selection().ifPresent(choice -> p.set("selection", JsonReport.selection(choice)));
        int d = model.dimension();
        Map<String, Arr> arrays = new LinkedHashMap<>();
        arrays.put("mean", new Arr(model.mean(), d));
        arrays.put("std", new Arr(model.std(), d));
        arrays.put("centres", new Arr(model.centres(), model.bumps(), d));
        double[] theta = model.theta();
        arrays.put("theta", new Arr(theta, theta.length));
        write(file, "kef", d, p, arrays, new byte[0]);
    }

    /** Saves a denoising-score-matching network (the {@link ModelFile} image, wrapped). */
    public static void saveDsm(Path file, DsmScore model) throws IOException {
        write(file, "dsm", model.dimension(), dsmParams(model), new LinkedHashMap<>(), netBytes(file, model));
    }

    /**
     * Saves the network of a training run with how it was chosen: the training length (steps run, the
     * kept checkpoint, why it stopped) and the read-off candidates with their held-out criteria
     * (docs/score-models.md §4.1, §5.1), for reports to print.
     */
    public static void saveDsm(Path file, DsmResult result) throws IOException {
        DsmScore model = result.model();
        ObjectNode p = dsmParams(model);
        ObjectNode t = p.putObject("training");
        t.put("stop", result.stop().name());
        t.put("steps_run", result.stepsRun());
        t.put("best_step", result.bestStep());
        t.put("best_valid_loss", result.bestValidLoss());
        ReadOffSelection sel = result.readOff();
        ObjectNode r = p.putObject("read_off_selection");
        r.put("criterion", "held-out Hyvärinen loss");
        r.put("selected", sel.selected());
        r.put("chosen", sel.chosen());
        ArrayNode c = r.putArray("candidates");
        for (ReadOffSelection.Candidate k : sel.candidates()) {
            ObjectNode o = c.addObject();
            o.put("sigma", k.readOff().sigma());
            o.put("extrapolated", k.readOff().extrapolated());
            // NaN (not evaluated) is no JSON number: text, as elsewhere in these headers
            o.put("hyvarinen", Double.toString(k.hyvarinen()));
            o.put("hyvarinen_stderr", Double.toString(k.hyvarinenStderr()));
            o.put("stein_diagonal", Double.toString(k.steinDiagonal()));
            o.put("stein_diagonal_stderr", Double.toString(k.steinDiagonalStderr()));
        }
        write(file, "dsm", model.dimension(), p, new LinkedHashMap<>(), netBytes(file, model));
    }

    private static ObjectNode dsmParams(DsmScore model) {
        ObjectNode p = JSON.createObjectNode();
        p.put("network", model.name());
        ArrayNode hw = p.putArray("hidden_widths");
        for (int w : model.config().hiddenWidths()) hw.add(w);
        p.put("sigma_min", model.schedule().sigmaMin());
        p.put("sigma_max", model.schedule().sigmaMax());
        p.put("read_off_sigma", model.readOff().sigma());
        p.put("read_off_extrapolated", model.readOff().extrapolated());
        return p;
    }

    /**
     * The generic writer: one type tag, scalars, named float64 arrays and a byte blob. Model types
     * added elsewhere (e.g. KGMM) go through here so that every model file has the same framing.
     */
    public static void write(Path file, String type, int dimension, ObjectNode params, Map<String, Arr> arrays, byte[] blob)
            throws IOException {
        if (!TYPES.contains(type)) throw new IllegalArgumentException("unknown model type '" + type + "'");
        frame(file, type, VERSION, dimension, params, arrays, blob);
    }

    /** Writes the frame with any type tag and version (tests make files of other versions and types with it). */
    static void frame(Path file, String type, int version, int dimension, ObjectNode params, Map<String, Arr> arrays, byte[] blob)
            throws IOException {
        ObjectNode h = JSON.createObjectNode();
        h.put("type", type);
        h.put("dimension", dimension);
        h.set("params", params);
        ArrayNode an = h.putArray("arrays");
        long values = 0;
        for (Map.Entry<String, Arr> e : arrays.entrySet()) {
            ObjectNode a = an.addObject();
            a.put("name", e.getKey());
            ArrayNode sh = a.putArray("shape");
            for (long s : e.getValue().shape) sh.add(s);
            values += e.getValue().data.length;
        }
        h.put("blob_bytes", blob.length);
        h.put("tool", BuildInfo.version());
        h.put("commit", BuildInfo.gitCommit());
        byte[] header = JSON.writeValueAsBytes(JsonKeys.snakeCase(h));
        if (8 * values + blob.length > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("model too large for one file");
        ByteBuffer payload = ByteBuffer.allocate((int) (8 * values + blob.length)).order(ByteOrder.LITTLE_ENDIAN);
        for (Arr a : arrays.values()) for (double v : a.data) payload.putDouble(v);
        payload.put(blob);
        AtomicFiles.writeBytes(file, FramedFile.encode(MAGIC, version, header, payload.array()));
    }

    /** A float64 array with its C-order shape. */
    public record Arr(double[] data, long... shape) {
        public Arr {
            long n = 1;
            for (long s : shape) n *= s;
            if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " vs " + data.length + " values");
        }
    }

    // ------------------------------------------------------------------ reading

    /** The decoded frame of a model file, before the type-specific model is built. */
    public record Contents(Path file, String type, int dimension, JsonNode params, Map<String, Arr> arrays, byte[] blob) {
        /** The named array, or an {@link IOException} naming the file. */
        public Arr array(String name) throws IOException {
            Arr a = arrays.get(name);
            if (a == null) throw problem(file, "type '" + type + "' needs the array '" + name + "', which is missing");
            return a;
        }

        /** A required integer of {@code params} in {@code [min, max]}: a JSON integer, not 1.9 or "1". */
        public int integer(String name, int min, int max) throws IOException {
            try {
                return JsonFields.integer(params.get(name), "params." + name, min, max);
            } catch (JsonFields.Invalid e) {
                throw problem(file, "type '" + type + "': " + e.getMessage());
            }
        }

        /** A required finite scalar of {@code params}. */
        public double number(String name) throws IOException {
            JsonNode v = params.get(name);
            if (v == null || !v.isNumber()) throw problem(file, "type '" + type + "' needs the number params." + name + ", which is missing");
            return v.asDouble();
        }
    }

    /**
     * Loads a model written by any {@code save*} method; scores that can run on an accelerated tier
     * run in Java (see {@link #load(Path, ScoreKernels)}).
     *
     * @throws IOException naming {@code file} and the problem
     */
    public static Loaded load(Path file) throws IOException {
        return load(file, ScoreKernels.REFERENCE);
    }

    /**
     * Loads a model written by any {@code save*} method, a KDE's pair loop on what {@code kernels} offers.
     *
     * @throws IOException naming {@code file} and the problem
     */
    public static Loaded load(Path file, ScoreKernels kernels) throws IOException {
        byte[] bytes = readAll(file);
        if (bytes.length >= NET_MAGIC.length && Arrays.equals(Arrays.copyOf(bytes, NET_MAGIC.length), NET_MAGIC)) {
            DsmScore m = ModelFile.load(file);
            return new Loaded("dsm", m, JSON.createObjectNode().put("network", m.name()));
        }
        Contents c = decode(file, bytes);
        try {
            return switch (c.type()) {
                case "kde" -> {
                    Arr data = c.array("data");
                    checkShape(c, data, "data", 2);
                    double h = c.number("bandwidth");
                    int n = (int) data.shape()[0], d = (int) data.shape()[1];
                    double ratio = c.params().path("extrapolation_ratio").asDouble(0);
                    ScoreModel kde = ratio > 0
                            ? RichardsonScore.of(KdeScore.of(data.data(), n, d, h, kernels, 0), KdeScore.of(data.data(), n, d, ratio * h, kernels, 0), ratio)
                            : KdeScore.of(data.data(), n, d, h, kernels, 0);
                    yield new Loaded("kde", kde, c.params());
                }
                case "quasi-gaussian" -> {
                    Arr mean = c.array("mean"), cov = c.array("covariance");
                    checkShape(c, mean, "mean", 1);
                    checkShape(c, cov, "covariance", 2);
                    if (cov.shape()[0] != c.dimension()) throw problem(file, "array 'covariance' of shape " + Arrays.toString(cov.shape())
                            + " is not " + c.dimension() + " x " + c.dimension());
                    yield new Loaded("quasi-gaussian", QuasiGaussianScore.of(mean.data(), cov.data(), c.number("ridge")), c.params());
                }
                case "quasi-gaussian-spectral" -> {
                    Arr spectrum = c.array("spectrum");
                    checkShape(c, spectrum, "spectrum", 1);
                    Grid grid = new Grid((int) c.number("n"));
                    yield new Loaded("quasi-gaussian-spectral", SpectralQuasiGaussianScore.restore(grid, c.array("mean").data()[0],
                            spectrum.data(), c.number("ridge")), c.params());
                }
                case "dsm" -> new Loaded("dsm", netFromBytes(file, c.blob()), c.params());
                case "kgmm" -> new Loaded("kgmm", kgmm(c), c.params());
                case "local-polynomial" -> new Loaded("local-polynomial", LocalPolynomialScore.of(c.dimension(),
                        c.integer("radius", 0, Integer.MAX_VALUE), c.integer("degree", 0, Integer.MAX_VALUE), c.number("mu"), c.number("sigma"),
                        c.array("theta").data()), c.params());
                case "polynomial" -> new Loaded("polynomial", polynomial(c), c.params());
                case "kef" -> new Loaded("kef", kef(c), c.params());
                default -> throw problem(file, "model type '" + c.type() + "' is known to this build but has no loader");
            };
        } catch (IllegalArgumentException e) {
            throw problem(file, "inconsistent contents for type '" + c.type() + "': " + e.getMessage());
        }
    }

    private static KgmmScore kgmm(Contents c) throws IOException {
        JsonNode p = c.params();
        KernelScoreInterpolator interp = p.has("interpolator_bandwidth")
                ? KernelScoreInterpolator.withBandwidth(c.number("interpolator_bandwidth"))
                : KernelScoreInterpolator.withNearestNeighbourRule(c.number("interpolator_factor"));
        KgmmScore.Config cfg = new KgmmScore.Config(c.integer("clusters_requested", 0, Integer.MAX_VALUE), c.number("sigma"), c.number("tolerance"),
                c.integer("min_passes", 0, Integer.MAX_VALUE), c.integer("max_passes", 0, Integer.MAX_VALUE), c.integer("kmeans_iterations", 0, Integer.MAX_VALUE),
                p.path("seed").asLong(), interp, KgmmSelection.defaults());
        Arr cent = c.array("centroids");
        checkShape(c, cent, "centroids", 2);
        return KgmmScore.restore(cfg, c.dimension(), cent.data(), c.array("scores").data(), c.array("divergences").data(),
                c.array("counts").data(), c.array("standard_errors").data(), c.integer("passes", 0, Integer.MAX_VALUE),
                p.path("converged").asBoolean(), Double.parseDouble(p.path("final_relative_error").asText("NaN")));
    }

    private static KefScore kef(Contents c) throws IOException {
        Arr mean = c.array("mean"), std = c.array("std"), centres = c.array("centres");
        checkShape(c, mean, "mean", 1);
        checkShape(c, std, "std", 1);
        if (centres.shape().length != 2 || centres.shape()[1] != c.dimension()) {
            throw problem(c.file(), "array 'centres' of shape " + Arrays.toString(centres.shape()) + ": need [bumps][" + c.dimension() + "]");
        }
        return KefScore.of(mean.data(), std.data(), c.integer("degree", 1, Integer.MAX_VALUE), centres.data(), c.number("width"),
                c.array("theta").data(), c.number("ridge"), selection(c.params().get("selection")));
    }

    private static PolynomialScore polynomial(Contents c) throws IOException {
        Arr mean = c.array("mean"), std = c.array("std"), ex = c.array("exponents");
        checkShape(c, mean, "mean", 1);
        checkShape(c, std, "std", 1);
        PolynomialScore m = PolynomialScore.of(mean.data(), std.data(), c.integer("degree", 0, Integer.MAX_VALUE), c.array("theta").data(),
                c.number("ridge"), selection(c.params().get("selection")));
        int[][] want = m.exponents();
        int d = c.dimension();
        boolean same = ex.shape().length == 2 && ex.shape()[0] == want.length && ex.shape()[1] == d;
        for (int k = 0; same && k < want.length; k++) for (int i = 0; i < d; i++) same &= ex.data()[k * d + i] == want[k][i];
        if (!same) throw problem(c.file(), "array 'exponents' of shape " + Arrays.toString(ex.shape()) + " is not the graded order of degree "
                + m.degree() + " in d = " + d + " that theta is stored in");
        return m;
    }

    /** A {@link HyperparameterChoice} back from its {@link JsonReport#selection} object; {@code null} when absent. */
    private static HyperparameterChoice selection(JsonNode o) {
        if (o == null || !o.isObject()) return null;
        List<String> names = new ArrayList<>();
        o.path("parameters").forEach(v -> names.add(v.asText()));
        double[][] grid = new double[o.path("candidates").size()][];
        for (int g = 0; g < grid.length; g++) grid[g] = doubles(o.path("candidates").get(g));
        return new HyperparameterChoice(o.path("model").asText(), o.path("criterion").asText(), names, grid, doubles(o.path("loss")),
                doubles(o.path("loss_stderr")), o.path("best").asInt(), doubles(o.path("chosen")), o.path("fit_points").asInt(),
                o.path("held_out").asInt());
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }

    /** Reads and checks the frame (magic, version, lengths, CRC, known type) without building a model. */
    public static Contents decode(Path file) throws IOException {
        return decode(file, readAll(file));
    }

    private static byte[] readAll(Path file) throws IOException {
        return FramedFile.readAll(file, ScoreModelFile::problem);
    }

    /** The frame of score model files: the payload is the header's float64 arrays, then its blob. */
    private static final FramedFile.Kind KIND = new FramedFile.Kind() {
        @Override public byte[] magic() { return MAGIC; }
        @Override public int version() { return VERSION; }
        @Override public String notThisKind(byte[] bytes) {
            boolean npy = bytes.length >= 6 && (bytes[0] & 0xFF) == 0x93 && bytes[1] == 'N' && bytes[2] == 'U';
            return "not a ScoreFDT score model file: magic bytes differ from \"SFDTSCM\\n\"" + (npy ? " (it is an NPY array)" : "");
        }
        @Override public long payloadBytes(Path file, JsonNode h) throws IOException {
            Layout l = layout(file, h);
            return 8 * l.values() + l.blobBytes();
        }
        @Override public IOException problem(Path file, String what) { return ScoreModelFile.problem(file, what); }
    };

    /** What the header says the payload holds. */
    private record Layout(String type, int dimension, List<String> names, List<long[]> shapes, long values, long blobBytes) {}

    private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;

    private static Layout layout(Path file, JsonNode h) throws IOException {
        String type = h.path("type").isTextual() ? h.path("type").asText() : "";
        JsonNode arrs = h.get("arrays");
        if (type.isEmpty() || arrs == null || !arrs.isArray()) {
            throw problem(file, "header lacks the type (text) or the arrays (a list)");
        }
        int d;
        long blobBytes;
        try {
            d = JsonFields.integer(h.get("dimension"), "dimension", 1, Integer.MAX_VALUE);
            blobBytes = JsonFields.integer(h.get("blob_bytes"), "blob_bytes", 0L, FramedFile.MAX_FILE_BYTES);
        } catch (JsonFields.Invalid e) {
            throw problem(file, "header field " + e.getMessage());
        }
        List<String> names = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        long values = 0;
        for (JsonNode a : arrs) {
            JsonNode sh = a.get("shape");
            String name = a.path("name").asText();
            if (sh == null || !sh.isArray()) throw problem(file, "array '" + name + "' has no shape");
            if (sh.size() > 8) throw problem(file, "array '" + name + "' has " + sh.size() + " dimensions; at most 8");
            long[] s = new long[sh.size()];
            long n = 1;
            try {
                for (int i = 0; i < s.length; i++) {
                    // Each array is one Java array, so its size bounds every extent and the product.
                    s[i] = JsonFields.integer(sh.get(i), "array '" + name + "' shape[" + i + "]", 0L, MAX_VALUES);
                    n = Math.multiplyExact(n, s[i]);
                }
            } catch (JsonFields.Invalid e) {
                throw problem(file, e.getMessage());
            } catch (ArithmeticException e) {
                n = Long.MAX_VALUE;
            }
            if (n > MAX_VALUES) throw problem(file, "array '" + name + "' of shape " + Arrays.toString(s) + " has more values than a Java array holds");
            names.add(JsonKeys.snake(name)); // array names follow the key case too: "standardErrors" of older files reads
            shapes.add(s);
            values += n; // at most 8 arrays' worth of 2^31 each per entry: no overflow before the size check
        }
        return new Layout(type, d, names, shapes, values, blobBytes);
    }

    private static Contents decode(Path file, byte[] bytes) throws IOException {
        FramedFile.Frame frame = FramedFile.decode(file, bytes, KIND, JSON);
        JsonNode h = frame.header();
        Layout l = layout(file, h);
        ByteBuffer buf = frame.payload();
        Map<String, Arr> arrays = new LinkedHashMap<>();
        for (int k = 0; k < l.names().size(); k++) {
            long n = 1;
            for (long s : l.shapes().get(k)) n *= s;
            double[] v = new double[(int) n];
            for (int i = 0; i < v.length; i++) v[i] = buf.getDouble();
            arrays.put(l.names().get(k), new Arr(v, l.shapes().get(k)));
        }
        byte[] blob = new byte[(int) l.blobBytes()];
        buf.get(blob);
        if (!TYPES.contains(l.type())) {
            throw problem(file, "unknown model type '" + l.type() + "' (this build knows " + String.join(", ", TYPES) + ")");
        }
        JsonNode params = h.get("params") == null ? JSON.createObjectNode() : h.get("params");
        return new Contents(file, l.type(), l.dimension(), params, arrays, blob);
    }

    private static void checkShape(Contents c, Arr a, String name, int rank) throws IOException {
        if (a.shape().length != rank) throw problem(c.file(), "array '" + name + "' has rank " + a.shape().length + ", need " + rank);
        if (a.shape()[rank - 1] != c.dimension() || a.data().length == 0) {
            throw problem(c.file(), "array '" + name + "' of shape " + Arrays.toString(a.shape()) + " does not match dimension " + c.dimension());
        }
    }

    static IOException problem(Path file, String what) {
        return new IOException("model file " + file + ": " + what);
    }

    // ModelFile writes and reads paths only: go through a private temporary file next to the target.
    private static byte[] netBytes(Path target, DsmScore model) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".net.", ".tmp");
        try {
            ModelFile.save(model, tmp);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static DsmScore netFromBytes(Path file, byte[] blob) throws IOException {
        Path tmp = Files.createTempFile("scorefdt-net-", ".tmp");
        try {
            Files.write(tmp, blob);
            return ModelFile.load(tmp);
        } catch (IOException e) {
            String msg = String.valueOf(e.getMessage()).replace("model file " + tmp + ": ", "");
            throw problem(file, "embedded network: " + msg);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Lower-case, trimmed type spelling; {@code null} when unknown. */
    public static String normaliseType(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return TYPES.contains(t) ? t : null;
    }
}
