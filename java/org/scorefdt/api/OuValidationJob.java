package org.scorefdt.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.config.EnsembleConfig;
import org.scorefdt.config.OuJobConfig;
import org.scorefdt.config.ResponseConfig;
import org.scorefdt.config.TruthConfig;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.Grid;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;

/**
 * The OU SPDE validation job (docs/systems.md §1, §5, §7): simulate the ensemble, estimate the response
 * to an impulse at one pixel by the GFDT with each configured score (exact; quasi-Gaussian fitted on
 * the same run), compute the perturbed-ensemble truth, and compare everything with the exact
 * response of the scheme in use (e^{M t} for the exact-OU scheme). Artifacts are written by
 * {@link ResponseReport}. Runs are deterministic: the quasi-Gaussian pass re-simulates the same
 * trajectories from the same seed rather than storing them.
 *
 * <p>A divergence (NaN/∞) stops the run; whatever was completed is written and the run is marked
 * incomplete, naming the member and step.
 */
public final class OuValidationJob {
    private OuValidationJob() {}

    /**
     * Runs the job into {@code cfg.run().output()}, which must not exist or be empty.
     *
     * @throws org.scorefdt.io.OutputExistsException if the output directory holds files
     */
    public static JobResult run(OuJobConfig cfg, JobListener listener) {
        RunDirectory dir = RunDirectory.create(Path.of(cfg.run().output()), false);
        return run(cfg, dir, List.of(), listener);
    }

    /**
     * Runs the job into an already created run directory (the CLI creates it first, honouring
     * {@code --force}, so it can fail before any computation).
     *
     * @param commandLine CLI arguments, recorded in the manifest (empty when embedded)
     */
    public static JobResult run(OuJobConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
        try {
            return new Run(cfg, dir, commandLine, listener).execute();
        } catch (RuntimeException | Error e) {
            dir.fail(null, e); // the reason in status.json, and the heartbeat stopped, also when embedded
            throw e;
        }
    }

    /** One execution: the state of a run while it goes through its phases (also of a shard, a fit or a merge: {@link OuShards}). */
    static final class Run {
        final OuJobConfig cfg;
        final RunDirectory dir;
        final JobListener listener;
        final RunManifest.Builder manifest;
        final OuSpde model;
        final IntegratorSpec spec;
        final OuExact exact;
        final int pixel;
        final Perturbation perturbation;
        final int lags;
        final double saveInterval;
        final List<ResponseEstimate> estimates = new ArrayList<>();
        ResponseEstimate truth;

        Run(OuJobConfig cfg, RunDirectory dir, List<String> commandLine, JobListener listener) {
            this.cfg = cfg;
            this.dir = dir;
            this.listener = listener;
            var m = cfg.model();
            this.model = new OuSpde(new OuSpde.Params(m.n(), m.lambda(), m.kappa(), m.advection(), m.epsilon2(), m.noiseScaling()));
            this.spec = new IntegratorSpec(cfg.integrator().scheme(), cfg.integrator().dt());
            this.exact = new OuExact(model, spec);
            this.pixel = cfg.truth().pixelY() * m.n() + cfg.truth().pixelX();
            this.perturbation = cfg.truth().perturbation() == TruthConfig.Perturbation.UNIFORM
                    ? Perturbation.Profile.uniform(model.dimension()) : new Perturbation.Impulse(pixel);
            this.lags = cfg.response().lags();
            this.saveInterval = cfg.integrator().dt() * cfg.ensemble().saveEvery();
            this.manifest = RunManifest.builder().commandLine(commandLine).configToml(cfg.toToml())
                    .seed(cfg.run().seed()).precision(cfg.run().precision().configName()).threads(cfg.run().threads())
                    .startedAt(Instant.now());
        }

        JobResult execute() {
            InitialCondition initial = initialCondition();
            try (ChosenIntegrator chosen = ChosenIntegrator.open(cfg.run().backend(), model, spec,
                    cfg.run().precision(), cfg.run().seed(), cfg.run().threads(), listener::fallback)) {
                manifest.backend(chosen.backend().configName(), cfg.run().backend().configName(), chosen.reasonText());
                listener.info("backend: " + chosen.backend().configName()
                        + (chosen.reasons().isEmpty() ? "" : " (" + chosen.reasonText() + ")"));
                try {
                    simulate(chosen, initial);
                    groundTruth(chosen, initial);
                } catch (SimulationDivergedException e) {
                    listener.info("stopped: " + e.getMessage());
                    return finish(false, e.getMessage());
                }
            }
            return finish(true, null);
        }

