package org.scorefdt.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.scorefdt.api.reproduce.ReproductionSystem;
import org.scorefdt.api.reproduce.SystemCheckpoints;
import org.scorefdt.api.reproduce.BranchedStart;
import org.scorefdt.api.reproduce.FitSummary;
import org.scorefdt.api.reproduce.PhaseChunks;
import org.scorefdt.api.reproduce.SiblingCorrelation;
import org.scorefdt.api.reproduce.SystemCheckpoints.Phase;
import org.scorefdt.api.reproduce.RetainedModes;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.config.ReproductionConfig;
import org.scorefdt.config.ReproductionSettings;
import org.scorefdt.config.RunConfig;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.ObservedComponents;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.io.JsonReport;
import org.scorefdt.io.ShardFile;
import org.scorefdt.io.RunDirectory;
import org.scorefdt.io.RunManifest;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Model;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.LaggedSums;
import org.scorefdt.response.TruthPartials;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.NetworkKernels;

/**
 * One system of the {@code reproduce} job, in deterministic passes over one seed: spin-up, data,
 * train, gfdt, truth; every estimate and the truth are compared on the system's
 * {@link ReproductionSystem#comparedModes}. Holds only bounded statistics, the capped training set
 * and the spun-up states; artifacts are written by {@link ResponseReport}. Each finished phase is
 * recorded in {@link SystemCheckpoints}, from which a resumed run continues. Passes:
 * docs/reproduction.md §1; resume: §6.
 */
public final class ReproductionPipeline {
    /** Name of the score-based estimate (the periodic CNN trained by DSM). */
    public static final String LEARNED = "gfdt-dsm-cnn";
    /** Name of the quasi-Gaussian estimate. */
    public static final String GAUSSIAN = "gfdt-quasi-gaussian";
    /** Name of the estimate with the system's analytic score. */
    public static final String ANALYTIC = "gfdt-analytic-score";
    /** Name of the perturbed-ensemble truth. */
    public static final String TRUTH = "perturbed-ensemble";
    /** Name of the exact response. */
    public static final String EXACT = "exact";

