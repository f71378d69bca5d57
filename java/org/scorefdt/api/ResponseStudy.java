package org.scorefdt.api;

import static org.scorefdt.api.BuilderChecks.atLeast;
import static org.scorefdt.api.BuilderChecks.bad;
import static org.scorefdt.api.BuilderChecks.nonNull;
import static org.scorefdt.api.BuilderChecks.positive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.model.Model;
import org.scorefdt.response.EntryAgreement;
import org.scorefdt.response.ErrorComparison;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.GfdtMatrixEstimator;
import org.scorefdt.response.LaggedMatrixAccumulator;
import org.scorefdt.response.ResponseMatrix;
import org.scorefdt.response.TruthMatrix;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmScore;

/**
 * Response matrices of a user's own {@link Model} (docs/architecture.md §7): a data pass, the fitted
 * scores ({@link ScoreTypes} by default) and any given ones, the GFDT matrix of every score from one
 * ensemble run, the perturbed-ensemble truth matrix, and per score its truth-free diagnostics, the
 * per-entry agreement with the truth and the comparison with the quasi-Gaussian baseline. Built with
 * {@link #builder(Model)}; {@link #run()} returns objects, writes no files. Deterministic for a seed.
 */
public final class ResponseStudy {

    /**
     * One score's outcome.
     *
     * @param fitInErrors whether the GFDT's standard errors include the score-fit uncertainty (a type with
     *                    {@link ScoreType#refitPerBlock()}: {@link FitJackknife}); otherwise they are the
     *                    GFDT pass's block spread for the fitted score as given
     */
    public record ScoreResult(String name, ResponseMatrix gfdt, Optional<ScoreDiagnostics.Report> diagnostics,
                              EntryAgreement vsTruth, Optional<ErrorComparison> vsBaseline, boolean fitInErrors) {}

    /**
     * @param truth      the perturbed-ensemble truth matrix
     * @param scores     per score, in the order given (fitted types first, then given scores)
     * @param horizon    the time up to which agreement is judged
     * @param backend    the tier the ensembles ran on
     * @param fallbacks  why faster tiers were not used, and which score types were not fitted for the dimension
     */
    public record Result(ResponseMatrix truth, List<ScoreResult> scores, double horizon, BackendKind backend, List<String> fallbacks) {
        /** The named score's result. */
        public ScoreResult score(String name) {
            return scores.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no score named " + name));
        }
    }

    private final Builder b;

    private ResponseStudy(Builder b) {
        this.b = b;
    }

    /** A study of {@code model}; every other setting has a default. */
    public static Builder builder(Model model) {
        return new Builder(model);
    }

