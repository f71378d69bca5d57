package org.scorefdt.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scorefdt.api.reproduce.Checkpoints;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.ResponseConfig;
import org.scorefdt.config.TomlConfigLoader;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.io.ShardFile;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.TruthPartials;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.score.SpectralQuasiGaussianScore;

/**
 * The {@code ou} job split by members (docs/formats.md §9): a run's members are numbered globally,
 * the GFDT ensemble's M members first (0 … M−1), then the P truth pairs (M … M+P−1), as the noise
 * streams number them. Two stages:
 * <ol>
 * <li>{@link #fit}: the quasi-Gaussian spectrum fit of pass 1 over all M members, written as a score
 * file ({@link #FITTED_SCORE}). Its sums are one running sum in save-major order over all members, so
 * they cannot be split without changing the unsplit run's bits; this stage is not sharded.</li>
 * <li>{@link #shard}: for members FROM … TO−1, the exact-score and quasi-Gaussian (the fitted score as
 * input) GFDT sums of their member blocks and the truth partials of their pair blocks, in one shard
 * file ({@link ShardFile}). {@link #merge} puts every block back and writes the unsplit run's outputs.</li>
 * </ol>
 * Ranges must start and end on block boundaries ({@link #cuts}): a block's sums are taken over whole
 * by the merge, never added, so the merged numbers are the unsplit run's bit for bit.
 */
public final class OuShards {
    private OuShards() {}

    /** The shard kind this job writes. */
    public static final String KIND = "ou";
    /** The fitted quasi-Gaussian score {@link #fit} writes into its directory. */
    public static final String FITTED_SCORE = "quasi_gaussian.score";
    private static final String TRUTH = "perturbed-ensemble";

    /** Members of the job's index space: the GFDT ensemble, then the truth pairs. */
    public static long members(OuJobConfig cfg) {
        return cfg.ensemble().members() + (long) cfg.truth().pairs();
    }

    /**
     * The config as shards and fitted scores record it: the effective TOML without {@code run.output}
     * and with {@code run.threads} as 0. Results do not depend on the thread count, so a fit and
     * shards run with different counts (a Spark job's multi-threaded driver and single-threaded
     * tasks) belong to one run.
     */
    public static String configText(OuJobConfig cfg) {
        return Checkpoints.configText(cfg.withRun(cfg.run().withThreads(0)).toToml());
    }

    /** SHA-256 of {@link #configText} (as {@link Checkpoints} hashes reproduce's). */
    public static String configHash(OuJobConfig cfg) {
        return Checkpoints.hash(configText(cfg));
    }

    /** Where this run's member ranges may start or end ({@link MemberCuts}). */
    public static MemberCuts memberCuts(OuJobConfig cfg) {
        return MemberCuts.of(cfg.ensemble().members(), cfg.response().blocks(), cfg.truth().pairs());
    }

    /** The allowed boundaries of {@link #memberCuts}. */
    public static long[] cuts(OuJobConfig cfg) {
        return memberCuts(cfg).cuts();
    }

    /** {@link MemberCuts#shardRange} of this run. */
    public static long[] shardRange(OuJobConfig cfg, int index, int count) {
        return memberCuts(cfg).shardRange(index, count);
    }

    /** {@link MemberCuts#check} of this run. */
    public static void checkRange(OuJobConfig cfg, long from, long to) {
        memberCuts(cfg).check(from, to);
    }