        /** Stationary draws from the scheme's own law, or zero plus spin-up. */
        InitialCondition initialCondition() {
            if (cfg.ensemble().initial() == EnsembleConfig.Initial.ZERO) return InitialCondition.zero();
            try {
                return exact.stationaryInitialCondition();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("integrator: scheme " + spec.scheme().configName() + " with dt = "
                        + spec.dt() + " has no stationary law (" + e.getMessage() + "); reduce integrator.dt,"
                        + " use scheme exact-ou, or start from initial = \"zero\"", e);
            }
        }

        /**
         * The law whose score is "exact": the scheme's own stationary law (so EM's O(dt) bias is not
         * mistaken for estimator error), or the continuum law when the scheme has none (dt too large).
         */
        OuExact scoreLaw() {
            try {
                exact.stationarySpectrum();
                return exact;
            } catch (IllegalStateException e) {
                listener.info("warning: " + e.getMessage() + "; the exact score uses the continuum law");
                return new OuExact(model, new IntegratorSpec(org.scorefdt.integrate.Scheme.EXACT_OU, spec.dt()));
            }
        }

        EnsembleSpec ensembleSpec(int members) {
            EnsembleConfig e = cfg.ensemble();
            long spin = Math.round(e.spinup() / spec.dt());
            long saves = Math.max(1, (long) Math.floor(e.duration() / saveInterval + 1e-9));
            return new EnsembleSpec(members, spin, saves, e.saveEvery(), cfg.run().seed());
        }

        void simulate(ChosenIntegrator chosen, InitialCondition initial) {
            ResponseConfig r = cfg.response();
            EnsembleSpec es = ensembleSpec(cfg.ensemble().members());
            boolean impulse = perturbation instanceof Perturbation.Impulse;
            if (!impulse && r.normalize()) {
                listener.info("note: response.normalize applies to impulses (lag-0 matrix in Fourier space); "
                        + "the uniform-perturbation estimate is reported unnormalised");
            }
            GfdtEstimator.Options opts = options();
            boolean wantExact = r.estimators().contains(ResponseConfig.Estimator.EXACT_SCORE);
            boolean wantGauss = r.estimators().contains(ResponseConfig.Estimator.QUASI_GAUSSIAN);

            java.util.Optional<ResidentEnsemble> resident = ResidentRuns.open(chosen, "response accumulation", listener);
            if (resident.isPresent() && !impulse) {
                resident = ResidentRuns.refuse(resident.get(), chosen, "response accumulation",
                        "the resident accumulator covers grid impulses; a perturbation profile uses the column accumulator", listener);
            }
            if (resident.isPresent()) {
                try (ResidentEnsemble run = resident.get()) {
                    simulateResident(run, es, initial, opts, wantExact, wantGauss);
                }
                return;
            }

            // The spectral scores' transforms (and the fit's) run on the job's tiers; Java where none offers them.
            var tiers = chosen.tiers();
            int threads = cfg.run().threads();
            List<Observer> pass1 = new ArrayList<>();
            List<String> names1 = new ArrayList<>();
            GfdtEstimator exactGfdt = wantExact ? estimator("gfdt-exact-score",
                    new ExactOuScore(scoreLaw(), tiers, cfg.run().precision(), threads), opts, chosen) : null;
            if (exactGfdt != null) {
                pass1.add(exactGfdt);
                names1.add(exactGfdt.name());
            }
            SpectralQuasiGaussianScore.Fitter fitter = wantGauss
                    ? new SpectralQuasiGaussianScore.Fitter(model.spectralGrid(), tiers, threads) : null;
            if (fitter != null) {
                pass1.add(fitter);
                names1.add("spectrum-fit");
            }
            runPhase("simulate", chosen, es, initial, pass1, names1);
            if (exactGfdt != null) {
                recordSplit("simulate", exactGfdt);
                estimates.add(exactGfdt.estimate());
                exactGfdt.close();
            }

            if (fitter != null) {
                SpectralQuasiGaussianScore gauss = fitter.build(r.quasiGaussianRidge()).on(tiers, cfg.run().precision(), threads);
                GfdtEstimator gaussGfdt = estimator("gfdt-quasi-gaussian", gauss, opts, chosen);
                // Same seed, same trajectories: the second pass sees the data the score was fitted on.
                runPhase("quasi-gaussian", chosen, es, initial, List.of(gaussGfdt), List.of(gaussGfdt.name()));
                recordSplit("quasi-gaussian", gaussGfdt);
                estimates.add(gaussGfdt.estimate());
                gaussGfdt.close();
            }
        }