    /** Runs the passes: data, fits, GFDT, truth. */
    public Result run() {
        int d = b.model.dimension();
        int[] columns = b.columns == null ? LaggedMatrixAccumulator.allColumns(d) : b.columns;
        double dt = b.dt, saveInterval = dt * b.saveEvery;
        EnsembleSpec es = new EnsembleSpec(b.members, b.spinUpSteps, b.saves, b.saveEvery, b.seed);
        try (ChosenIntegrator chosen = ChosenIntegrator.open(b.backend, b.model, new IntegratorSpec(b.scheme, dt), Precision.F64,
                b.seed, 0)) {
            SnapshotCollector data = ResponseComparison.dataPass(chosen, es, dt, b.snapshotEvery, b.maxSnapshots);
            TrainingRows rows = new TrainingRows(data.data(), data.count(), d);
            Map<String, ScoreModel> scores = new LinkedHashMap<>();
            Map<String, List<ScoreModel>> replicates = new LinkedHashMap<>();
            List<String> notes = new ArrayList<>(chosen.reasons());
            b.types.forEach((name, type) -> {
                if (!type.appliesTo(d)) {
                    notes.add("score type " + name + " not fitted: it is not for d = " + d);
                    return;
                }
                TrainingRows own = rows.atMost(type.maxRows(), b.members);
                ScoreModel full = fit(type, own, chosen);
                scores.put(name, full);
                if (!type.refitPerBlock()) return;
                List<ScoreModel> r = new ArrayList<>();
                for (int k = 0; k < b.blocks; k++) {
                    TrainingRows without = own.withoutBlock(k, b.members, b.blocks);
                    r.add(onTiers(type.refit(full, without.data(), without.count(), d, b.seed, chosen.tiers()), chosen));
                }
                replicates.put(name, r);
            });
            scores.putAll(b.given);
            Map<String, ScoreDiagnostics.Report> diagnostics = ResponseComparison.diagnostics(scores,
                    ResponseComparison.diagnosticSamples(chosen, es, dt, b.snapshotEvery, b.maxSnapshots,
                            (long) b.members + (long) columns.length * b.truthMembers), d, b.seed);

            var opts = new GfdtEstimator.Options(b.lags, b.blocks, false, 0, b.seed);
            List<GfdtMatrixEstimator> gfdt = new ArrayList<>();
            List<ResponseMatrix> matrices = new ArrayList<>();
            try { // built inside, so a failing second estimator does not leak the first one's native buffers
                scores.forEach((name, s) -> gfdt.add(new GfdtMatrixEstimator(name, s, columns, saveInterval, opts, chosen.tiers(), 0)));
                Map<String, List<LaggedMatrixAccumulator>> jackknife = new LinkedHashMap<>();
                replicates.forEach((name, r) -> {
                    List<LaggedMatrixAccumulator> accs = new ArrayList<>();
                    for (int k = 0; k < r.size(); k++) {
                        GfdtMatrixEstimator g = new GfdtMatrixEstimator(name + " without block " + k, r.get(k), columns, saveInterval, opts,
                                chosen.tiers(), 0);
                        gfdt.add(g);
                        accs.add(g.accumulator());
                    }
                    jackknife.put(name, accs);
                });
                ResponseComparison.simulate(chosen, es, gfdt, dt);
                for (int k = 0; k < scores.size(); k++) {
                    ResponseMatrix m = gfdt.get(k).estimate();
                    matrices.add(jackknife.containsKey(m.name()) ? FitJackknife.errors(m, jackknife.get(m.name())) : m);
                }
            } finally {
                for (GfdtMatrixEstimator g : gfdt) g.close();
            }

            int lagsUsed = lagsWithin(b.horizon, saveInterval);
            ResponseMatrix base = scores.containsKey(ScoreTypes.BASELINE) ? matrices.get(indexOf(scores, ScoreTypes.BASELINE)) : null;
            List<double[]> projections = new ArrayList<>();
            for (ResponseMatrix m : matrices) {
                if (base != null && m != base) projections.add(ErrorComparison.truthProjection(m, base, lagsUsed));
            }
            EnsembleSpec ts = new EnsembleSpec(b.truthMembers, b.spinUpSteps, b.truthSaves, b.saveEvery, b.seed);
            TruthMatrix.Result truth = TruthMatrix.run("perturbed-ensemble", chosen.integrator(), ts, InitialCondition.zero(), dt,
                    columns, b.delta, b.lags, b.resetEvery == 0 ? b.lags : b.resetEvery, b.members,
                    projections.toArray(new double[0][]), chosen.tiers());

            List<ScoreResult> out = new ArrayList<>();
            int q = 0;
            for (ResponseMatrix m : matrices) {
                Optional<ErrorComparison> vsBase = Optional.empty();
                if (base != null && m != base) vsBase = Optional.of(ErrorComparison.of(m, base, truth.matrix(), lagsUsed, truth.projectionStderrs()[q++]));
                out.add(new ScoreResult(m.name(), m, Optional.ofNullable(diagnostics.get(m.name())),
                        EntryAgreement.of(m, truth.matrix(), lagsUsed, b.blocks - 1), vsBase, replicates.containsKey(m.name())));
            }
            return new Result(truth.matrix(), List.copyOf(out), (lagsUsed - 1) * saveInterval, chosen.backend(), List.copyOf(notes));
        }
    }

    private int lagsWithin(double horizon, double saveInterval) {
        if (Double.isNaN(horizon)) return b.lags;
        return (int) Math.min(b.lags, Math.floor(horizon / saveInterval + 1e-9) + 1);
    }

    private static int indexOf(Map<String, ScoreModel> m, String key) {
        return new ArrayList<>(m.keySet()).indexOf(key);
    }

    /**
     * Settings, each checked when set (the message names the setting, value and allowed range) and
     * together by {@link #build()}. Defaults: Euler–Maruyama at dt = 0.01, 128 members, 2000 spin-up
     * steps, 2000 saves every 10 steps, 50 lags, 32 blocks, every column, truth with 1024 members per
     * column over 2000 saves kicked by δ = 0.05 every {@code lags} saves, every 10th save kept for
     * training up to 8192 snapshots (each type takes at most its {@link ScoreType#maxRows()}), agreement
     * over every lag, seed 1, backend auto, the
     * {@link ScoreTypes#defaults()}.
     */
    public static final class Builder {
        private final Model model;
        private Scheme scheme = Scheme.EULER_MARUYAMA;
        private double dt = 0.01, delta = 0.05, horizon = Double.NaN;
        private int members = 128, saveEvery = 10, lags = 50, blocks = 32, truthMembers = 1024, resetEvery = 0;
        private int snapshotEvery = 10, maxSnapshots = 8192;
        private long spinUpSteps = 2000, saves = 2000, truthSaves = 2000, seed = 1;
        private int[] columns;
        private BackendKind backend = BackendKind.AUTO;
        private Map<String, ScoreType> types = ScoreTypes.defaults();
        private final Map<String, ScoreModel> given = new LinkedHashMap<>();

        private Builder(Model model) {
            if (model == null) throw new IllegalArgumentException("model must be given");
            this.model = model;
        }