    /** Stage 1: the quasi-Gaussian fit over all GFDT members, into {@code dir}/{@link #FITTED_SCORE}. */
    public static JobResult fit(OuJobConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
        return guarded(dir, () -> {
            if (!cfg.response().estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN)) {
                throw new IllegalArgumentException("response.estimators has no quasi-gaussian: there is no score to fit");
            }
            OuValidationJob.Run run = new OuValidationJob.Run(cfg, dir, commandLine, listener);
            InitialCondition initial = run.initialCondition();
            SpectralQuasiGaussianScore score;
            try (ChosenIntegrator chosen = open(run)) {
                var fitter = new SpectralQuasiGaussianScore.Fitter(run.model.spectralGrid(), chosen.tiers(), cfg.run().threads());
                run.runPhase("fit", chosen, run.ensembleSpec(cfg.ensemble().members()), initial, List.of(fitter), List.of("spectrum-fit"), 0);
                score = fitter.build(cfg.response().quasiGaussianRidge());
            } catch (SimulationDivergedException e) {
                dir.finish(run.manifest, false, e.getMessage());
                return new JobResult(false, "stopped: " + e.getMessage(), dir.root());
            }
            write(() -> ScoreModelFile.saveSpectralQuasiGaussian(dir.path(FITTED_SCORE), score, configHash(cfg)), dir.path(FITTED_SCORE));
            dir.finish(run.manifest, true, null);
            return new JobResult(true, "fitted quasi-Gaussian score: " + dir.path(FITTED_SCORE), dir.root());
        });
    }

    /**
     * Stage 2 for members {@code from} … {@code to − 1}: their GFDT block sums (both estimators in one
     * pass over the same trajectories) and truth partials, into {@code dir}/{@link ShardFile#NAME}.
     *
     * @param fitted the stage-1 score file; needed when the config asks for the quasi-Gaussian estimator
     */
    public static JobResult shard(OuJobConfig cfg, long from, long to, Path fitted, RunDirectory dir, List<String> commandLine,
                                  JobListener listener) {
        return guarded(dir, () -> {
            checkRange(cfg, from, to);
            OuValidationJob.Run run = new OuValidationJob.Run(cfg, dir, commandLine, listener);
            // Only GFDT members use the fitted score: a shard of truth pairs alone needs no stage 1.
            boolean wantGauss = cfg.response().estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN)
                    && Math.min(to, cfg.ensemble().members()) > Math.min(from, cfg.ensemble().members());
            SpectralQuasiGaussianScore gauss = wantGauss ? loadFitted(cfg, run, fitted) : null;
            // The fitted score is this shard's stage-1 output: its bytes name the stage 1 for the merge.
            String stage1 = wantGauss ? fileSha256(fitted) : null;
            int m = cfg.ensemble().members(), pairs = cfg.truth().pairs();
            Map<String, LaggedSums> lagged = new LinkedHashMap<>();
            Map<String, TruthPartials> truth = new LinkedHashMap<>();
            InitialCondition initial = run.initialCondition();
            try (ChosenIntegrator chosen = open(run)) {
                long lo = Math.min(from, m), hi = Math.min(to, m);
                if (hi > lo) gfdt(run, chosen, initial, lo, hi, gauss, lagged);
                long tlo = Math.max(from, m) - m, thi = Math.max(to, m) - m;
                if (thi > tlo) {
                    EnsembleSpec base = run.ensembleSpec((int) (thi - tlo));
                    EnsembleSpec es = new EnsembleSpec((int) (thi - tlo), base.spinUpSteps(), run.lags, cfg.ensemble().saveEvery(),
                            cfg.run().seed());
                    var impulse = new PerturbedEnsemble.Impulse(run.perturbation, cfg.truth().delta(), run.lags, run.lags);
                    var pe = new PerturbedEnsemble(chosen.integrator(), es, initial, run.spec.dt(), impulse, m + tlo);
                    long work = 2L * (thi - tlo) * (es.spinUpSteps() + (long) run.lags * cfg.ensemble().saveEvery());
                    long t0 = System.nanoTime();
                    listener.phase("truth", work);
                    truth.put(TRUTH, pe.runPartials(tlo, pairs));
                    listener.progress(work);
                    run.manifest.phase("truth", (System.nanoTime() - t0) / 1e9);
                }
            } catch (SimulationDivergedException e) {
                dir.finish(run.manifest, false, e.getMessage());
                return new JobResult(false, "stopped: " + e.getMessage(), dir.root());
            }
            var shard = new ShardFile.Shard(KIND, from, to, members(cfg), cfg.run().seed(), configHash(cfg),
                    configText(cfg), lagged, truth, null, stage1);
            Path file = dir.path(ShardFile.NAME);
            write(() -> ShardFile.write(file, shard), file);
            dir.finish(run.manifest, true, null);
            return new JobResult(true, "shard " + shard.range() + " of " + members(cfg) + " members: " + file, dir.root());
        });
    }

    /** The GFDT estimators over GFDT members lo … hi − 1 in one pass, their block sums into {@code out}. */
    private static void gfdt(OuValidationJob.Run run, ChosenIntegrator chosen, InitialCondition initial, long lo, long hi,
                             SpectralQuasiGaussianScore gauss, Map<String, LaggedSums> out) {
        OuJobConfig cfg = run.cfg;
        int m = cfg.ensemble().members(), blocks = cfg.response().blocks(), threads = cfg.run().threads();
        GfdtEstimator.Options opts = run.options();
        List<GfdtEstimator> ests = new ArrayList<>();
        if (cfg.response().estimators().contains(ResponseConfig.Estimator.EXACT_SCORE)) {
            ests.add(run.estimator("gfdt-exact-score", new ExactOuScore(run.scoreLaw(), chosen.tiers(), cfg.run().precision(), threads),
                    opts, chosen));
        }
        if (gauss != null) {
            ests.add(run.estimator("gfdt-quasi-gaussian", gauss.on(chosen.tiers(), cfg.run().precision(), threads), opts, chosen));
        }
        if (ests.isEmpty()) return;
        try { // the estimators' native buffers are freed whether the phase finishes or not
            for (GfdtEstimator e : ests) e.memberRange(lo, m);
            int b0 = MemberCuts.gfdtBlock(lo, m, blocks), b1 = MemberCuts.gfdtBlock(hi, m, blocks);
            run.runPhase("gfdt", chosen, run.ensembleSpec((int) (hi - lo)), initial, ests, ests.stream().map(GfdtEstimator::name).toList(), lo);
            for (GfdtEstimator e : ests) out.put(e.name(), e.exportSums().slice(b0, b1));
        } finally {
            for (GfdtEstimator e : ests) e.close();
        }
    }

    private static String fileSha256(Path file) {
        try {
            return RespondJob.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException("--fitted-score " + file + ": " + e.getMessage(), e);
        }
    }

    private static SpectralQuasiGaussianScore loadFitted(OuJobConfig cfg, OuValidationJob.Run run, Path fitted) {
        if (fitted == null) {
            throw new IllegalArgumentException("--fitted-score: a shard of a run with the quasi-gaussian estimator needs the fitted score"
                    + " of stage 1 (scorefdt ou --fit-only -o DIR writes DIR/" + FITTED_SCORE + ")");
        }
        ScoreModelFile.Loaded loaded;
        try {
            loaded = ScoreModelFile.load(fitted);
        } catch (IOException e) {
            throw new IllegalArgumentException("--fitted-score: " + e.getMessage(), e);
        }
        if (!(loaded.model() instanceof SpectralQuasiGaussianScore s) || s.grid().n() != run.model.spectralGrid().n()
                || s.ridge() != cfg.response().quasiGaussianRidge()) {
            throw new IllegalArgumentException("--fitted-score " + fitted + ": holds a " + loaded.type() + " score of dimension "
                    + loaded.model().dimension() + ", this config needs the quasi-gaussian-spectral fit of a " + run.model.spectralGrid().n()
                    + "×" + run.model.spectralGrid().n() + " grid with ridge " + cfg.response().quasiGaussianRidge());
        }
        String fittedUnder = loaded.params().path("config_hash").asText(""), here = configHash(cfg);
        if (!fittedUnder.equals(here)) {
            throw new IllegalArgumentException("--fitted-score " + fitted + ": fitted under another config (sha256 "
                    + (fittedUnder.isEmpty() ? "not recorded" : abbrev(fittedUnder)) + ", this run's " + abbrev(here)
                    + "); run stage 1 (ou --fit-only) with this config");
        }
        return s;
    }

    /**
     * Reads shard files (or shard run directories) and checks that they are ou shards of one config
     * that cover the members exactly once ({@link ShardChecks}).
     *
     * @throws IllegalArgumentException one line naming the unreadable shard, the one of another kind or config, the gap or the overlap
     */
    public static List<ShardFile.Shard> read(List<Path> files) {
        List<ShardFile.Shard> shards = ShardChecks.read(files);
        checkCompatible(shards, files);
        return shards;
    }

    /**
     * Merges shards ({@link #read}) into the unsplit run's outputs in {@code dir}.
     *
     * @param names where each shard was read from, for messages
     */
    public static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, List<String> commandLine,
                                  JobListener listener) {
        return merge(shards, names, dir, commandLine, listener, 0);
    }

    /**
     * As {@link #merge(List, List, RunDirectory, List, JobListener)}, the estimates' error-bar replicates on
     * {@code threads} threads (0 = all cores); the outputs are the same bits on any count.
     */
    public static JobResult merge(List<ShardFile.Shard> shards, List<Path> names, RunDirectory dir, List<String> commandLine,
                                  JobListener listener, int threads) {
        if (threads < 0) throw new IllegalArgumentException("threads = " + threads + ": must be >= 0 (0 = all cores)");
        return guarded(dir, () -> {
            checkCompatible(shards, names);
            ShardFile.Shard first = shards.get(0);
            OuJobConfig cfg = TomlConfigLoader.parse(first.config(), names.get(0) + " (its config)");
            cfg = cfg.withRun(cfg.run().withOutput(dir.root().toString()).withThreads(threads));
            OuValidationJob.Run run = new OuValidationJob.Run(cfg, dir, commandLine, listener);
            GfdtEstimator.Options opts = run.options();
            for (String name : List.of("gfdt-exact-score", "gfdt-quasi-gaussian")) {
                List<LaggedSums> parts = new ArrayList<>();
                for (ShardFile.Shard s : shards) if (s.lagged().containsKey(name)) parts.add(s.lagged().get(name));
                if (parts.isEmpty()) continue;
                LaggedSums all = LaggedSums.merge(parts);
                GfdtEstimator e = run.perturbation instanceof Perturbation.Impulse
                        ? GfdtEstimator.restoredGrid(name, all, run.model.spectralGrid(), run.pixel, run.saveInterval, opts)
                        : GfdtEstimator.restoredPerturbation(name, all, run.model.dimension(), run.perturbation, run.saveInterval, opts);
                run.estimates.add(e.estimate());
            }
            List<TruthPartials> truth = new ArrayList<>();
            for (ShardFile.Shard s : shards) if (s.truth().containsKey(TRUTH)) truth.add(s.truth().get(TRUTH));
            if (!truth.isEmpty()) run.truth = TruthPartials.merge(truth, TRUTH, cfg.ensemble().saveEvery(), run.spec.dt());
            listener.info("merged " + shards.size() + " shards of " + first.members() + " members");
            return run.finish(true, null);
        });
    }

    /** Same kind, format and config, and the member ranges tile 0 … members exactly once. */
    public static void checkCompatible(List<ShardFile.Shard> shards, List<Path> names) {
        ShardChecks.check(shards, names, KIND, 0, shards.isEmpty() ? 0 : shards.get(0).members());
    }

    private static String abbrev(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) + "…" : hash;
    }

    private static ChosenIntegrator open(OuValidationJob.Run run) {
        OuJobConfig cfg = run.cfg;
        ChosenIntegrator chosen = ChosenIntegrator.open(cfg.run().backend(), run.model, run.spec, cfg.run().precision(), cfg.run().seed(),
                cfg.run().threads(), run.listener::fallback);
        run.manifest.backend(chosen.backend().configName(), cfg.run().backend().configName(), chosen.reasonText());
        return chosen;
    }

    private interface IoWrite {
        void run() throws IOException;
    }

    private static void write(IoWrite w, Path file) {
        try {
            w.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a failure in status.json (stopping the heartbeat), as {@link OuValidationJob#run} does. */
    private static JobResult guarded(RunDirectory dir, java.util.function.Supplier<JobResult> body) {
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            dir.fail(null, e);
            throw e;
        }
    }
}
