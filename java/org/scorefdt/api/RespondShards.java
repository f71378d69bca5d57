package org.scorefdt.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.io.NpyReader;
import org.scorefdt.io.NpyWriter;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.io.ShardFile;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.TruthPartials;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.util.AtomicFiles;

/**
 * The {@code respond} job split by members (docs/formats.md §9), numbered as {@code ou}'s
 * ({@link MemberCuts}): GFDT members 0 … M−1, then truth pairs M … M+P−1. Three stages, each a
 * whole-run dependency of the next:
 * <ol>
 * <li>{@link #fit}: the data pass over all members (its snapshot cap runs in save-major order over
 * the whole ensemble, so it cannot be split) — the training set, and the scores' diagnostics on
 * fresh members — into {@link #FIT} and {@link #TRAINING}.</li>
 * <li>{@link #shard} of GFDT members: every score's block sums (the quasi-Gaussian and
 * amplitude-corrected scores refitted from the training set, bit for bit the unsplit fit).</li>
 * <li>{@link #shard} of truth pairs: their partials, and those of the truth's exact comparison terms
 * — projections on the differences of the GFDT estimates, so they take the GFDT shards as input.</li>
 * </ol>
 * {@link #merge} puts every block back and writes the unsplit run's outputs bit for bit (on the host
 * tiers; a resident CUDA GFDT pass of a DSM score agrees within its parity bound only).
 */
public final class RespondShards {
    private RespondShards() {}