        /** The estimators' options: impulses may be normalised, profiles are not. */
        GfdtEstimator.Options options() {
            ResponseConfig r = cfg.response();
            boolean impulse = perturbation instanceof Perturbation.Impulse;
            return new GfdtEstimator.Options(lags, r.blocks(), impulse && r.normalize(), r.bootstrap(), cfg.run().seed(),
                    cfg.run().threads());
        }

        /**
         * The manifest parts of an estimator's observe time: its conjugate (the score) and its lagged
         * accumulation (the transforms, products and sums of {@link org.scorefdt.response.LaggedGridAccumulator};
         * the sums of the last ≤ 16 saves a native kernel holds are added when the estimate is read, after the phase).
         */
        void recordSplit(String phase, GfdtEstimator e) {
            long[] ns = e.nanosSpent();
            manifest.part(phase, e.name() + " conjugate", ns[0] / 1e9);
            manifest.part(phase, e.name() + " accumulator", ns[1] / 1e9);
        }

        /**
         * The same two passes with the states resident on the integrator's tier: exact score and
         * spectrum fit, then the quasi-Gaussian GFDT, each conjugate formed per Fourier mode there.
         */
        void simulateResident(ResidentEnsemble run, EnsembleSpec es, InitialCondition initial, GfdtEstimator.Options opts,
                              boolean wantExact, boolean wantGauss) {
            Grid grid = model.spectralGrid();
            List<Observer> pass1 = new ArrayList<>();
            ResidentEnsemble.Estimator exactGfdt = null;
            if (wantExact) {
                OuExact law = scoreLaw();
                exactGfdt = run.linearGridEstimator("gfdt-exact-score", new ExactOuScore(law), law.stationarySpectrum(), 0.0,
                        grid, pixel, saveInterval, opts);
                pass1.add(exactGfdt.observer());
            }
            ResidentEnsemble.SpectrumFit fitter = wantGauss ? run.spectrumFit(grid, grid.size(), 0.0) : null;
            if (fitter != null) pass1.add(fitter);
            runResidentPhase("simulate", run, es, initial, pass1);
            if (exactGfdt != null) estimates.add(exactGfdt.gfdt().estimate());
            if (fitter != null) {
                SpectralQuasiGaussianScore gauss = fitter.build(cfg.response().quasiGaussianRidge());
                ResidentEnsemble.Estimator gaussGfdt = run.gridEstimator("gfdt-quasi-gaussian", gauss, grid, grid.size(), pixel,
                        saveInterval, opts);
                runResidentPhase("quasi-gaussian", run, es, initial, List.of(gaussGfdt.observer()));
                estimates.add(gaussGfdt.gfdt().estimate());
            }
        }

        void runResidentPhase(String name, ResidentEnsemble run, EnsembleSpec es, InitialCondition initial,
                              List<Observer> observers) {
            long total = es.totalSteps() * es.members();
            listener.phase(name, total);
            long[] done = {0};
            LongConsumer progress = w -> listener.progress(done[0] += w);
            long t0 = System.nanoTime();
            try {
                run.run(es, initial, observers, progress);
            } finally {
                manifest.phase(name, (System.nanoTime() - t0) / 1e9);
            }
        }

        /**
         * Impulses use the translation-invariant grid estimator (all positions), its lagged sums on the
         * job's tiers; profiles the plain one.
         */
        GfdtEstimator estimator(String name, ScoreModel score, GfdtEstimator.Options opts, ChosenIntegrator chosen) {
            return perturbation instanceof Perturbation.Impulse
                    ? GfdtEstimator.grid(name, score, model.spectralGrid(), pixel, saveInterval, opts, chosen.tiers(),
                            cfg.run().precision(), cfg.run().threads())
                    : GfdtEstimator.perturbation(name, score, perturbation, saveInterval, opts);
        }

