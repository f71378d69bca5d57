package org.scorefdt.api.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.scorefdt.io.PhaseFile;
import org.scorefdt.io.ResumeException;
import org.scorefdt.model.Grid;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.ModelFile;
import org.scorefdt.score.nn.NetworkKernels;

/**
 * What the phases of one system finished, in {@code checkpoints/<system>/}: one {@link PhaseFile}
 * per phase, written atomically when the phase ends ({@code train.model} beside {@code train.phase}
 * for the network). A resumed run takes the leading phases whose files exist as finished and
 * recomputes the rest; a file that cannot be read is a {@link ResumeException} naming it and the
 * problem. Layout: docs/formats.md §8.
 */
public final class SystemCheckpoints {
    /** The phases of one system, in order (docs/reproduction.md §1). */
    public enum Phase {
        SPIN_UP("spinup"), DATA("data"), TRAIN("train"), GFDT("gfdt"), TRUTH("truth");

        private final String tag;

        Phase(String tag) {
            this.tag = tag;
        }

        /** The phase's name in file names and headers. */
        public String tag() {
            return tag;
        }
    }

    /** File of the trained network, beside {@code train.phase}. */
    public static final String MODEL = "train.model";

    /**
     * The data phase's results.
     *
     * @param gaussian  the spectral quasi-Gaussian fit
     * @param snapshots the training set, [count][observed]
     * @param count     snapshots kept
     */
    public record Data(SpectralQuasiGaussianScore gaussian, double[] snapshots, int count) {}

    /**
     * The spin-up phase's results.
     *
     * @param states  the GFDT members' states, [members][d]
     * @param parents the branching parents' states, [parents][d]; empty without branching
     */
    public record SpinUp(double[] states, double[] parents) {}

    private final Path folder;
    private final String text;
    private final String hash;
    private final boolean resume;

    /** @param text the run's recorded config ({@link Checkpoints#recordText}), whose hash the files carry */
    SystemCheckpoints(Path folder, String text, boolean resume) {
        this.folder = folder;
        this.text = text;
        this.hash = Checkpoints.hash(text);
        this.resume = resume;
    }

    /** The member chunks of the gfdt and truth passes ({@code reproduce --checkpoint-chunks}), beside the phase files. */
    public PhaseChunks chunks() {
        return new PhaseChunks(folder.resolve(PhaseChunks.DIR), text, resume);
    }

    /** The file of {@code phase}. */
    public Path file(Phase phase) {
        return folder.resolve(phase.tag() + ".phase");
    }

    /**
     * How many leading phases are finished: 0 without resume; else the phases up to the first whose
     * file is missing. Files of later phases are recomputed, each said to {@code notes}.
     */
    public int finished(Consumer<String> notes) {
        if (!resume) return 0;
        Phase[] all = Phase.values();
        int k = 0;
        while (k < all.length && Files.exists(file(all[k]))) k++;
        for (int i = k + 1; i < all.length; i++) {
            if (Files.exists(file(all[i]))) {
                notes.accept(file(all[i]) + " is recomputed: the earlier phase " + all[k].tag() + " has no file");
            }
        }
        return k;
    }