    /**
     * What one system produced.
     *
     * @param system    its name
     * @param settings  the settings it ran with
     * @param estimates GFDT estimates completed (learned, quasi-Gaussian, analytic)
     * @param truth     the perturbed-ensemble truth, or empty when it did not complete
     * @param exact     the exact response where theory gives one
     * @param metrics   every estimate against the exact response and the truth
     * @param training  the DSM training outcome, or empty when training did not run
     * @param problem   why this system is incomplete, or empty
     * @param comparedModes Fourier modes every estimate and the truth were projected on
     *                  ({@link RetainedModes}: the 2/3-rule modes of dealiased Navier–Stokes), or
     *                  empty for the whole field
     * @param branching whether branched members forgot their parent, when the system branches
     *                  ({@link ReproductionSettings.Branching})
     * @param diagnostics per score, its truth-free diagnostics ({@code JsonReport.diagnostics}) on
     *                  the snapshots held out of training; empty when skipped
     */
    public record Outcome(String system, ReproductionSettings settings, List<ResponseEstimate> estimates,
                          Optional<ResponseEstimate> truth, Optional<ResponseEstimate> exact, List<ResponseMetrics> metrics,
                          Optional<DsmResult> training, Optional<String> problem,
                          Optional<Integer> comparedModes, Optional<SiblingCorrelation> branching,
                          Map<String, JsonNode> diagnostics) {

        /** The metrics of {@code estimate} against {@code reference}. */
        public Optional<ResponseMetrics> metrics(String estimate, String reference) {
            return metrics.stream().filter(m -> m.estimate().equals(estimate) && m.reference().equals(reference)).findFirst();
        }

        /** The estimate named {@code name}. */
        public ResponseEstimate estimate(String name) {
            return estimates.stream().filter(e -> e.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(system + " has no estimate " + name));
        }

        ObjectNode toJson() {
            ObjectNode o = JsonReport.newObject();
            o.put("complete", problem.isEmpty());
            problem.ifPresent(p -> o.put("incomplete_reason", p));
            o.put("grid", settings.n());
            o.put("lags", settings.lags());
            o.put("save_interval", settings.saveInterval());
            o.put("gfdt_members", settings.members());
            o.put("gfdt_saves_per_member", settings.saves());
            o.put("truth_pairs", truth.map(ResponseEstimate::pairs).orElse(0L));
            o.put("paper_truth_pairs", paperPairs());
            o.put("truth_reset_every", settings.resetEvery());
            o.put("truth_delta", settings.delta());
            o.put("noise_scale", settings.noiseScale());
            branching.ifPresent(b -> o.set("branching", b.toJson(settings.branching().time())));
            comparedModes.ifPresent(c -> o.put("compared_modes", c + " of " + settings.n() * settings.n()
                    + " Fourier modes (2/3-rule retained subspace; estimates and truth projected alike)"));
            if (truth.isPresent() && truth.get().pairs() < paperPairs()) {
                o.put("note", "fewer truth pairs than the paper's protocol (" + truth.get().pairs() + " < " + paperPairs()
                        + "): the truth is noisier, so the verdict resolves less");
            }
            training.ifPresent(t -> {
                ObjectNode tr = o.putObject("training");
                tr.put("stop", t.stop().name().toLowerCase(Locale.ROOT));
                tr.put("steps_run", t.stepsRun());
                tr.put("best_step", t.bestStep());
                tr.put("best_held_out_loss", t.bestValidLoss());
                tr.put("message", t.message());
            });
            ObjectNode methods = o.putObject("methods");
            for (ResponseMetrics m : metrics) {
                ObjectNode e = methods.has(m.estimate()) ? (ObjectNode) methods.get(m.estimate()) : methods.putObject(m.estimate());
                ObjectNode c = e.putObject("vs_" + m.reference());
                c.put("mean_l2_error", m.meanL2());
                c.put("relative_l2_error", m.relativeL2());
                c.put("mean_linf_error", mean(m.linf()));
                c.put("mean_reference_noise_floor", mean(m.noiseFloor()));
                c.set("l2_error", JsonReport.array(m.l2()));
                c.set("linf_error", JsonReport.array(m.linf()));
                c.set("reference_noise_floor", JsonReport.array(m.noiseFloor()));
            }
            for (ResponseEstimate e : estimates) {
                ObjectNode n = methods.has(e.name()) ? (ObjectNode) methods.get(e.name()) : methods.putObject(e.name());
                if (diagnostics.containsKey(e.name())) n.set("diagnostics", diagnostics.get(e.name()));
                e.stein().ifPresent(s -> {
                    n.put("stein_diagonal", s.diagonal());
                    n.put("stein_diagonal_stderr", s.diagonalStderr());
                n.put("conjugate_mean", s.conjugateMean());
                n.put("conjugate_mean_stderr", s.conjugateMeanStderr());
                });
            }
            verdictComparison().ifPresent(c -> {
                o.put("verdict", verdict().orElseThrow());
                o.set("verdict_comparison", JsonReport.comparison(c));
            });
            return o;
        }

        /**
         * Score-based against quasi-Gaussian against the truth ({@link ErrorComparison} over all lags:
         * the noise of both estimates and of the truth); empty without both estimates and a truth.
         */
        public Optional<ErrorComparison> verdictComparison() {
            if (truth.isEmpty() || estimates.stream().filter(e -> e.name().equals(LEARNED) || e.name().equals(GAUSSIAN)).count() < 2) {
                return Optional.empty();
            }
            return Optional.of(ErrorComparison.of(estimate(LEARNED), estimate(GAUSSIAN), truth.get(), truth.get().lags()));
        }

        /** {@link #verdictComparison()} in one line, with both estimates' mean L2 and L∞ errors against the truth. */
        public Optional<String> verdict() {
            return verdictComparison().map(c -> {
                ResponseMetrics l = ResponseMetrics.of(estimate(LEARNED), truth.get()), g = ResponseMetrics.of(estimate(GAUSSIAN), truth.get());
                return String.format(Locale.ROOT, "%s; mean L2 %.4g (score) vs %.4g (quasi-Gaussian), mean Linf %.4g vs %.4g, "
                        + "truth noise floor %.4g", c.verdict(), l.meanL2(), g.meanL2(), mean(l.linf()), mean(g.linf()),
                        mean(l.noiseFloor()));
            });
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(system).append(problem.map(p -> " (INCOMPLETE)").orElse("")).append(String.format(Locale.ROOT,
                    ": %dx%d grid, %d truth pairs (paper protocol: %d)", settings.n(), settings.n(),
                    truth.map(ResponseEstimate::pairs).orElse(0L), paperPairs()));
            for (ResponseMetrics m : metrics) {
                sb.append(String.format(Locale.ROOT, "%n  %-22s vs %-18s mean L2 %.4f  mean Linf %.4f  (noise floor %.4f)",
                        m.estimate(), m.reference(), m.meanL2(), mean(m.linf()), mean(m.noiseFloor())));
            }
            verdict().ifPresent(v -> sb.append("\n  ").append(v));
            return sb.toString();
        }

        private long paperPairs() {
            return ReproductionConfig.preset("full").system(system).truthPairs();
        }
    }


    private boolean deviceAccumulation = true;
    /** Member chunks of the gfdt and truth passes ({@code --checkpoint-chunks}); 0 runs each pass whole. */
    private int chunks;
    private final ReproductionSystem system;
    private final ReproductionSettings s;
    private final RunConfig run;
    private final RunDirectory dir;
    private final JobListener listener;
    private final RunManifest.Builder manifest;
    private final SystemCheckpoints phases;
    private final Model model;
    private final IntegratorSpec spec;
    private final Grid grid;
    private final int d, observed;
    private final InitialCondition initial;
    /** Where GFDT and truth members start: {@link #initial}, or their parents' states when branching. */
    private InitialCondition start;
    private SiblingCorrelation branchCheck;
    /** Truth-free diagnostics of each score on the snapshots the network never trained on. */
    private final Map<String, JsonNode> diagnostics = new LinkedHashMap<>();
    private final Optional<RetainedModes> compared;
    private final List<ResponseEstimate> estimates = new ArrayList<>();
    private ResponseEstimate truth;
    private DsmResult training;
    private String problem;

    ReproductionPipeline(ReproductionSystem system, ReproductionSettings settings, RunConfig run, RunDirectory dir,
                         JobListener listener, RunManifest.Builder manifest, SystemCheckpoints phases) {
        this.system = system;
        this.phases = phases;
        this.s = settings;
        this.run = run;
        this.dir = dir;
        this.listener = listener;
        this.manifest = manifest;
        this.model = system.model(settings.n(), settings.noiseScale());
        this.spec = new IntegratorSpec(settings.scheme(), settings.dt());
        this.grid = system.grid(model);
        this.d = model.dimension();
        this.observed = system.observedDimension(model);
        if (observed != grid.size()) {
            throw new IllegalStateException(system.name() + ": observed dimension " + observed + " != grid size " + grid.size());
        }
        this.initial = system.initialCondition(model, spec);
        this.start = initial;
        this.compared = system.comparedModes(model);
    }