        void groundTruth(ChosenIntegrator chosen, InitialCondition initial) {
            int pairs = cfg.truth().pairs();
            if (pairs == 0) return;
            EnsembleSpec base = ensembleSpec(pairs);
            EnsembleSpec es = new EnsembleSpec(pairs, base.spinUpSteps(), lags, cfg.ensemble().saveEvery(), cfg.run().seed());
            PerturbedEnsemble.Impulse impulse = new PerturbedEnsemble.Impulse(perturbation, cfg.truth().delta(), lags, lags);
            // Members after the GFDT ensemble: independent noise under the same seed.
            PerturbedEnsemble pe = new PerturbedEnsemble(chosen.integrator(), es, initial, spec.dt(), impulse,
                    cfg.ensemble().members());
            long work = 2L * pairs * (es.spinUpSteps() + (long) lags * cfg.ensemble().saveEvery());
            long t0 = System.nanoTime();
            listener.phase("truth", work);
            truth = pe.run("perturbed-ensemble", new double[0][], chosen.tiers()).estimate();
            listener.progress(work);
            manifest.phase("truth", (System.nanoTime() - t0) / 1e9);
        }

        /**
         * One pass; the manifest gets the phase's wall time and, as its parts, each observer's (named by
         * {@code names}, in order): the rest of the phase is the integrator and the ensemble driver.
         */
        void runPhase(String name, ChosenIntegrator chosen, EnsembleSpec es, InitialCondition initial, List<Observer> observers,
                      List<String> names) {
            runPhase(name, chosen, es, initial, observers, names, 0);
        }

        /** As above for members {@code memberOffset} … of the run (a shard's range). */
        void runPhase(String name, ChosenIntegrator chosen, EnsembleSpec es, InitialCondition initial, List<? extends Observer> observers,
                      List<String> names, long memberOffset) {
            long total = es.totalSteps() * es.members();
            listener.phase(name, total);
            long[] done = {0};
            LongConsumer progress = w -> listener.progress(done[0] += w);
            long[] spent = new long[observers.size()];
            List<Observer> timed = new ArrayList<>();
            for (int i = 0; i < observers.size(); i++) {
                Observer o = observers.get(i);
                int k = i;
                timed.add((save, time, states, members) -> {
                    long s0 = System.nanoTime();
                    o.observe(save, time, states, members);
                    spent[k] += System.nanoTime() - s0;
                });
            }
            long t0 = System.nanoTime();
            try {
                new Ensemble(chosen.integrator(), es, initial, spec.dt(), memberOffset).run(timed, progress);
            } finally {
                manifest.phase(name, (System.nanoTime() - t0) / 1e9);
                for (int i = 0; i < spent.length; i++) manifest.part(name, names.get(i), spent[i] / 1e9);
            }
        }

        JobResult finish(boolean complete, String reason) {
            ResponseEstimate exactResponse = exactResponse();
            ResponseReport report = ResponseReport.ou(dir, model.spectralGrid(), cfg.run().seed(), exactResponse, estimates, truth);
            long t0 = System.nanoTime();
            String summary = report.write(complete, reason);
            manifest.phase("report", (System.nanoTime() - t0) / 1e9);
            dir.finish(manifest, complete, reason);
            List<ResponseEstimate> all = new ArrayList<>(estimates);
            all.add(exactResponse);
            if (truth != null) all.add(truth);
            return new JobResult(complete, summary, dir.root(), all, report.comparisons(), report.pairwise());
        }

        /** e^{M τ}u for the scheme in use (its n-step power aⁿ per mode). */
        ResponseEstimate exactResponse() {
            int size = model.dimension();
            double[] u = new double[size];
            perturbation.add(u, 0, size, 1.0);
            double[] mean = new double[lags * size];
            for (int t = 0; t < lags; t++) {
                System.arraycopy(exact.response(u, t * cfg.ensemble().saveEvery()), 0, mean, t * size, size);
            }
            return ResponseEstimate.exact("exact", saveInterval, lags, size, mean);
        }
    }
}
