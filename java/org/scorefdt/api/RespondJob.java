package org.scorefdt.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.config.RespondSettings;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.model.Model;
import org.scorefdt.response.Perturbation;

/**
 * Everything that decides the numbers of one {@code respond} run: the system, the trained model
 * (its path as the report names it, and the SHA-256 of its bytes), the settings, the seed and the
 * backend. Its JSON is the config that {@code respond} shards record, and hash without the path
 * (docs/formats.md §9),
 * and the merge rebuilds the run from it alone. The thread count is not part of it: results never
 * depend on it.
 *
 * @param system      the system's spelling ({@link SystemCatalog#parse})
 * @param model       the model file as given on the command line
 * @param modelSha256 SHA-256 of the model file's bytes
 * @param modelType   the score type the file holds
 * @param settings    the respond settings
 * @param seed        the run seed
 * @param backend     the requested backend's config name
 */
public record RespondJob(String system, String model, String modelSha256, String modelType, RespondSettings settings, long seed,
                         String backend) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RespondJob {
        SystemCatalog.parse(system);
        BackendKind.parse(backend);
    }

    /** SHA-256 of a model file's bytes, in hex. */
    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The name the learned score's estimate carries. */
    public String learnedName() {
        return "learned-" + modelType;
    }

    /** The comparison this job runs (as {@code respond} builds it). */
    public ResponseComparison.Spec spec() {
        SystemCatalog sys = SystemCatalog.parse(system);
        Model m = sys.model();
        IntegratorSpec integ = sys.integrator();
        RespondSettings s = settings;
        RespondSettings.Steps steps = s.steps(integ.dt(), m.dimension());
        return ResponseComparison.Spec.builder(m).integrator(integ).members(s.members()).spinUpSteps(steps.spinUp())
                .saves(steps.saves()).saveEvery(steps.saveEvery()).lags(s.lags()).blocks(s.blocks())
                .perturbation(new Perturbation.Impulse(s.component())).delta(s.delta()).truthMembers(s.truthPairs())
                .truthSaves(steps.truthSaves()).resetEvery(s.resetEvery()).snapshotEvery(s.snapshotEvery()).maxSnapshots(s.maxSnapshots())
                .seed(seed).backend(BackendKind.parse(backend)).amplitudeCorrection(s.amplitudeCorrection()).cyclic(s.cyclic()).build();
    }

    /** Where this run's member ranges may start or end. */
    public MemberCuts memberCuts() {
        return MemberCuts.of(settings.members(), settings.blocks(), settings.truthPairs());
    }

    /** The config shards record: this job as JSON (fields in declaration order). */
    public String configText() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 of {@link #configText} with the model path left out: the model is in the hash by its
     * bytes ({@link #modelSha256}), so shards that name one file differently ({@code ./m.sfdt} on one
     * node, {@code /abs/m.sfdt} on another) are of one config.
     */
    public String configHash() {
        return Checkpoints.hash(new RespondJob(system, null, modelSha256, modelType, settings, seed, backend).configText());
    }

    /**
     * The job a shard recorded.
     *
     * @param source names the text in messages
     */
    public static RespondJob fromConfig(String text, String source) {
        try {
            return JSON.readValue(text, RespondJob.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not a respond config: " + e.getMessage(), e);
        }
    }
}
