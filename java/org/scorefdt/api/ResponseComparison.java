package org.scorefdt.api;

import static org.scorefdt.api.BuilderChecks.atLeast;
import static org.scorefdt.api.BuilderChecks.bad;
import static org.scorefdt.api.BuilderChecks.nonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.ensemble.Observer;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.PerturbedEnsemble;
import org.scorefdt.response.Perturbation;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseMetrics;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;

/**
 * Score-based GFDT against the quasi-Gaussian estimate and the perturbed-ensemble truth for any
 * model (docs/systems.md §5, §7), in three deterministic passes over one seed (data, scores, truth);
 * holds only bounded statistics and the capped training set. Passes: docs/reproduction.md §4.
 */
public final class ResponseComparison {

    /**
     * What to run. Build it with {@link #builder(Model)}: named settings with defaults, all checked.
     * The positional constructors stay for existing callers (source compatibility) and check only
     * the cyclic/impulse pairing; a built spec also has {@code saves}, {@code truthSaves} and
     * {@code resetEvery} ≥ {@code lags}, {@code blocks} ≤ {@code members} and the perturbation
     * within the model's dimension.
     *
     * @param model         the model (built-in models run natively where the backend allows)
     * @param integrator    scheme and dt
     * @param members       GFDT ensemble size
     * @param spinUpSteps   steps discarded first
     * @param saves         saves per member
     * @param saveEvery     steps between saves
     * @param lags          response lags (in saves)
     * @param blocks        member blocks for error bars
     * @param perturbation  the constant perturbation u
     * @param delta         truth kick amplitude δ
     * @param truthMembers  members of the truth ensemble
     * @param truthSaves    saves per truth member (windows of {@code lags} every {@code resetEvery})
     * @param resetEvery    saves between truth kicks (≥ lags)
     * @param snapshotEvery keep every k-th save as training data
     * @param maxSnapshots  cap on the training set
     * @param seed          run seed
     * @param backend       requested backend
     * @param amplitudeCorrection also report every learned score normalised by its lag-0 matrix
     *                      ({@link AmplitudeCorrectedScore}, named {@code <name>-normalized})
     * @param cyclic        the model is invariant under cyclic shifts of its components (Lorenz-96):
     *                      the GFDT averages the impulse column over all positions
     *                      ({@link GfdtEstimator#cyclic}); needs an {@link Perturbation.Impulse}
     */
    public record Spec(Model model, IntegratorSpec integrator, int members, long spinUpSteps, long saves, int saveEvery,
                       int lags, int blocks, Perturbation perturbation, double delta, int truthMembers, long truthSaves,
                       int resetEvery, int snapshotEvery, int maxSnapshots, long seed, BackendKind backend,
                       boolean amplitudeCorrection, boolean cyclic) {
        public Spec {
            if (cyclic && !(perturbation instanceof Perturbation.Impulse)) {
                throw new IllegalArgumentException("cyclic = true averages impulse positions; perturbation " + perturbation
                        + " is not an impulse");
            }
        }

        /** The same spec without averaging over impulse positions. */
        public Spec(Model model, IntegratorSpec integrator, int members, long spinUpSteps, long saves, int saveEvery,
                    int lags, int blocks, Perturbation perturbation, double delta, int truthMembers, long truthSaves,
                    int resetEvery, int snapshotEvery, int maxSnapshots, long seed, BackendKind backend,
                    boolean amplitudeCorrection) {
            this(model, integrator, members, spinUpSteps, saves, saveEvery, lags, blocks, perturbation, delta, truthMembers,
                    truthSaves, resetEvery, snapshotEvery, maxSnapshots, seed, backend, amplitudeCorrection, false);
        }

        /** The same spec without the score-amplitude-corrected estimates. */
        public Spec(Model model, IntegratorSpec integrator, int members, long spinUpSteps, long saves, int saveEvery,
                    int lags, int blocks, Perturbation perturbation, double delta, int truthMembers, long truthSaves,
                    int resetEvery, int snapshotEvery, int maxSnapshots, long seed, BackendKind backend) {
            this(model, integrator, members, spinUpSteps, saves, saveEvery, lags, blocks, perturbation, delta, truthMembers,
                    truthSaves, resetEvery, snapshotEvery, maxSnapshots, seed, backend, false);
        }

        /**
         * A spec of {@code model} built from named settings, each checked when set (the message names
         * the setting, the value and the allowed range) and together by {@link Builder#build()}.
         * Prefer it to the positional constructors, which stay for existing callers and check only
         * that {@code cyclic} comes with an impulse.
         */
        public static Builder builder(Model model) {
            return new Builder(model);
        }

        /** This spec's settings in a builder, to change a few of them. */
        public Builder toBuilder() {
            Builder b = new Builder(model);
            b.integrator = integrator;
            b.members = members;
            b.spinUpSteps = spinUpSteps;
            b.saves = saves;
            b.saveEvery = saveEvery;
            b.lags = lags;
            b.blocks = blocks;
            b.perturbation = perturbation;
            b.delta = delta;
            b.truthMembers = truthMembers;
            b.truthSaves = truthSaves;
            b.resetEvery = resetEvery;
            b.snapshotEvery = snapshotEvery;
            b.maxSnapshots = maxSnapshots;
            b.seed = seed;
            b.backend = backend;
            b.amplitudeCorrection = amplitudeCorrection;
            b.cyclic = cyclic;
            return b;
        }

        /**
         * Named settings of a {@link Spec}. Defaults (those of {@link ResponseStudy.Builder}):
         * Euler–Maruyama at dt = 0.01, 128 members, 2000 spin-up steps, 2000 saves every 10 steps, 50
         * lags, 32 blocks, an impulse on component 0, truth with 1024 members over 2000 saves kicked by
         * δ = 0.05 every {@code lags} saves, every 10th save kept for training up to 8192 snapshots,
         * seed 1, backend auto, no amplitude correction, not cyclic.
         */
        public static final class Builder {
            private final Model model;
            private IntegratorSpec integrator = new IntegratorSpec(Scheme.EULER_MARUYAMA, 0.01);
            private Perturbation perturbation = new Perturbation.Impulse(0);
            private double delta = 0.05;
            private int members = 128, saveEvery = 10, lags = 50, blocks = 32, truthMembers = 1024, resetEvery = 0;
            private int snapshotEvery = 10, maxSnapshots = 8192;
            private long spinUpSteps = 2000, saves = 2000, truthSaves = 2000, seed = 1;
            private BackendKind backend = BackendKind.AUTO;
            private boolean amplitudeCorrection, cyclic;

            private Builder(Model model) {
                if (model == null) throw new IllegalArgumentException("model must be given");
                this.model = model;
            }

            public Builder integrator(IntegratorSpec v) { integrator = nonNull("integrator", v); return this; }
            public Builder members(int v) { members = atLeast("members", v, 1); return this; }
            public Builder spinUpSteps(long v) { spinUpSteps = atLeast("spinUpSteps", v, 0); return this; }
            public Builder saves(long v) { saves = atLeast("saves", v, 1); return this; }
            public Builder saveEvery(int v) { saveEvery = atLeast("saveEvery", v, 1); return this; }
            public Builder lags(int v) { lags = atLeast("lags", v, 1); return this; }
            public Builder blocks(int v) { blocks = atLeast("blocks", v, 2); return this; }
            /** The perturbation direction u (default: an impulse on component 0). */
            public Builder perturbation(Perturbation v) { perturbation = nonNull("perturbation", v); return this; }
            public Builder delta(double v) { if (!(v != 0) || !Double.isFinite(v)) throw bad("delta", v, "finite and != 0"); delta = v; return this; }
            public Builder truthMembers(int v) { truthMembers = atLeast("truthMembers", v, 2); return this; }
            public Builder truthSaves(long v) { truthSaves = atLeast("truthSaves", v, 1); return this; }
            /** Saves between truth kicks (≥ lags; default: lags). */
            public Builder resetEvery(int v) { resetEvery = atLeast("resetEvery", v, 1); return this; }
            public Builder snapshotEvery(int v) { snapshotEvery = atLeast("snapshotEvery", v, 1); return this; }
            public Builder maxSnapshots(int v) { maxSnapshots = atLeast("maxSnapshots", v, 2); return this; }
            public Builder seed(long v) { seed = v; return this; }
            public Builder backend(BackendKind v) { backend = nonNull("backend", v); return this; }
            /** Also report every learned score normalised by its lag-0 matrix ({@code <name>-normalized}). */
            public Builder amplitudeCorrection(boolean v) { amplitudeCorrection = v; return this; }
            /** Average the impulse column over all positions (a cyclically invariant model; needs an impulse). */
            public Builder cyclic(boolean v) { cyclic = v; return this; }

            /** Checks the settings together; the builder may be reused, the spec does not change with it. */
            public Spec build() {
                if (blocks > members) throw new IllegalArgumentException("blocks = " + blocks + ": must be <= members = " + members);
                if (saves < lags) throw new IllegalArgumentException("saves = " + saves + ": must be >= lags = " + lags);
                int reset = resetEvery == 0 ? lags : resetEvery;
                if (reset < lags) throw new IllegalArgumentException("resetEvery = " + reset + ": must be >= lags = " + lags);
                if (truthSaves < lags) throw new IllegalArgumentException("truthSaves = " + truthSaves + ": must be >= lags = " + lags);
                if (perturbation.dimensionNeeded() > model.dimension()) {
                    throw new IllegalArgumentException("perturbation " + perturbation + " needs dimension " + perturbation.dimensionNeeded()
                            + ", the model has " + model.dimension());
                }
                return new Spec(model, integrator, members, spinUpSteps, saves, saveEvery, lags, blocks, perturbation, delta, truthMembers,
                        truthSaves, reset, snapshotEvery, maxSnapshots, seed, backend, amplitudeCorrection, cyclic);
            }




        }
    }