    /**
     * Whether the data and gfdt passes may run on the device (default true); false compares the two
     * paths on one backend, where the trajectories and the trained network are the same bits.
     */
    void deviceAccumulation(boolean allowed) {
        this.deviceAccumulation = allowed;
    }

    /**
     * Runs the gfdt and truth passes as {@code k} member chunks, each recorded when it ends (0, the
     * default: each pass whole). {@code k} must be one the system's block boundaries give
     * ({@link MemberCuts#shardRange}).
     */
    void chunks(int k) {
        this.chunks = k;
    }

    /**
     * Runs every pass not finished before (all of them unless resumed), recording each as it ends,
     * and writes the system's artifacts.
     */
    Outcome run() {
        int done = phases.finished(listener::info);
        if (done > Phase.GFDT.ordinal()) {
            trained(loaded(Phase.TRAIN, () -> phases.loadTraining(NetworkKernels.REFERENCE)));
            estimates.addAll(loaded(Phase.GFDT, () -> phases.loadEstimates(Phase.GFDT)));
            if (compared.isEmpty()) diagnostics.putAll(phases.loadDiagnostics(Phase.GFDT)); // not applicable on a mode subspace
        }
        if (done > Phase.GFDT.ordinal() && s.branching().on()) { // the truth starts from the parents; the report checks them
            branched(loaded(Phase.SPIN_UP, () -> phases.loadSpinUp(s.members() * d, s.branching().parents() * d)));
        }
        if (done > Phase.TRUTH.ordinal()) {
            truth = loaded(Phase.TRUTH, () -> phases.loadEstimates(Phase.TRUTH).get(0));
            return finish();
        }
        try (ChosenIntegrator chosen = open()) {
            if (chunks > 0) {
                chunked(chosen, done);
            } else {
                if (done <= Phase.GFDT.ordinal()) gfdt(chosen, done);
                truth(chosen);
            }
            phases.saveEstimates(Phase.TRUTH, List.of(truth));
        }
        return finish();
    }

    /** The run's integrator, its backend recorded and said. */
    private ChosenIntegrator open() {
        ChosenIntegrator chosen = ChosenIntegrator.open(run.backend(), model, spec, run.precision(), run.seed(), run.threads(),
                listener::fallback);
        manifest.backend(chosen.backend().configName(), run.backend().configName(), chosen.reasonText());
        listener.info(system.name() + ": backend " + chosen.backend().configName()
                + (chosen.reasons().isEmpty() ? "" : " (" + chosen.reasonText() + ")"));
        return chosen;
    }

    /**
     * Stage 1 of a sharded run (docs/formats.md §9): spin-up, data and train over the whole ensemble,
     * each recorded in the phase files that the shards read back; the training's divergence, if any,
     * is returned as the problem.
     */
    Optional<String> fitOnly() {
        try (ChosenIntegrator chosen = open()) {
            fitted(chosen, 0);
        }
        return Optional.ofNullable(problem);
    }

    /** Spin-up, data, train and gfdt, from the first of them not finished ({@code done} are). */
    private void gfdt(ChosenIntegrator chosen, int done) {
        Fitted fitted = fitted(chosen, done);
        double[] spun = fitted.spun();
        SystemCheckpoints.Data data = fitted.data();
        Map<String, ScoreModel> scores = scores(data);
        diagnose(scores, data);
        GfdtEstimator.Options opts = options();
        try (ResidentEnsemble resident = resident(chosen, scores).orElse(null)) {
            List<GfdtEstimator> gfdt = new ArrayList<>();
            if (resident != null) {
                residentPass(resident, spun, scores, opts, gfdt);
            } else {
                gfdt.addAll(hostEstimators(chosen, scores));
                pass("gfdt", chosen, spun, gfdt, gfdt, 0, s.members());
            }
            for (GfdtEstimator g : gfdt) {
                estimates.add(compared(g.estimate()));
                g.close();
            }
        }
        phases.saveEstimates(Phase.GFDT, estimates, diagnostics);
    }

    /** What the gfdt pass starts from: the spun-up states [members][d] and the data phase's fit and snapshots. */
    private record Fitted(double[] spun, SystemCheckpoints.Data data) {}

    /** Spin-up, data and train, from the first of them not finished ({@code done} are), each recorded. */
    private Fitted fitted(ChosenIntegrator chosen, int done) {
        SystemCheckpoints.SpinUp spinUp;
        if (done > Phase.SPIN_UP.ordinal()) {
            spinUp = loaded(Phase.SPIN_UP, () -> phases.loadSpinUp(s.members() * d, s.branching().parents() * d));
            branched(spinUp);
        } else {
            spinUp = spinUp(chosen);
            phases.saveSpinUp(spinUp);
        }
        double[] spun = spinUp.states();
        SystemCheckpoints.Data data;
        if (done > Phase.DATA.ordinal()) {
            data = loaded(Phase.DATA, () -> phases.loadData(grid, observed));
        } else {
            SnapshotCollector snapshots = new SnapshotCollector(observed, s.snapshotSaves(), s.maxSnapshots());
            SpectralQuasiGaussianScore fit = dataPass(chosen, spun, snapshots);
            data = new SystemCheckpoints.Data(fit, snapshots.data(), snapshots.count());
            phases.saveData(data.gaussian(), data.snapshots(), data.count());
        }
        if (done > Phase.TRAIN.ordinal()) {
            trained(loaded(Phase.TRAIN, () -> phases.loadTraining(chosen.tiers())));
        } else {
            trained(train(data.snapshots(), data.count(), chosen.tiers()));
            phases.saveTraining(training);
        }
        return new Fitted(spun, data);
    }