    /**
     * SHA-256 over the bytes of stage 1's files (spin-up, data and train phases and the network), each
     * file's name before its bytes: what a shard computed from (docs/formats.md §9). The config hash
     * does not pin these bits (another backend tier, training that does not repeat exactly).
     *
     * @throws UncheckedIOException naming a file that cannot be read
     */
    public String stage1Sha256() {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>();
            for (Phase p : List.of(Phase.SPIN_UP, Phase.DATA, Phase.TRAIN)) files.add(file(p));
            if (Files.exists(folder.resolve(MODEL))) files.add(folder.resolve(MODEL));  // train.phase holds its CRC anyway
            for (Path f : files) {
                md.update((f.getFileName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    md.update(Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + f + ": " + e.getMessage(), e);
                }
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Removes every file of this layout in {@code folder} (a fresh run's start). */
    static void clear(Path folder) throws IOException {
        for (Phase p : Phase.values()) Files.deleteIfExists(folder.resolve(p.tag() + ".phase"));
        Files.deleteIfExists(folder.resolve(MODEL));
        PhaseChunks.clear(folder.resolve(PhaseChunks.DIR));
    }

    /** Records the spun-up states [members][d] (and the branching parents). */
    public void saveSpinUp(SpinUp spun) {
        PhaseFile.Contents c = PhaseFile.Contents.of(Phase.SPIN_UP.tag(), hash).put("states", spun.states());
        if (spun.parents().length > 0) c.put("parents", spun.parents());
        write(c);
    }

    /** The spun-up states ({@code length} values) and the branching parents ({@code parentLength}, 0 without branching). */
    public SpinUp loadSpinUp(int length, int parentLength) {
        Path f = file(Phase.SPIN_UP);
        try {
            PhaseFile.Contents c = read(Phase.SPIN_UP);
            return new SpinUp(c.array(f, "states", length), parentLength == 0 ? new double[0] : c.array(f, "parents", parentLength));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Records the data phase: the quasi-Gaussian fit and the training snapshots. */
    public void saveData(SpectralQuasiGaussianScore gaussian, double[] snapshots, int count) {
        PhaseFile.Contents c = PhaseFile.Contents.of(Phase.DATA.tag(), hash);
        c.fields().put("snapshots", count);
        c.put("gaussian_mean", new double[] {gaussian.mean()}).put("gaussian_ridge", new double[] {gaussian.ridge()})
                .put("gaussian_spectrum", gaussian.spectrum()).put("snapshots", snapshots);
        write(c);
    }

    /** The data phase on {@code grid}, with snapshots of {@code observed} values each. */
    public Data loadData(Grid grid, int observed) {
        Path f = file(Phase.DATA);
        try {
            PhaseFile.Contents c = read(Phase.DATA);
            int count = c.field(f, "snapshots").asInt();
            var gaussian = SpectralQuasiGaussianScore.restore(grid, c.array(f, "gaussian_mean", 1)[0],
                    c.array(f, "gaussian_spectrum", grid.size()), c.array(f, "gaussian_ridge", 1)[0]);
            return new Data(gaussian, c.array(f, "snapshots", (long) count * observed), count);
        } catch (IOException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new ResumeException("phase file " + f + ": inconsistent quasi-Gaussian fit: " + e.getMessage(), e);
        }
    }

    /** Records the training: the network ({@link #MODEL}) first, then the outcome. */
    public void saveTraining(DsmResult r) {
        Path model = folder.resolve(MODEL);
        try {
            Files.createDirectories(folder);
            ModelFile.save(r.model(), model);
            PhaseFile.Contents c = PhaseFile.Contents.of(Phase.TRAIN.tag(), hash);
            c.fields().put("stop", r.stop().name()).put("steps_run", r.stepsRun()).put("best_step", r.bestStep())
                    .put("diverged_at_step", r.divergedAtStep()).put("message", r.message())
                    .put("model_crc32", crc(Files.readAllBytes(model)));
            c.put("best_valid_loss", new double[] {r.bestValidLoss()});
            PhaseFile.write(file(Phase.TRAIN), c);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file(Phase.TRAIN) + ": " + e.getMessage(), e);
        }
    }

    /** The training outcome, its network evaluated with {@code kernels} (as the trainer's was). */
    public DsmResult loadTraining(NetworkKernels kernels) {
        Path f = file(Phase.TRAIN), model = folder.resolve(MODEL);
        try {
            PhaseFile.Contents c = read(Phase.TRAIN);
            byte[] bytes = Files.exists(model) ? Files.readAllBytes(model) : null;
            if (bytes == null) throw new IOException("model file " + model + ": missing (" + f + " names it)");
            if (crc(bytes) != c.field(f, "model_crc32").asLong()) {
                throw new IOException("model file " + model + ": not the network " + f + " recorded (checksum differs)");
            }
            DsmScore net = ModelFile.load(model).withKernels(kernels);
            return new DsmResult(net, DsmResult.Stop.valueOf(c.field(f, "stop").asText()), c.field(f, "steps_run").asLong(),
                    c.field(f, "best_step").asLong(), c.array(f, "best_valid_loss", 1)[0], c.field(f, "diverged_at_step").asLong(),
                    c.field(f, "message").asText());
        } catch (IOException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new ResumeException("phase file " + f + ": bad stop: " + e.getMessage(), e);
        }
    }

    /** Records the estimates of {@code phase} (the GFDT estimates, or the truth). */
    public void saveEstimates(Phase phase, List<ResponseEstimate> estimates) {
        saveEstimates(phase, estimates, java.util.Map.of());
    }

    /**
     * Records the estimates of {@code phase} with the scores' diagnostics (name → the report's
     * {@code diagnostics} object, kept as JSON: doubles round-trip exactly).
     */
    public void saveEstimates(Phase phase, List<ResponseEstimate> estimates, java.util.Map<String, JsonNode> diagnostics) {
        PhaseFile.Contents c = PhaseFile.Contents.of(phase.tag(), hash);
        if (!diagnostics.isEmpty()) {
            com.fasterxml.jackson.databind.node.ObjectNode d = c.fields().putObject("diagnostics");
            diagnostics.forEach(d::set);
        }
        ArrayNode list = c.fields().putArray("estimates");
        for (int i = 0; i < estimates.size(); i++) {
            ResponseEstimate e = estimates.get(i);
            list.addObject().put("name", e.name()).put("lags", e.lags()).put("dim", e.dim()).put("pairs", e.pairs())
                    .put("stein", e.stein().isPresent());
            c.put(i + ".times", e.times()).put(i + ".mean", e.mean()).put(i + ".stderr", e.stderr())
                    .put(i + ".bootstrap", e.bootstrapStderr());
            String at = i + ".";
            e.stein().ifPresent(s -> c.put(at + "stein_column", s.column()).put(at + "stein",
                    new double[] {s.diagonal(), s.diagonalStderr(), s.conjugateMean(), s.conjugateMeanStderr()}));
        }
        write(c);
    }

    /** The diagnostics recorded with the estimates of {@code phase} (empty when none were). */
    public java.util.Map<String, JsonNode> loadDiagnostics(Phase phase) {
        try {
            JsonNode d = read(phase).fields().path("diagnostics");
            java.util.Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
            d.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** The estimates of {@code phase}. */
    public List<ResponseEstimate> loadEstimates(Phase phase) {
        Path f = file(phase);
        try {
            PhaseFile.Contents c = read(phase);
            JsonNode list = c.field(f, "estimates");
            List<ResponseEstimate> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode e = list.get(i);
                int lags = e.path("lags").asInt(), dim = e.path("dim").asInt();
                Optional<ResponseEstimate.SteinCheck> stein = Optional.empty();
                if (e.path("stein").asBoolean()) {
                    double[] s = c.array(f, i + ".stein", 4);
                    stein = Optional.of(new ResponseEstimate.SteinCheck(s[0], s[1], c.array(f, i + ".stein_column", -1), s[2], s[3]));
                }
                out.add(new ResponseEstimate(e.path("name").asText(), c.array(f, i + ".times", lags), lags, dim,
                        c.array(f, i + ".mean", (long) lags * dim), c.array(f, i + ".stderr", (long) lags * dim),
                        c.array(f, i + ".bootstrap", -1), stein, e.path("pairs").asLong()));
            }
            return out;
        } catch (IOException e) {
            throw unreadable(e);
        } catch (IllegalArgumentException e) {
            throw new ResumeException("phase file " + f + ": inconsistent estimate: " + e.getMessage(), e);
        }
    }

    private PhaseFile.Contents read(Phase phase) throws IOException {
        return PhaseFile.read(file(phase), phase.tag(), hash);
    }

    private void write(PhaseFile.Contents c) {
        Path f = folder.resolve(c.phase() + ".phase");
        try {
            Files.createDirectories(folder);
            PhaseFile.write(f, c);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + f + ": " + e.getMessage(), e);
        }
    }

    private static ResumeException unreadable(IOException e) {
        return new ResumeException("cannot resume: " + e.getMessage() + " (delete it to recompute that phase and the ones after it)", e);
    }

    private static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }
}