    /**
     * Estimates and their comparison with the truth; {@code vsQuasiGaussian} compares every other
     * estimate with the quasi-Gaussian one over all lags ({@link ErrorComparison}, the truth's term
     * from its exact pairwise standard error); {@code diagnostics} holds every fitted score's
     * truth-free {@link ScoreDiagnostics} on fresh samples ({@link #diagnosticSamples}).
     */
    public record Result(ResponseEstimate truth, List<ResponseEstimate> estimates, List<ResponseMetrics> vsTruth,
                         double[] trainingData, BackendKind backend, List<String> fallbackReasons,
                         Map<String, ErrorComparison> vsQuasiGaussian, Map<String, ScoreDiagnostics.Report> diagnostics) {
        /** The metrics of the named estimate against the truth. */
        public ResponseMetrics metrics(String name) {
            return vsTruth.stream().filter(m -> m.estimate().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no estimate named " + name));
        }
    }

    private ResponseComparison() {}

    /**
     * @param scores name → factory fitting a score model on the training data [n][d]
     */
    public static Result run(Spec spec, Map<String, Function<double[], ScoreModel>> scores) {
        EnsembleSpec es = new EnsembleSpec(spec.members(), spec.spinUpSteps(), spec.saves(), spec.saveEvery(), spec.seed());
        try (ChosenIntegrator chosen = ChosenIntegrator.open(spec.backend(), spec.model(), spec.integrator(), Precision.F64,
                spec.seed(), 0)) {
            SnapshotCollector data = dataPass(chosen, es, spec);
            double[] training = data.data();
            Map<String, ScoreModel> fitted = fitScores(spec, training, scores);
            Map<String, ScoreDiagnostics.Report> diagnostics = diagnostics(fitted, diagnosticSamples(chosen, spec), spec.model().dimension(),
                    spec.seed());
            List<ResponseEstimate> estimates = gfdtPass(chosen, es, fitted, spec);
            PerturbedEnsemble.Projected projected = truthEnsemble(chosen, spec, 0, spec.truthMembers())
                    .run("perturbed-ensemble", projections(estimates, spec), chosen.tiers());
            return compare(spec, estimates, projected.estimate(), projected.stderrs(), training, chosen.backend(), chosen.reasons(),
                    diagnostics);
        }
    }

    /**
     * The scores of the GFDT pass, in its order: the quasi-Gaussian fit of the training set
     * {@code [n][d]}, then every factory's score (and its amplitude-corrected one where asked).
     */
    static Map<String, ScoreModel> fitScores(Spec spec, double[] training, Map<String, Function<double[], ScoreModel>> scores) {
        int d = spec.model().dimension(), n = training.length / d;
        Map<String, ScoreModel> fitted = new LinkedHashMap<>();
        fitted.put("quasi-gaussian", QuasiGaussianScore.fit(training, n, d, 1e-10));
        scores.forEach((name, factory) -> {
            ScoreModel learned = factory.apply(training);
            fitted.put(name, learned);
            if (spec.amplitudeCorrection()) fitted.put(name + "-normalized", AmplitudeCorrectedScore.fit(learned, training, n));
        });
        return fitted;
    }

    /** The truth's weight vectors: every estimate after the first (the quasi-Gaussian one) against it ({@link ErrorComparison#truthProjection}). */
    static double[][] projections(List<ResponseEstimate> estimates, Spec spec) {
        ResponseEstimate qg = estimates.get(0);
        double[][] projections = new double[estimates.size() - 1][];
        for (int q = 1; q < estimates.size(); q++) projections[q - 1] = ErrorComparison.truthProjection(estimates.get(q), qg, spec.lags());
        return projections;
    }

    /** The truth pairs {@code first} … {@code first + pairs − 1}, members after the GFDT ensemble's. */
    static PerturbedEnsemble truthEnsemble(ChosenIntegrator chosen, Spec spec, long first, int pairs) {
        EnsembleSpec ts = new EnsembleSpec(pairs, spec.spinUpSteps(), spec.truthSaves(), spec.saveEvery(), spec.seed());
        return new PerturbedEnsemble(chosen.integrator(), ts, InitialCondition.zero(), spec.integrator().dt(),
                new PerturbedEnsemble.Impulse(spec.perturbation(), spec.delta(), spec.lags(), spec.resetEvery()), spec.members() + first);
    }

    /**
     * The estimates against the truth: metrics, and every estimate after the first against the
     * quasi-Gaussian one with the truth's exact term {@code truthStderrs[q − 1]}.
     */
    static Result compare(Spec spec, List<ResponseEstimate> estimates, ResponseEstimate truth, double[] truthStderrs, double[] training,
                          BackendKind backend, List<String> reasons, Map<String, ScoreDiagnostics.Report> diagnostics) {
        ResponseEstimate qg = estimates.get(0);
        List<ResponseMetrics> metrics = new ArrayList<>();
        for (ResponseEstimate e : estimates) metrics.add(ResponseMetrics.of(e, truth));
        Map<String, ErrorComparison> vsQg = new LinkedHashMap<>();
        for (int q = 1; q < estimates.size(); q++) {
            ResponseEstimate e = estimates.get(q);
            vsQg.put(e.name(), ErrorComparison.of(e, qg, truth, spec.lags(), truthStderrs[q - 1]));
        }
        return new Result(truth, estimates, metrics, training, backend, reasons, vsQg, diagnostics);
    }

    /**
     * Samples no score was fitted on, for the diagnostics: about a quarter of the training set's size
     * (at most 4096, at least 2 × {@link ScoreDiagnostics#BLOCKS}) from members after the GFDT and
     * truth ensembles (their own noise), spun up alike, at the training set's spacing; at most 64
     * members. Returned member by member ({@code [member][save][d]}), so the diagnostics' contiguous
     * blocks are whole members, independent of each other.
     */
    static double[] diagnosticSamples(ChosenIntegrator chosen, Spec spec) {
        return diagnosticSamples(chosen, new EnsembleSpec(spec.members(), spec.spinUpSteps(), spec.saves(), spec.saveEvery(),
                spec.seed()), spec.integrator().dt(), spec.snapshotEvery(), spec.maxSnapshots(), (long) spec.members() + spec.truthMembers());
    }

    /**
     * {@link #diagnosticSamples(ChosenIntegrator, Spec)} for a GFDT ensemble {@code es} with the data
     * pass's spacing and cap, on members from {@code memberOffset} on (after every other ensemble).
     */
    static double[] diagnosticSamples(ChosenIntegrator chosen, EnsembleSpec es0, double dt, int snapshotEvery, int maxSnapshots,
                                      long memberOffset) {
        int want = Math.max(2 * ScoreDiagnostics.BLOCKS, Math.min(4096, maxSnapshots / 4));
        int members = Math.min(64, es0.members()), kept = (want + members - 1) / members, d = chosen.integrator().dimension();
        SnapshotCollector out = new SnapshotCollector(d, snapshotEvery, kept * members);
        EnsembleSpec es = new EnsembleSpec(members, es0.spinUpSteps(), (long) kept * snapshotEvery, es0.saveEvery(), es0.seed());
        new Ensemble(chosen.integrator(), es, InitialCondition.zero(), dt, memberOffset).run(List.of(out), null);
        double[] bySave = out.data(), byMember = new double[bySave.length];
        int saves = out.count() / members;
        for (int t = 0; t < saves; t++) {
            for (int m = 0; m < members; m++) System.arraycopy(bySave, (t * members + m) * d, byMember, (m * saves + t) * d, d);
        }
        return java.util.Arrays.copyOf(byMember, saves * members * d);
    }

    /** Every score's truth-free diagnostics on the fresh samples {@code [n][d]} (none when too few for the blocks). */
    static Map<String, ScoreDiagnostics.Report> diagnostics(Map<String, ScoreModel> scores, double[] fresh, int d, long seed) {
        int n = fresh.length / d;
        Map<String, ScoreDiagnostics.Report> out = new LinkedHashMap<>();
        if (n >= 2 * ScoreDiagnostics.BLOCKS) scores.forEach((name, score) -> out.put(name, ScoreDiagnostics.of(score, fresh, n, seed)));
        return out;
    }

    /** Operation names of the fallbacks this job may report. */
    static final String RESPONSE = "response accumulation", DATA = "data pass";

    /**
     * The GFDT pass: one estimate per fitted score, in map order. Where the integrator's tier keeps
     * the states resident and can form every score's conjugate there (the CUDA tier: an impulse,
     * device conjugates, the position average of cyclic = true included), the states never leave
     * it, with the host path's estimates (bitwise for the quasi-Gaussian, KDE, local-polynomial and
     * amplitude-corrected scores, within the network's parity bound for DSM MLP scores); otherwise
     * the host accumulators, a declined resident run reported once as a fallback.
     */
    static List<ResponseEstimate> gfdtPass(ChosenIntegrator chosen, EnsembleSpec es, Map<String, ScoreModel> fitted, Spec spec) {
        double saveInterval = spec.integrator().dt() * spec.saveEvery();
        GfdtEstimator.Options opts = new GfdtEstimator.Options(spec.lags(), spec.blocks(), false, 0, spec.seed());
        Optional<ResidentEnsemble> resident = ResidentRuns.open(chosen, RESPONSE, JobListener.LOG_FALLBACKS);
        if (resident.isPresent()) {
            try (ResidentEnsemble run = resident.get()) {
                Optional<String> why = run.unsupportedColumn(spec.perturbation(), fitted.values());
                if (why.isEmpty()) {
                    return run.columnGfdt(es, fitted, ((Perturbation.Impulse) spec.perturbation()).component(), spec.cyclic(),
                            opts, saveInterval);
                }
                JobListener.LOG_FALLBACKS.fallback(ResidentRuns.host(chosen, RESPONSE, why.get()));
            }
        }
        List<GfdtEstimator> gfdt = new ArrayList<>();
        fitted.forEach((name, score) -> gfdt.add(spec.cyclic()
                ? GfdtEstimator.cyclic(name, score, ((Perturbation.Impulse) spec.perturbation()).component(), saveInterval, opts)
                : GfdtEstimator.perturbation(name, score, spec.perturbation(), saveInterval, opts)));
        simulate(chosen, es, gfdt, spec);
        List<ResponseEstimate> estimates = new ArrayList<>();
        for (GfdtEstimator g : gfdt) estimates.add(g.estimate());
        return estimates;
    }

    /**
     * The data pass: every {@code snapshotEvery}-th save as training data, up to the cap. Where the
     * integrator's tier keeps the states resident only kept saves are copied out (the same
     * snapshots bit for bit); otherwise a host run, a declined resident run reported once.
     */
    static SnapshotCollector dataPass(ChosenIntegrator chosen, EnsembleSpec es, Spec spec) {
        return dataPass(chosen, es, spec.integrator().dt(), spec.snapshotEvery(), spec.maxSnapshots());
    }

    /** {@link #dataPass(ChosenIntegrator, EnsembleSpec, Spec)} with the spacing and cap given. */
    static SnapshotCollector dataPass(ChosenIntegrator chosen, EnsembleSpec es, double dt, int snapshotEvery, int maxSnapshots) {
        SnapshotCollector data = new SnapshotCollector(chosen.integrator().dimension(), snapshotEvery, maxSnapshots);
        Optional<ResidentEnsemble> resident = ResidentRuns.open(chosen, DATA, JobListener.LOG_FALLBACKS);
        if (resident.isPresent()) {
            try (ResidentEnsemble run = resident.get()) {
                run.run(es, InitialCondition.zero(), List.of(run.snapshots(data)), null);
            }
        } else {
            simulate(chosen, es, List.of(data), dt);
        }
        return data;
    }

    private static void simulate(ChosenIntegrator chosen, EnsembleSpec es, List<? extends Observer> observers, Spec spec) {
        simulate(chosen, es, observers, spec.integrator().dt());
    }

    /** A host run of the GFDT ensemble {@code es} from zero, every save to {@code observers}. */
    static void simulate(ChosenIntegrator chosen, EnsembleSpec es, List<? extends Observer> observers, double dt) {
        new Ensemble(chosen.integrator(), es, InitialCondition.zero(), dt).run(observers, null);
    }
}