    /** The scores the gfdt pass estimates with, in the report's order: learned, quasi-Gaussian, analytic where known. */
    private Map<String, ScoreModel> scores(SystemCheckpoints.Data data) {
        Map<String, ScoreModel> scores = new LinkedHashMap<>();
        scores.put(LEARNED, training.model());
        scores.put(GAUSSIAN, data.gaussian());
        system.analyticScore(model, spec).ifPresent(a -> scores.put(ANALYTIC, a));
        return scores;
    }

    private GfdtEstimator.Options options() {
        return new GfdtEstimator.Options(s.lags(), s.blocks(), s.normalize(), 0, run.seed(), run.threads());
    }

    /** One host grid estimator per score (the gfdt pass where the states do not stay on a device). */
    private List<GfdtEstimator> hostEstimators(ChosenIntegrator chosen, Map<String, ScoreModel> scores) {
        GfdtEstimator.Options opts = options();
        List<GfdtEstimator> gfdt = new ArrayList<>();
        scores.forEach((name, score) -> gfdt.add(GfdtEstimator.grid(name, score, grid, 0, s.saveInterval(), opts,
                chosen.tiers(), run.precision(), run.threads())));
        return gfdt;
    }

    /**
     * What one shard of a sharded run computed (docs/formats.md §9).
     *
     * @param gfdt  every score's block sums over the shard's GFDT members, by estimate name (empty without any)
     * @param truth the truth's partials over the shard's pairs, or null without any
     * @param fit   what the report takes from stage 1, carried by the shard of member 0 (else null)
     */
    record ShardSums(Map<String, LaggedSums> gfdt, TruthPartials truth, FitSummary fit) {}

    /**
     * A shard: the gfdt pass over GFDT members {@code from} … (host accumulators keyed by global member
     * blocks) and the truth over the pairs (global members M …) up to {@code to}, both starting from
     * stage 1's phase files ({@link #fitOnly}). The range must lie on block boundaries (ReproduceShards
     * checks); the run's member batches cut to it keep a block's pieces in the unsplit run's order.
     */
    ShardSums shard(long from, long to) {
        int m = s.members();
        try (ChosenIntegrator chosen = open()) {
            SystemCheckpoints.SpinUp spun = loaded(Phase.SPIN_UP, () -> phases.loadSpinUp(m * d, s.branching().parents() * d));
            branched(spun);
            Map<String, ScoreModel> scores = Map.of();
            FitSummary fit = null;
            if (from < m) {
                SystemCheckpoints.Data data = loaded(Phase.DATA, () -> phases.loadData(grid, observed));
                trained(loaded(Phase.TRAIN, () -> phases.loadTraining(chosen.tiers())));
                scores = scores(data);
                if (from == 0) {
                    diagnose(scores, data);
                    fit = new FitSummary(training, diagnostics, Optional.ofNullable(branchCheck));
                }
            }
            ShardSums sums = sums(chosen, spun.states(), scores, from, to);
            return new ShardSums(sums.gfdt(), sums.truth(), fit);
        }
    }

    /**
     * The sums of members {@code from} … {@code to − 1} (on block boundaries): every score's block
     * sums over the GFDT members among them (host accumulators keyed by global member blocks; none
     * when {@code scores} is empty) and the truth's partials over the pairs (global members M …).
     * What a shard and a chunk of a checkpointed run compute alike.
     */
    private ShardSums sums(ChosenIntegrator chosen, double[] spun, Map<String, ScoreModel> scores, long from, long to) {
        int m = s.members();
        Map<String, LaggedSums> sums = new LinkedHashMap<>();
        if (from < m && !scores.isEmpty()) {
            int hi = (int) Math.min(to, m);
            List<GfdtEstimator> gfdt = hostEstimators(chosen, scores);
            try {
                pass("gfdt", chosen, spun, gfdt, gfdt, (int) from, hi);
                int b0 = MemberCuts.gfdtBlock(from, m, s.blocks()), b1 = MemberCuts.gfdtBlock(hi, m, s.blocks());
                for (GfdtEstimator g : gfdt) sums.put(g.name(), g.exportSums().slice(b0, b1));
            } finally {
                for (GfdtEstimator g : gfdt) g.close();
            }
        }
        TruthPartials truthPart = null;
        if (to > m) {
            long first = Math.max(from, m) - m;
            PerturbedEnsemble pe = truthEnsemble(chosen, first, (int) (to - m - first));
            long work = 2L * pe.spec().members() * pe.spec().totalSteps();
            listener.phase(system.name() + ": truth", work);
            long t0 = System.nanoTime();
            truthPart = pe.runPartials(first, s.truthMembers());
            listener.progress(work);
            manifest.phase(system.name() + ": truth", seconds(t0));
        }
        return new ShardSums(sums, truthPart, null);
    }