        public Builder scheme(Scheme v) { scheme = nonNull("scheme", v); return this; }
        public Builder dt(double v) { dt = positive("dt", v); return this; }
        public Builder members(int v) { members = atLeast("members", v, 1); return this; }
        public Builder spinUpSteps(long v) { spinUpSteps = atLeast("spinUpSteps", v, 0); return this; }
        public Builder saves(long v) { saves = atLeast("saves", v, 1); return this; }
        public Builder saveEvery(int v) { saveEvery = atLeast("saveEvery", v, 1); return this; }
        public Builder lags(int v) { lags = atLeast("lags", v, 1); return this; }
        public Builder blocks(int v) { blocks = atLeast("blocks", v, 2); return this; }
        public Builder truthMembers(int v) { truthMembers = atLeast("truthMembers", v, 2); return this; }
        public Builder truthSaves(long v) { truthSaves = atLeast("truthSaves", v, 1); return this; }
        public Builder delta(double v) { if (!(v != 0) || !Double.isFinite(v)) throw bad("delta", v, "finite and != 0"); delta = v; return this; }
        /** Saves between truth kicks (≥ lags; default: lags). */
        public Builder resetEvery(int v) { resetEvery = atLeast("resetEvery", v, 1); return this; }
        public Builder snapshotEvery(int v) { snapshotEvery = atLeast("snapshotEvery", v, 1); return this; }
        public Builder maxSnapshots(int v) { maxSnapshots = atLeast("maxSnapshots", v, 2); return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder backend(BackendKind v) { backend = nonNull("backend", v); return this; }
        /** Agreement with the truth over lags with τ·Δt ≤ t (default: every lag). */
        public Builder horizon(double t) { horizon = positive("horizon", t); return this; }
        /** The impulse components of the columns (default: all). */
        public Builder columns(int... v) { LaggedMatrixAccumulator.checkColumns(model.dimension(), v); columns = v.clone(); return this; }
        /** The score types to fit, replacing the defaults; include {@link ScoreTypes#BASELINE} for the comparison. */
        public Builder scoreTypes(Map<String, ScoreType> v) { types = new LinkedHashMap<>(nonNull("scoreTypes", v)); return this; }
        /** A score used as given (not fitted), e.g. the exact score where it is known. */
        public Builder score(String name, ScoreModel s) {
            if (nonNull("score", s).dimension() != model.dimension()) {
                throw new IllegalArgumentException("score " + name + " has dimension " + s.dimension() + ", the model " + model.dimension());
            }
            given.put(nonNull("score name", name), s);
            return this;
        }

        /** Checks the settings together. */
        public ResponseStudy build() {
            if (blocks > members) throw new IllegalArgumentException("blocks = " + blocks + ": must be <= members = " + members);
            if (saves < lags) throw new IllegalArgumentException("saves = " + saves + ": must be >= lags = " + lags);
            int reset = resetEvery == 0 ? lags : resetEvery;
            if (reset < lags) throw new IllegalArgumentException("resetEvery = " + reset + ": must be >= lags = " + lags);
            if (truthSaves < lags) throw new IllegalArgumentException("truthSaves = " + truthSaves + ": must be >= lags = " + lags);
            for (String n : given.keySet()) {
                if (types.containsKey(n)) throw new IllegalArgumentException("score name " + n + " is both a fitted type and a given score");
            }
            if (types.isEmpty() && given.isEmpty()) throw new IllegalArgumentException("scores: at least one score type or given score needed");
            return new ResponseStudy(copy());
        }

        /** A snapshot of the settings: changing this builder later does not change a study built from it. */
        private Builder copy() {
            Builder c = new Builder(model);
            c.scheme = scheme;
            c.dt = dt;
            c.delta = delta;
            c.horizon = horizon;
            c.members = members;
            c.saveEvery = saveEvery;
            c.lags = lags;
            c.blocks = blocks;
            c.truthMembers = truthMembers;
            c.resetEvery = resetEvery;
            c.snapshotEvery = snapshotEvery;
            c.maxSnapshots = maxSnapshots;
            c.spinUpSteps = spinUpSteps;
            c.saves = saves;
            c.truthSaves = truthSaves;
            c.seed = seed;
            c.columns = columns == null ? null : columns.clone();
            c.backend = backend;
            c.types = new LinkedHashMap<>(types);
            c.given.putAll(given);
            return c;
        }





    }

    /** A type fitted on the run's tiers; a network then evaluates on them (fits hand it back on the Java passes). */
    private ScoreModel fit(ScoreType type, TrainingRows rows, ChosenIntegrator chosen) {
        return onTiers(type.fit(rows.data(), rows.count(), b.model.dimension(), b.seed, chosen.tiers()), chosen);
    }

    private static ScoreModel onTiers(ScoreModel s, ChosenIntegrator chosen) {
        return s instanceof DsmScore dsm ? dsm.withKernels(chosen.tiers()) : s;
    }
}