    /** The shard kind this job writes. */
    public static final String KIND = "respond";
    /** Stage 1's record: config hash and diagnostics. */
    public static final String FIT = "respond_fit.json";
    /** Stage 1's training set, [n][d]. */
    public static final String TRAINING = "training.npy";
    static final String TRUTH = "perturbed-ensemble", PROJECTIONS = "truth-projections@";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stage 1 into {@code dir}; returns the line to print. */
    public static String fit(RespondJob job, ScoreModel learned, RunDirectory dir) throws IOException {
        ResponseComparison.Spec spec = job.spec();
        EnsembleSpec es = gfdtSpec(spec, spec.members());
        try (ChosenIntegrator chosen = open(spec)) {
            double[] training = ResponseComparison.dataPass(chosen, es, spec).data();
            Map<String, ScoreModel> fitted = ResponseComparison.fitScores(spec, training, scores(job, learned));
            Map<String, ScoreDiagnostics.Report> diag = ResponseComparison.diagnostics(fitted,
                    ResponseComparison.diagnosticSamples(chosen, spec), spec.model().dimension(), spec.seed());
            int d = spec.model().dimension();
            NpyWriter.write(dir.path(TRAINING), training, training.length / d, d);
            var rec = JSON.createObjectNode().put("config_sha256", job.configHash()).put("training_sha256", RespondJob.sha256(dir.path(TRAINING)));
            rec.put("diagnostics", JSON.writeValueAsString(diag));
            AtomicFiles.writeString(dir.path(FIT), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rec) + "\n");
        }
        return "fitted: " + dir.path(TRAINING);
    }

    /**
     * @throws IllegalArgumentException (one line) unless the range is GFDT members only with the stage-1
     *                                  training set, or truth pairs only with the GFDT shards
     */
    public static void checkStageInputs(RespondJob job, long from, long to, Path fitted, List<Path> gfdtShards) {
        long m = job.settings().members();
        if (from < m && to > m) {
            throw new IllegalArgumentException("--member-range " + from + ":" + to + ": a respond shard holds GFDT members (0:" + m
                    + ") or truth pairs (" + m + ":" + job.memberCuts().cuts()[job.memberCuts().cuts().length - 1]
                    + "), not both: the truth's comparison terms need the merged GFDT estimates");
        }
        if (to <= m && fitted == null) {
            throw new IllegalArgumentException("--fitted-score: a shard of GFDT members needs the training set of stage 1"
                    + " (scorefdt respond --fit-only -o DIR writes DIR/" + TRAINING + ")");
        }
        if (from >= m && gfdtShards == null) {
            throw new IllegalArgumentException("--gfdt-shards: a shard of truth pairs needs the GFDT shards of this run (members 0:" + m + ")");
        }
        if (to <= m && gfdtShards != null) throw new IllegalArgumentException("--gfdt-shards: a shard of GFDT members takes none");
        if (from >= m && fitted != null) throw new IllegalArgumentException("--fitted-score: a shard of truth pairs takes none");
        // The inputs themselves, so that a wrong one fails before the shard's directory exists.
        if (to <= m) Stage1.record(fitted, job);
        else readChecked(gfdtShards, job, 0, m);
    }

    /** A shard of members {@code from} … {@code to − 1} into {@code dir}/{@link ShardFile#NAME}; returns the line to print. */
    public static String shard(RespondJob job, ScoreModel learned, long from, long to, Path fitted, List<Path> gfdtShards,
                               RunDirectory dir) throws IOException {
        job.memberCuts().check(from, to);
        checkStageInputs(job, from, to, fitted, gfdtShards);
        ResponseComparison.Spec spec = job.spec();
        int m = spec.members();
        Map<String, LaggedSums> lagged = new LinkedHashMap<>();
        Map<String, TruthPartials> truth = new LinkedHashMap<>();
        String extra = null, stage1;
        try (ChosenIntegrator chosen = open(spec)) {
            if (to <= m) {
                Stage1 s1 = Stage1.read(fitted, job);
                if (from == 0) extra = s1.diagnostics;  // carried once, by the shard of member 0
                stage1 = s1.sha256;
                Map<String, ScoreModel> scores = ResponseComparison.fitScores(spec, s1.training, scores(job, learned));
                gfdt(chosen, spec, from, to, scores, lagged);
            } else {
                List<ShardFile.Shard> given = readChecked(gfdtShards, job, 0, m);
                // The truth's projections are on estimates of that stage 1: the truth shard belongs to it too.
                stage1 = given.get(0).stage1();
                List<ResponseEstimate> estimates = gfdtEstimates(spec, given);
                double[][] projections = ResponseComparison.projections(estimates, spec);
                long first = from - m;
                var parts = ResponseComparison.truthEnsemble(chosen, spec, first, (int) (to - from)).runPartials(first, spec.truthMembers(),
                        projections);
                truth.put(TRUTH, parts.truth());
                truth.put(PROJECTIONS + hash(projections), parts.projected());
            }
        }
        var shard = new ShardFile.Shard(KIND, from, to, (long) m + spec.truthMembers(), spec.seed(), job.configHash(), job.configText(),
                lagged, truth, extra, stage1);
        Path file = dir.path(ShardFile.NAME);
        ShardFile.write(file, shard);
        return "shard " + shard.range() + " of " + shard.members() + " members: " + file;
    }

    /** Every score's GFDT block sums over members lo … hi − 1 in one pass (the unsplit run's host accumulators). */
    private static void gfdt(ChosenIntegrator chosen, ResponseComparison.Spec spec, long lo, long hi, Map<String, ScoreModel> scores,
                             Map<String, LaggedSums> out) {
        int m = spec.members(), blocks = spec.blocks();
        List<GfdtEstimator> ests = new ArrayList<>();
        scores.forEach((name, score) -> ests.add(spec.cyclic()
                ? GfdtEstimator.cyclic(name, score, component(spec), saveInterval(spec), options(spec))
                : GfdtEstimator.perturbation(name, score, spec.perturbation(), saveInterval(spec), options(spec))));
        try {
            for (GfdtEstimator e : ests) e.memberRange(lo, m);
            int b0 = MemberCuts.gfdtBlock(lo, m, blocks), b1 = MemberCuts.gfdtBlock(hi, m, blocks);
            new Ensemble(chosen.integrator(), gfdtSpec(spec, (int) (hi - lo)), InitialCondition.zero(), spec.integrator().dt(), lo)
                    .run(ests, null);
            for (GfdtEstimator e : ests) out.put(e.name(), e.exportSums().slice(b0, b1));
        } finally {
            for (GfdtEstimator e : ests) e.close();
        }
    }

    /** The GFDT estimates from shards that hold members 0 … M−1 exactly once, in the run's score order. */
    private static List<ResponseEstimate> gfdtEstimates(ResponseComparison.Spec spec, List<ShardFile.Shard> shards) {
        ShardFile.Shard first = shards.stream().filter(s -> s.from() == 0).findFirst().orElseThrow();
        List<ResponseEstimate> out = new ArrayList<>();
        int d = spec.model().dimension();
        for (String name : first.lagged().keySet()) {
            List<LaggedSums> parts = new ArrayList<>();
            for (ShardFile.Shard s : shards) if (s.lagged().containsKey(name)) parts.add(s.lagged().get(name));
            LaggedSums all = LaggedSums.merge(parts);
            GfdtEstimator e = spec.cyclic()
                    ? GfdtEstimator.restoredCyclic(name, all, d, component(spec), saveInterval(spec), options(spec))
                    : GfdtEstimator.restoredPerturbation(name, all, d, spec.perturbation(), saveInterval(spec), options(spec));
            out.add(e.estimate());
        }
        return out;
    }

    /**
     * Merges checked respond shards ({@link #read}) into the unsplit run's outputs in {@code dir}.
     *
     * @param names       where each shard was read from, for messages
     * @param commandLine recorded in the manifest
     */
    public static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, List<String> commandLine) {
        checkCompatible(shards, names);
        ShardFile.Shard first = shards.get(0);
        RunManifest.Builder manifest = RunManifest.builder().commandLine(commandLine).seed(first.seed());
        try {
            JobResult r = merge(shards, names, dir, manifest);
            dir.finish(manifest, true, null);
            return r;
        } catch (Exception | Error e) {
            dir.fail(manifest, e);
            if (e instanceof RuntimeException re) throw re;
            if (e instanceof Error err) throw err;
            throw new java.io.UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    /**
     * Shards of one respond config that cover every member exactly once, the truth's projected on
     * the estimates of the GFDT shards given.
     *
     * @throws IllegalArgumentException one line naming the shard, the gap or the overlap
     */
    public static void checkCompatible(List<ShardFile.Shard> shards, List<Path> names) {
        ShardChecks.check(shards, names, KIND, 0, shards.isEmpty() ? 0 : shards.get(0).members());
        ResponseComparison.Spec spec = RespondJob.fromConfig(shards.get(0).config(), names.get(0) + " (its config)").spec();
        int m = spec.members();
        String want = projectionsName(spec, shards.stream().filter(s -> s.to() <= m).toList());
        for (int i = 0; i < shards.size(); i++) {
            ShardFile.Shard s = shards.get(i);
            if (s.from() >= m && !s.truth().containsKey(want)) {
                throw new IllegalArgumentException("merge: " + names.get(i) + " (members " + s.range() + ") projected the truth on other GFDT"
                        + " shards than the ones given; rerun it with --gfdt-shards of these");
            }
        }
    }

    /** The name of the truth's projected partials on the estimates of these GFDT shards. */
    private static String projectionsName(ResponseComparison.Spec spec, List<ShardFile.Shard> gfdt) {
        return PROJECTIONS + hash(ResponseComparison.projections(gfdtEstimates(spec, gfdt), spec));
    }

    private static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, RunManifest.Builder manifest)
            throws Exception {
        ShardFile.Shard first = shards.get(0);
        RespondJob job = RespondJob.fromConfig(first.config(), names.get(0) + " (its config)");
        ResponseComparison.Spec spec = job.spec();
        manifest.backend(job.backend(), job.backend(), null).configToml(job.settings().toToml(job.system(), job.model(), job.modelType(),
                job.seed(), job.backend()));
        int m = spec.members();
        List<ShardFile.Shard> gfdt = shards.stream().filter(s -> s.to() <= m).toList();
        List<ResponseEstimate> estimates = gfdtEstimates(spec, gfdt);
        String want = PROJECTIONS + hash(ResponseComparison.projections(estimates, spec));
        List<TruthPartials> truth = new ArrayList<>(), projected = new ArrayList<>();
        for (ShardFile.Shard s : shards) {
            if (s.from() < m) continue;
            truth.add(s.truth().get(TRUTH));
            projected.add(s.truth().get(want));
        }
        double dt = spec.integrator().dt();
        ResponseEstimate t = TruthPartials.merge(truth, TRUTH, spec.saveEvery(), dt);
        double[] stderrs = TruthPartials.merge(projected, "projections", spec.saveEvery(), dt).stderr();
        String diag = gfdt.stream().filter(s -> s.from() == 0).findFirst().orElseThrow().extra();
        Map<String, ScoreDiagnostics.Report> diagnostics = JSON.readValue(diag, new TypeReference<LinkedHashMap<String, ScoreDiagnostics.Report>>() {});
        var r = ResponseComparison.compare(spec, estimates, t, stderrs, new double[0], spec.backend(), List.of(), diagnostics);
        String verdict = RespondOutputs.write(dir, r, job, spec.model().dimension());
        return new JobResult(true, "merged " + shards.size() + " shards of " + first.members() + " members; " + verdict, dir.root());
    }

    /**
     * Reads respond shards and checks that they share format and config and cover members
     * {@code from} … {@code to − 1} exactly once.
     *
     * @throws IllegalArgumentException one line naming the unreadable shard, the one of another kind or config, the gap or the overlap
     */
    static List<ShardFile.Shard> readChecked(List<Path> files, RespondJob job, long from, long to) {
        List<ShardFile.Shard> shards;
        try {
            shards = ShardChecks.read(files);
            ShardChecks.check(shards, files, KIND, from, to);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--gfdt-shards: " + e.getMessage().replaceFirst("^merge: ", ""), e);
        }
        if (!shards.get(0).configHash().equals(job.configHash())) {
            throw new IllegalArgumentException("--gfdt-shards: " + files.get(0) + " is from another config than this run");
        }
        return shards;
    }

    private static String hash(double[][] projections) {
        StringBuilder sb = new StringBuilder();
        for (double[] w : projections) for (double v : w) sb.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
        return Checkpoints.hash(sb.toString()).substring(0, 16);
    }

    private static Map<String, Function<double[], ScoreModel>> scores(RespondJob job, ScoreModel learned) {
        Map<String, Function<double[], ScoreModel>> scores = new LinkedHashMap<>();
        scores.put(job.learnedName(), data -> learned);
        return scores;
    }

    private static ChosenIntegrator open(ResponseComparison.Spec spec) {
        return ChosenIntegrator.open(spec.backend(), spec.model(), spec.integrator(), Precision.F64, spec.seed(), 0);
    }

    private static EnsembleSpec gfdtSpec(ResponseComparison.Spec spec, int members) {
        return new EnsembleSpec(members, spec.spinUpSteps(), spec.saves(), spec.saveEvery(), spec.seed());
    }

    private static GfdtEstimator.Options options(ResponseComparison.Spec spec) {
        return new GfdtEstimator.Options(spec.lags(), spec.blocks(), false, 0, spec.seed());
    }

    private static double saveInterval(ResponseComparison.Spec spec) {
        return spec.integrator().dt() * spec.saveEvery();
    }

    private static int component(ResponseComparison.Spec spec) {
        return ((Perturbation.Impulse) spec.perturbation()).component();
    }

    /** Stage 1's outputs, checked against the job; {@code sha256} is the training set's, the shards' stage-1 fingerprint. */
    private record Stage1(double[] training, String diagnostics, String sha256) {
        static Stage1 read(Path fitted, RespondJob job) throws IOException {
            JsonNode h = record(fitted, job);
            Path file = training(fitted);
            String sha = h.path("training_sha256").asText();
            if (!sha.equals(RespondJob.sha256(file))) {
                throw new IllegalArgumentException("--fitted-score " + fitted + ": the training set differs from the one stage 1 wrote");
            }
            return new Stage1(NpyReader.read(file).asDoubles(), h.path("diagnostics").asText(), sha);
        }

        private static Path training(Path fitted) {
            return Files.isDirectory(fitted) ? fitted.resolve(TRAINING) : fitted;
        }

        /** Stage 1's record beside the training set, checked to be of this job's config. */
        static JsonNode record(Path fitted, RespondJob job) {
            Path rec = training(fitted).resolveSibling(FIT);
            JsonNode h;
            try {
                h = JSON.readTree(Files.readString(rec));
            } catch (IOException e) {
                throw new IllegalArgumentException("--fitted-score " + fitted + ": no readable " + rec + " beside it (" + e.getMessage() + ")");
            }
            if (!h.path("config_sha256").asText().equals(job.configHash())) {
                throw new IllegalArgumentException("--fitted-score " + fitted + ": fitted under another config; run stage 1"
                        + " (respond --fit-only) with this config");
            }
            return h;
        }
    }
}