    /**
     * The gfdt and truth passes as {@link #chunks} member ranges on block boundaries, cut as
     * {@code --shard i/K} cuts them (docs/formats.md §8): each chunk's sums ({@link #sums}) are
     * written atomically when it ends, so a killed run loses at most the chunk it was in, and a
     * resumed run reads back the chunks written before. The chunks merge as a sharded run's shards
     * do, so the estimates are the unchunked run's bit for bit (on the host tiers: chunks always
     * accumulate on the host, where a resident CUDA pass agrees within its parity bound only).
     * {@code done} phases are finished; after a finished gfdt phase only the truth's sums are needed.
     */
    private void chunked(ChosenIntegrator chosen, int done) {
        int m = s.members();
        boolean gfdtDone = done > Phase.GFDT.ordinal();
        double[] spun = null;
        Map<String, ScoreModel> scores = Map.of();
        if (!gfdtDone) {
            Fitted fitted = fitted(chosen, done);
            spun = fitted.spun();
            scores = scores(fitted.data());
            diagnose(scores, fitted.data());
        }
        MemberCuts cuts = MemberCuts.of(m, s.blocks(), s.truthMembers());
        PhaseChunks files = phases.chunks();
        Map<String, List<LaggedSums>> lagged = new LinkedHashMap<>();
        List<TruthPartials> truthParts = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            long[] r = cuts.shardRange(i, chunks);
            Optional<ShardFile.Shard> before = files.load(r[0], r[1], !gfdtDone && r[0] < m, listener::info);
            ShardFile.Shard chunk;
            if (before.isPresent()) {
                chunk = before.get();
                listener.info(system.name() + ": members " + chunk.range() + " finished before, loaded from " + files.file(r[0], r[1]));
            } else {
                ShardSums sums = sums(chosen, spun, scores, r[0], r[1]);
                Map<String, TruthPartials> truthSums = sums.truth() == null ? Map.of() : Map.of(TRUTH, sums.truth());
                chunk = files.save(r[0], r[1], m + (long) s.truthMembers(), run.seed(), sums.gfdt(), truthSums);
            }
            chunk.lagged().forEach((name, sums) -> lagged.computeIfAbsent(name, k -> new ArrayList<>()).add(sums));
            if (chunk.truth().containsKey(TRUTH)) truthParts.add(chunk.truth().get(TRUTH));
        }
        if (!gfdtDone) {
            Map<String, LaggedSums> merged = new LinkedHashMap<>();
            lagged.forEach((name, parts) -> merged.put(name, LaggedSums.merge(parts)));
            addMergedEstimates(merged);
            phases.saveEstimates(Phase.GFDT, estimates, diagnostics);
        }
        truth = mergedTruth(truthParts);
    }

    /** Every score's estimate from block sums merged over chunks or shards, compared as {@link #run} compares them. */
    private void addMergedEstimates(Map<String, LaggedSums> merged) {
        GfdtEstimator.Options opts = options();
        merged.forEach((name, sums) -> estimates.add(compared(GfdtEstimator.restoredGrid(name, sums, grid, 0, s.saveInterval(), opts)
                .estimate())));
    }

    /** The truth from partials merged over chunks or shards. */
    private ResponseEstimate mergedTruth(List<TruthPartials> parts) {
        return compared(TruthPartials.merge(parts, TRUTH, s.saveEvery(), s.dt()));
    }

    /**
     * The merge of a sharded run: every score's estimate from the merged block sums, the truth from the
     * merged partials, stage 1's summary as the shard of member 0 carried it; the artifacts written as
     * {@link #run} writes them.
     */
    Outcome merged(Map<String, LaggedSums> gfdt, List<TruthPartials> truthParts, FitSummary fit) {
        trained(fit.training());
        diagnostics.putAll(fit.diagnostics());
        branchCheck = fit.branching().orElse(null);
        addMergedEstimates(gfdt);
        truth = mergedTruth(truthParts);
        return finish();
    }

    /**
     * {@link ScoreDiagnostics} of every score on the training set's held-out rows (the DSM trainer's
     * validation split: held out of the network's training and early stopping's only use; the
     * quasi-Gaussian fit saw every save), said in one line each, a warning when a score fails its
     * identities. Skipped when fewer than {@code 2·BLOCKS} rows are held out, and for systems compared
     * on a subspace of modes (dealiased Navier–Stokes): the field lives there, so ⟨s xᵀ⟩ = −P, not −I,
     * and the identities on the full grid would fail for the true score too.
     */
    private void diagnose(Map<String, ScoreModel> scores, SystemCheckpoints.Data data) {
        if (compared.isPresent()) {
            listener.info(system.name() + ": score diagnostics skipped (the field lives on " + compared.get().count()
                    + " retained modes; the identities on the full grid do not apply)");
            return;
        }
        double[] held = new DsmTrainer(dsmConfig(data.snapshots(), data.count()), NetworkKernels.REFERENCE)
                .heldOutRows(data.snapshots(), data.count(), observed);
        int n = held.length / observed;
        if (n < 2 * ScoreDiagnostics.BLOCKS) {
            listener.info(system.name() + ": score diagnostics skipped (" + n + " held-out snapshots, need " + 2 * ScoreDiagnostics.BLOCKS + ")");
            return;
        }
        long t0 = System.nanoTime();
        for (Map.Entry<String, ScoreModel> e : scores.entrySet()) {
            ScoreDiagnostics.Report r = ScoreDiagnostics.of(e.getValue(), held, n, run.seed());
            diagnostics.put(e.getKey(), JsonReport.diagnostics(r));
            listener.info((r.passes() ? "" : "warning: ") + system.name() + ": " + e.getKey() + ": " + r.summary());
        }
        manifest.phase(system.name() + ": diagnostics", seconds(t0));
    }

    /** What a phase finished before left, read back (and said). */
    private <T> T loaded(Phase phase, Supplier<T> read) {
        long t0 = System.nanoTime();
        T value = read.get();
        String name = system.name() + ": " + phase.tag();
        manifest.phase(name + " (loaded)", seconds(t0));
        listener.info(name + ": finished before, loaded from " + phases.file(phase));
        return value;
    }

    /** Keeps the training outcome; a divergence marks the system incomplete. */
    private void trained(DsmResult result) {
        training = result;
        if (result.diverged()) problem = system.name() + ": " + result.message();
    }

    /** The outcome after a divergence: whatever completed, written. */
    Outcome partial(String why) {
        problem = problem == null ? why : problem + "; " + why;
        return finish();
    }

    /**
     * Spun-up states [members][d] of the GFDT ensemble, integrated batch by batch; when branching, the
     * parents first (global members after the GFDT and truth members, so their noise is nobody
     * else's), then every member from its parent for the branch time.
     */
    SystemCheckpoints.SpinUp spinUp(ChosenIntegrator chosen) {
        int m = s.members(), p = s.branching().parents();
        double[] parents = new double[0];
        if (s.branching().on()) {
            parents = new double[p * d];
            listener.phase(system.name() + ": spin-up parents", s.spinupSteps() * p);
            long t0 = System.nanoTime();
            Ensemble e = new Ensemble(chosen.integrator(), new EnsembleSpec(p, s.spinupSteps(), 1, 1, run.seed()), initial, s.dt(),
                    (long) s.members() + s.truthMembers());
            long[] done = {0};
            System.arraycopy(e.run(List.of(), w -> listener.progress(done[0] += w)), 0, parents, 0, p * d);
            manifest.phase(system.name() + ": spin-up parents", seconds(t0));
            start = new BranchedStart(parents, d);
        }
        double[] states = new double[m * d];
        long steps = s.memberSpinupSteps();
        String phase = system.name() + (s.branching().on() ? ": branch" : ": spin-up");
        listener.phase(phase, steps * m);
        long t0 = System.nanoTime();
        long[] done = {0};
        for (int[] b : batches()) {
            Ensemble e = new Ensemble(chosen.integrator(), new EnsembleSpec(b[1], steps, 1, 1, run.seed()), start, s.dt(), b[0]);
            double[] fin = e.run(List.of(), w -> listener.progress(done[0] += w));
            System.arraycopy(fin, 0, states, b[0] * d, b[1] * d);
        }
        manifest.phase(phase, seconds(t0));
        SystemCheckpoints.SpinUp spun = new SystemCheckpoints.SpinUp(states, parents);
        checkBranches(spun);
        return spun;
    }

    /** A spin-up loaded back: the members' start and the sibling check as when it ran. */
    private void branched(SystemCheckpoints.SpinUp spun) {
        if (s.branching().on()) start = new BranchedStart(spun.parents(), d);
        checkBranches(spun);
    }

    /** Measures whether branched siblings decorrelated (said, and a WARN when they did not). */
    private void checkBranches(SystemCheckpoints.SpinUp spun) {
        if (!s.branching().on() || spun.states().length == 0) return;
        branchCheck = SiblingCorrelation.of(spun.states(), d, observed, s.branching().parents());
        listener.info((branchCheck.decorrelated() ? "" : "warning: ") + system.name() + ": branching from "
                + s.branching().parents() + " parents: " + branchCheck.summary());
    }

    /**
     * The data pass from the spun-up states: every save feeds the spectral quasi-Gaussian fit (returned,
     * with the settings' ridge), every {@code snapshot_every}-th the training set {@code snapshots}.
     * Where the integrator's tier keeps the states resident ({@link ResidentEnsemble}; the CUDA tier
     * with a device-resident F64 integrator) they stay there: the same member batches and steps as
     * the host {@link #pass}, each batch's spun-up states up once; a save crosses to the host only
     * when snapshots are kept from it (the same snapshots bit for bit), and the spectrum is fitted in
     * place, centred on the mean of the spun-up fields so that S(0) keeps Welford's accuracy when the
     * field mean is large (the host fit to rounding). Otherwise the host pass, a declined resident run
     * reported once as a fallback.
     */
    SpectralQuasiGaussianScore dataPass(ChosenIntegrator chosen, double[] spun, SnapshotCollector snapshots) {
        Optional<ResidentEnsemble> resident = deviceAccumulation ? ResidentRuns.open(chosen, "data pass", listener)
                : switchedOff(chosen, "data pass", "device data pass is switched off");
        if (resident.isEmpty()) {
            SpectralQuasiGaussianScore.Fitter fitter = new SpectralQuasiGaussianScore.Fitter(grid);
            pass("data", chosen, spun, List.of(snapshots, fitter), List.of());
            return fitter.build(s.ridge());
        }
        long work = (s.saves() - 1) * s.saveEvery() * (long) s.members();
        String phase = system.name() + ": data";
        listener.phase(phase, work);
        long t0 = System.nanoTime();
        long[] done = {0};
        LongConsumer progress = w -> listener.progress(done[0] += w);
        try (ResidentEnsemble ensemble = resident.get()) {
            ResidentEnsemble.SpectrumFit fitter = ensemble.spectrumFit(grid, d, observedMean(spun));
            boolean first = true;
            for (int[] b : batches()) {
                if (!first) fitter.beginMemberBatch();
                first = false;
                double[] states = java.util.Arrays.copyOfRange(spun, b[0] * d, (b[0] + b[1]) * d);
                EnsembleSpec es = new EnsembleSpec(b[1], 0, s.saves(), s.saveEvery(), run.seed());
                ensemble.runFrom(states, s.memberSpinupSteps(), es, b[0], List.of(ensemble.snapshots(snapshots), fitter), progress);
            }
            manifest.phase(phase, seconds(t0));
            return fitter.build(s.ridge());
        }
    }

    /** Mean of the observed values of the spun-up states (save 0 of the data pass): the fitter's centre. */
    private double observedMean(double[] spun) {
        int m = spun.length / d;
        double sum = 0;
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < observed; i++) sum += spun[r * d + i];
        }
        return sum / ((double) m * observed);
    }

    /**
     * Runs the saves from the spun-up states, batch by batch; {@code observers} see the observed
     * field; estimators in {@code batched} key their blocks by global member and are told when a new
     * member batch starts.
     */
    private void pass(String name, ChosenIntegrator chosen, double[] spun, List<? extends Observer> observers,
                      List<GfdtEstimator> batched) {
        pass(name, chosen, spun, observers, batched, 0, s.members());
    }

    /**
     * As above for members {@code lo} … {@code hi − 1} alone: the run's batches cut to that range. The
     * estimators' blocks are the whole run's (member g in block ⌊g·B/M⌋, whichever batch holds it), so
     * a block is a contiguous member range that a shard holds whole; the batches, at global multiples
     * of member_batch in a shard as in the unsplit run, add a block's pieces in the same order.
     */
    private void pass(String name, ChosenIntegrator chosen, double[] spun, List<? extends Observer> observers,
                      List<GfdtEstimator> batched, int lo, int hi) {
        for (GfdtEstimator g : batched) g.memberRange(lo, s.members());
        long work = (s.saves() - 1) * s.saveEvery() * (long) (hi - lo);
        String phase = system.name() + ": " + name;
        listener.phase(phase, work);
        long t0 = System.nanoTime();
        long[] done = {0};
        LongConsumer progress = w -> listener.progress(done[0] += w);
        List<Observer> view = ObservedComponents.of(model, observers);
        boolean first = true;
        for (int[] b : batches()) {
            int from = Math.max(lo, b[0]), to = Math.min(hi, b[0] + b[1]);
            if (from >= to) continue;
            if (!first) batched.forEach(GfdtEstimator::beginMemberBatch);
            first = false;
            double[] states = java.util.Arrays.copyOfRange(spun, from * d, to * d);
            EnsembleSpec es = new EnsembleSpec(to - from, 0, s.saves(), s.saveEvery(), run.seed());
            new Ensemble(chosen.integrator(), es, initial, s.dt(), from).run(states, s.memberSpinupSteps(), view, progress);
        }
        manifest.phase(phase, seconds(t0));
    }

    /**
     * The resident path of the gfdt pass (the integrator's tier keeps the states and forms every
     * score's conjugate in place: on CUDA, F64, a device-resident integrator, a device conjugate
     * per score), or empty with the reason reported once as a fallback.
     */
    private Optional<ResidentEnsemble> resident(ChosenIntegrator chosen, Map<String, ScoreModel> scores) {
        String op = "response accumulation";
        if (!deviceAccumulation) return switchedOff(chosen, op, "device accumulation is switched off");
        Optional<ResidentEnsemble> resident = ResidentRuns.open(chosen, op, listener);
        if (resident.isEmpty()) return resident;
        for (Map.Entry<String, ScoreModel> e : scores.entrySet()) {
            Optional<String> why = resident.get().unsupportedGridScore(e.getValue(), grid);
            if (why.isPresent()) {
                return ResidentRuns.refuse(resident.get(), chosen, op, e.getKey() + " has no device conjugate (" + why.get() + ")",
                        listener);
            }
        }
        listener.info(system.name() + ": response accumulation on the device (" + String.join(", ", scores.keySet())
                + "; states stay on the GPU between saves)");
        return resident;
    }

    /** The host path because a test switched the resident one off: said only where a resident run was on offer. */
    private Optional<ResidentEnsemble> switchedOff(ChosenIntegrator chosen, String operation, String reason) {
        Optional<ResidentEnsemble> resident = ResidentRuns.open(chosen, operation, JobListener.NONE);
        return resident.isEmpty() ? resident : ResidentRuns.refuse(resident.get(), chosen, operation, reason, listener);
    }

    /**
     * The gfdt pass on the device: the same member batches, steps and global member blocks as
     * {@link #pass}, each batch's spun-up states uploaded once; the estimators (one device accumulator
     * per score, in the order of {@code scores}) go into {@code gfdt}.
     */
    private void residentPass(ResidentEnsemble device, double[] spun, Map<String, ScoreModel> scores, GfdtEstimator.Options opts,
                              List<GfdtEstimator> gfdt) {
        List<Observer> observers = new ArrayList<>();
        for (Map.Entry<String, ScoreModel> e : scores.entrySet()) {
            ResidentEnsemble.Estimator est = device.gridEstimator(e.getKey(), e.getValue(), grid, d, 0, s.saveInterval(), opts);
            gfdt.add(est.gfdt());
            observers.add(est.observer());
        }
        for (GfdtEstimator g : gfdt) g.memberRange(0, s.members());
        long work = (s.saves() - 1) * s.saveEvery() * (long) s.members();
        String phase = system.name() + ": gfdt";
        listener.phase(phase, work);
        long t0 = System.nanoTime();
        long[] done = {0};
        LongConsumer progress = w -> listener.progress(done[0] += w);
        boolean first = true;
        for (int[] b : batches()) {
            if (!first) gfdt.forEach(GfdtEstimator::beginMemberBatch);
            first = false;
            double[] states = java.util.Arrays.copyOfRange(spun, b[0] * d, (b[0] + b[1]) * d);
            EnsembleSpec es = new EnsembleSpec(b[1], 0, s.saves(), s.saveEvery(), run.seed());
            device.runFrom(states, s.memberSpinupSteps(), es, b[0], observers, progress);
        }
        manifest.phase(phase, seconds(t0));
    }

    /**
     * The periodic CNN trained by DSM on the snapshots, with the job's tiers (a device-held step on
     * CUDA, else the host loop); σ_min relative to their pixel std.
     */
    private DsmResult train(double[] data, int n, NetworkKernels tiers) {
        ReproductionSettings.Dsm c = s.dsm();
        DsmConfig cfg = dsmConfig(data, n);
        String phase = system.name() + ": train";
        listener.phase(phase, c.steps());
        long t0 = System.nanoTime();
        DsmResult result = new DsmTrainer(cfg, tiers).train(data, n, observed, (step, tr, valid) -> listener.progress(step));
        manifest.phase(phase, seconds(t0));
        listener.info(String.format(Locale.ROOT, "%s: trained on %d snapshots: %s", system.name(), n, result.message()));
        return result;
    }

    /** The network's training settings on these snapshots (σ_min relative to their pixel std). */
    private DsmConfig dsmConfig(double[] data, int n) {
        double mean = 0, sq = 0;
        int len = n * observed;
        for (int i = 0; i < len; i++) mean += data[i];
        mean /= len;
        for (int i = 0; i < len; i++) sq += (data[i] - mean) * (data[i] - mean);
        double std = Math.sqrt(sq / Math.max(1, len - 1));
        ReproductionSettings.Dsm c = s.dsm();
        return DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).hiddenWidths(c.channels())
                .steps(c.steps()).batchSize(c.batch()).learningRate(c.learningRate()).warmupSteps(c.warmup())
                .sigmaMin(c.sigmaMin() * std).evalEvery(c.evalEvery()).patience(c.patience()).seed(run.seed())
                // the paper's protocol reads the CNN at σ_min; selecting a read-off would cost ~20 held-out
                // passes with Hutchinson divergences of the 1024-pixel network (docs/score-models.md §4.1)
                .readOff(DsmConfig.ReadOffRule.SIGMA_MIN).build();
    }

    /** The perturbed-ensemble truth on members after the GFDT ensemble, on the observed field. */
    private void truth(ChosenIntegrator chosen) {
        PerturbedEnsemble pe = truthEnsemble(chosen, 0, s.truthMembers());
        EnsembleSpec ts = pe.spec();
        String phase = system.name() + ": truth";
        long work = 2L * s.truthMembers() * ts.totalSteps();
        listener.phase(phase, work);
        long t0 = System.nanoTime();
        ResponseEstimate full = pe.run(TRUTH, new double[0][], chosen.tiers()).estimate();
        listener.progress(work);
        manifest.phase(phase, seconds(t0));
        truth = compared(full);
    }

    /** Truth pairs {@code first} … {@code first + count − 1} of the run's, global members M + first …. */
    private PerturbedEnsemble truthEnsemble(ChosenIntegrator chosen, long first, int count) {
        EnsembleSpec ts = new EnsembleSpec(count, s.memberSpinupSteps(), s.truthSaves(), s.saveEvery(), run.seed());
        var kick = new PerturbedEnsemble.Impulse(new Perturbation.Impulse(0), s.delta(), s.lags(), s.resetSaves());
        return new PerturbedEnsemble(chosen.integrator(), ts, start, s.dt(), kick, s.members() + first, observed);
    }

    /** The estimate on the system's compared modes (the whole field for most systems). */
    private ResponseEstimate compared(ResponseEstimate e) {
        return compared.map(r -> r.project(e)).orElse(e);
    }

    private Outcome finish() {
        ResponseEstimate exact = system.exactResponse(model, spec, s.saveEvery(), s.lags())
                .map(r -> ResponseEstimate.exact(EXACT, s.saveInterval(), s.lags(), observed, r)).orElse(null);
        List<ResponseMetrics> metrics = List.of();
        if (exact != null || !estimates.isEmpty() || truth != null) {
            ResponseReport report = new ResponseReport(dir, system.name() + "/", system.name(),
                    ResponseReport.caption(system.name(), run.seed()), grid, 0, exact, estimates, truth);
            long t0 = System.nanoTime();
            report.write(problem == null, problem);
            metrics = report.comparisons();
            manifest.phase(system.name() + ": report", seconds(t0));
        }
        return new Outcome(system.name(), s, List.copyOf(estimates), Optional.ofNullable(truth), Optional.ofNullable(exact),
                metrics, Optional.ofNullable(training), Optional.ofNullable(problem), compared.map(RetainedModes::count),
                Optional.ofNullable(branchCheck), Map.copyOf(diagnostics));
    }

    /**
     * Member batches {offset, count}: ⌊M/B⌋ batches of B members, the remainder joining the last,
     * so every batch holds at least B ≥ blocks members.
     */
    private List<int[]> batches() {
        int m = s.members(), b = s.batch(), count = Math.max(1, m / b);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int from = i * b, to = i == count - 1 ? m : from + b;
            out.add(new int[] {from, to - from});
        }
        return out;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double mean(double[] v) {
        double sum = 0;
        for (double x : v) sum += x;
        return v.length == 0 ? Double.NaN : sum / v.length;
    }
}
