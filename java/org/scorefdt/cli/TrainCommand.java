package org.scorefdt.cli;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.scorefdt.config.TrainSettings;
import org.scorefdt.io.ScoreModelFile;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.score.Bandwidth;
import org.scorefdt.score.BandwidthSelector;
import org.scorefdt.score.HyperparameterChoice;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KefScore;
import org.scorefdt.score.KgmmScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.LocalPolynomialScore;
import org.scorefdt.score.PolynomialScore;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scorefdt train}: fits a score model to snapshots {@code [n][d]} (from {@code simulate}) and
 * writes it as a versioned model file ({@link ScoreModelFile}). DSM training shows a progress bar
 * with the current minibatch and held-out losses; a run that diverges keeps the last good
 * checkpoint in the output file, names the step, and exits 1.
 */
@RunOptions.Uses(seedDefault = 1, backend = false, threads = false)
@Command(mixinStandardHelpOptions = true, name = "train", sortOptions = false, modelTransformer = RunOptions.Fit.class,
        description = "Train a score model (dsm, kde, kgmm, quasi-gaussian, local-polynomial, polynomial) on snapshots [n][d] and save it.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "FILE.npy", description = "Training snapshots [n][d] (NPY, e.g. from simulate).")
    Path data;

    @Option(names = "--model", required = true, paramLabel = "TYPE", description = "dsm, kde, kgmm, quasi-gaussian, local-polynomial (a ring score, e.g. Lorenz-96) "
            + "polynomial (exponential-family score matching, docs/score-models.md §11) or kef (polynomial plus Gaussian bumps, §13).")
    String model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL_FILE", description = "Model file to write (not overwritten without --force).")
    Path output;

    @Option(names = "--check-data", paramLabel = "FILE.npy", description = "Independent samples [m][d] (e.g. simulate with another seed) "
            + "on which to run the truth-free score diagnostics (docs/score-models.md §9); dsm checks its own held-out split without it.")
    Path checkData;

    /** The rows DSM held out of training, for the diagnostics when no --check-data is given. */
    private double[] heldOut;
    /** --check-data, read and checked before training. */
    private CliSupport.Data check;

    @Option(names = "--force", description = "Overwrite an existing model file.")
    boolean force;

    /** {@code --seed}: of initialisation, split, minibatches and noise (dsm, kgmm); {@code -q}, {@code --verbose}. */
    @Mixin
    RunOptions run;

    // --- dsm
    @Option(names = "--hidden", paramLabel = "W,W,..", split = ",", description = "dsm: hidden-layer widths (default " + DsmConfig.DEFAULT_LAYERS + " layers of " + DsmConfig.DEFAULT_WIDTH + ").")
    int[] hidden;

    @Option(names = "--steps", description = "dsm: most Adam updates (default " + DsmConfig.DEFAULT_STEPS
            + "; ends sooner when the held-out loss stops improving).")
    Integer steps;

    @Option(names = "--batch", description = "dsm: minibatch rows (default " + DsmConfig.DEFAULT_BATCH + ").")
    Integer batch;

    @Option(names = "--lr", description = "dsm: learning rate (default " + DsmConfig.DEFAULT_LEARNING_RATE + ").")
    Double lr;

    @Option(names = "--warmup", description = "dsm: warm-up steps (default min(" + DsmConfig.DEFAULT_WARMUP + ", steps/5)).")
    Integer warmup;

    @Option(names = "--sigma-min", description = "dsm: smallest noise level, data units (default " + DsmConfig.DEFAULT_SIGMA_MIN
            + "); the score is read off at the level (or extrapolation to 0) with the lowest held-out Hyvärinen loss.")
    Double sigmaMin;

    @Option(names = "--sigma-max", description = "dsm: largest noise level (default 1.2 × largest pairwise distance).")
    Double sigmaMax;

    @Option(names = "--activation", paramLabel = "silu|tanh", description = "dsm: hidden nonlinearity (default silu).")
    String activation;

    @Option(names = "--eval-every", description = "dsm: steps between held-out evaluations (default max(1, min(" + DsmConfig.DEFAULT_EVAL_EVERY + ", steps/20))).")
    Integer evalEvery;

    @Option(names = "--patience", description = "dsm: evaluations without a significant held-out improvement before stopping early (default "
            + DsmConfig.DEFAULT_PATIENCE + ").")
    Integer patience;

    @Option(names = "--base", paramLabel = "gaussian|none", description = "dsm: what the network corrects: gaussian (default: the "
            + "training rows' Gaussian fit, exact at every noise level; the network learns the remainder) or none.")
    String base;

    @Option(names = "--tier", paramLabel = "auto|cuda|native|java",
            description = "dsm: where the network runs: auto (CUDA, else native OpenBLAS, else Java), cuda, native or java "
                    + "(default auto); the tier that trained is in the result line.")
    String tier;

    // --- local-polynomial
    @Option(names = "--radius", description = "local-polynomial: neighbours on each side in the nonlinear window (default 2).")
    Integer radius;

    @Option(names = "--degree", paramLabel = "auto|D", description = "local-polynomial: total degree of the local monomials (default 3); "
            + "polynomial: degree 2 … 6 of log p (default auto: chosen by held-out Hyvärinen loss).")
    String degree;

    @Option(names = "--poly-ridge", paramLabel = "RIDGE", description = "local-polynomial: relative ridge (default 1e-8).")
    Double polyRidge;

    // --- kde
    @Option(names = "--bandwidth", paramLabel = "auto|scott|silverman|cv|score-matching|H", description = "kde: auto (default: the KDE "
            + "extrapolated to h → 0 from h and √2·h, h by lowest held-out Hyvärinen loss, docs/score-models.md §10), or a plain KDE "
            + "with a bandwidth rule (score-matching: lowest held-out Hyvärinen loss, docs/score-models.md §1.1) or a value h > 0.")
    String bandwidth;

    // --- quasi-gaussian
    @Option(names = "--ridge", description = "quasi-gaussian: ridge relative to the mean variance (default 1e-10); "
            + "polynomial: ridge relative to the diagonal of the score-matching system (default 1e-8).")
    Double ridge;

    // --- kgmm
    @Option(names = "--clusters", description = "kgmm: number of clusters K (default: chosen with σ by lowest held-out "
            + "Hyvärinen loss, docs/score-models.md §2.1).")
    Integer clusters;

    @Option(names = "--kgmm-sigma", paramLabel = "SIGMA", description = "kgmm: noise level σ, data units (default: chosen with K by lowest held-out Hyvärinen loss).")
    Double kgmmSigma;

    @Option(names = "--tolerance", description = "kgmm: relative standard error to stop at (default 0.02).")
    Double tolerance;

    @Option(names = "--max-passes", description = "kgmm: cap on noise passes over the data (default 500).")
    Integer maxPasses;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        return Errors.guard(cl, () -> {
            String type = ScoreModelFile.normaliseType(model);
            if (type == null) throw CliSupport.usage(cl, "--model '" + model + "': expected one of " + String.join(", ", ScoreModelFile.TYPES));
            checkOptionsBelong(cl, type);
            settings(); // bad values fail before the data is read
            CliSupport.checkOutputFile(cl, output, force);
            CliSupport.Data x = CliSupport.readData(cl, "--data", data);
            if (checkData != null) { // a wrong file fails before the training, not after it
                check = CliSupport.readData(cl, "--check-data", checkData);
                if (check.d() != x.d()) {
                    throw CliSupport.usage(cl, "--check-data " + checkData + ": dimension " + check.d() + ", the model's is " + x.d());
                }
            }
            long t0 = System.nanoTime();
            int rc = switch (type) {
                case "kde" -> trainKde(cl, x);
                case "quasi-gaussian" -> trainQuasiGaussian(cl, x);
                case "dsm" -> trainDsm(cl, x);
                case "local-polynomial" -> trainLocalPolynomial(cl, x);
                case "polynomial" -> trainPolynomial(cl, x);
                case "kef" -> trainKef(cl, x);
                case "kgmm" -> trainKgmm(cl, x);
                default -> throw new IllegalStateException(type);
            };
            if (rc == Main.EXIT_OK) {
                cl.getOut().printf(Locale.ROOT, "-> %s (%.1f s)%n", output, (System.nanoTime() - t0) / 1e9);
                diagnose(cl, x.d());
                cl.getOut().flush();
            }
            return rc;
        });
    }

    /**
     * The saved model's truth-free diagnostics (one line; a warning when it fails its identities) on
     * --check-data, else on DSM's held-out split, else a hint: scoring a model on the data it was
     * fitted on would flatter it.
     */
    private void diagnose(CommandLine cl, int d) throws Exception {
        double[] samples = heldOut;
        String where = "the held-out split";
        if (check != null) {
            samples = check.values();
            where = checkData.toString();
        }
        if (samples == null) {
            cl.getOut().println("diagnostics: give --check-data FILE.npy (independent samples, e.g. simulate --seed 2) to check this score");
            return;
        }
        int n = samples.length / d;
        if (n < 2 * ScoreDiagnostics.BLOCKS) {
            cl.getOut().printf(Locale.ROOT, "diagnostics skipped: %d samples in %s, need %d%n", n, where, 2 * ScoreDiagnostics.BLOCKS);
            return;
        }
        ScoreDiagnostics.Report r = ScoreDiagnostics.of(ScoreModelFile.load(output).model(), samples, n, run.settings().seed());
        cl.getOut().println((r.passes() ? "" : "warning: ") + r.summary() + " [" + where + "]"); // a result: stdout, also under -q
    }

    /** Options of another model type are a mistake worth reporting, not silently ignoring (owners: comma-separated types). */
    private void checkOptionsBelong(CommandLine cl, String type) {
        String[][] owned = {
            {"dsm", "--hidden", String.valueOf(hidden), "--steps", String.valueOf(steps), "--batch", String.valueOf(batch),
                "--lr", String.valueOf(lr), "--warmup", String.valueOf(warmup), "--sigma-min", String.valueOf(sigmaMin),
                "--sigma-max", String.valueOf(sigmaMax), "--activation", String.valueOf(activation),
                "--eval-every", String.valueOf(evalEvery), "--patience", String.valueOf(patience), "--tier", String.valueOf(tier),
                "--base", String.valueOf(base)},
            {"kde", "--bandwidth", String.valueOf(bandwidth)},
            {"local-polynomial", "--radius", String.valueOf(radius), "--poly-ridge", String.valueOf(polyRidge)},
            {"local-polynomial,polynomial", "--degree", String.valueOf(degree)},
            {"quasi-gaussian,polynomial", "--ridge", String.valueOf(ridge)},
            {"kgmm", "--clusters", String.valueOf(clusters), "--kgmm-sigma", String.valueOf(kgmmSigma),
                "--tolerance", String.valueOf(tolerance), "--max-passes", String.valueOf(maxPasses)}};
        for (String[] o : owned) {
            if (java.util.List.of(o[0].split(",")).contains(type)) continue;
            for (int i = 1; i < o.length; i += 2) {
                if (!"null".equals(o[i + 1])) {
                    throw CliSupport.usage(cl, o[i] + " applies to --model " + o[0].replace(",", " or ") + ", not " + type);
                }
            }
        }
    }

    /** The kde, quasi-gaussian and kgmm choices, validated by {@link TrainSettings}. */
    private TrainSettings settings() {
        TrainSettings d = TrainSettings.DEFAULTS;
        return Errors.options(() -> new TrainSettings(bandwidth != null ? bandwidth : d.bandwidth(), ridge != null ? ridge : d.ridge(),
                clusters, kgmmSigma));
    }

    private int trainKde(CommandLine cl, CliSupport.Data x) throws Exception {
        TrainSettings set = settings();
        Bandwidth bw = set.bandwidthRule();
        double h;
        HyperparameterChoice choice = null;
        try {
            try (TierChain tiers = Backends.open(BackendKind.AUTO)) {
                if (set.extrapolated()) {
                    KdeScore.DefaultBandwidth b = KdeScore.defaultBandwidth((Bandwidth.ScoreMatching) bw, x.values(), x.n(), x.d(), tiers, 0);
                    h = b.h();
                    choice = b.choice();
                } else if (bw instanceof Bandwidth.ScoreMatching sm) {
                    BandwidthSelector.ScoreMatchResult r = BandwidthSelector.scoreMatch(sm, x.values(), x.n(), x.d(), tiers, 0);
                    h = r.h();
                    choice = r.choice("kde");
                } else {
                    h = BandwidthSelector.select(bw, x.values(), x.n(), x.d(), tiers, 0);
                }
            }
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        if (!(h > 0) || Double.isInfinite(h)) throw CliSupport.usage(cl, "--bandwidth: selected h = " + h + " is not finite and > 0");
        double ratio = set.extrapolated() ? KdeScore.RICHARDSON_RATIO : 0;
        ScoreModelFile.saveKde(output, x.values(), x.n(), x.d(), h, ratio, choice);
        if (choice != null) cl.getOut().println("selection: " + choice.summary());
        cl.getOut().printf(Locale.ROOT, "kde on %d × %d snapshots, bandwidth h = %.6g (%s) ", x.n(), x.d(), h,
                set.extrapolated() ? "auto: extrapolated to h → 0 from h and √2·h" : set.bandwidth());
        return Main.EXIT_OK;
    }

    private int trainQuasiGaussian(CommandLine cl, CliSupport.Data x) throws Exception {
        double rho = settings().ridge();
        QuasiGaussianScore.Fitter f = new QuasiGaussianScore.Fitter(x.d());
        f.add(x.values(), x.n());
        double[] mean = f.mean(), cov = f.covariance();
        try {
            f.build(rho); // fails here, with the pivot and a suggested ridge, rather than on load
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        ScoreModelFile.saveQuasiGaussian(output, mean, cov, rho);
        cl.getOut().printf(Locale.ROOT, "quasi-gaussian on %d × %d snapshots, ridge %.3g ", x.n(), x.d(), rho);
        return Main.EXIT_OK;
    }

    private int trainDsm(CommandLine cl, CliSupport.Data x) throws Exception {
        DsmConfig cfg;
        try {
            // DsmConfig's builder holds the defaults (the API's too); --steps scales warm-up and evaluation with it
            DsmConfig.Builder b = DsmConfig.builder().seed(run.settings().seed());
            if (steps != null) b.stepsScaled(steps);
            if (warmup != null) b.warmupSteps(warmup);
            if (evalEvery != null) b.evalEvery(evalEvery);
            if (hidden != null) b.hiddenWidths(hidden);
            if (batch != null) b.batchSize(batch);
            if (lr != null) b.learningRate(lr);
            if (sigmaMin != null) b.sigmaMin(sigmaMin);
            if (sigmaMax != null) b.sigmaMax(sigmaMax);
            if (patience != null) b.patience(patience);
            if (activation != null) {
                try {
                    b.activation(Activation.valueOf(activation.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw CliSupport.usage(cl, "--activation '" + activation + "': expected silu or tanh");
                }
            }
            if (base != null) {
                try {
                    b.base(DsmConfig.Base.valueOf(base.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw CliSupport.usage(cl, "--base '" + base + "': expected gaussian or none");
                }
            }
            cfg = b.build();
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "dsm options: " + e.getMessage());
        }
        BackendKind kind = switch (tier == null ? "auto" : tier.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> BackendKind.AUTO;
            case "cuda" -> BackendKind.CUDA;
            case "native" -> BackendKind.CPU;
            case "java" -> BackendKind.JAVA;
            default -> throw CliSupport.usage(cl, "--tier: network tier '" + tier + "': must be auto, cuda, native or java");
        };
        DsmResult r;
        try (TierChain nt = Backends.open(kind); ProgressBar bar = run.bar(cl, "train dsm", cfg.steps(), "steps")) {
            DsmTrainer trainer = new DsmTrainer(cfg, nt);
            heldOut = trainer.heldOutRows(x.values(), x.n(), x.d());
            r = trainer.train(x.values(), x.n(), x.d(), (step, train, valid) -> {
                bar.status(String.format(Locale.ROOT, "loss %s held-out %.4g", Double.isNaN(train) ? "-" : String.format(Locale.ROOT, "%.4g", train), valid));
                bar.update(step);
            });
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        ScoreModelFile.saveDsm(output, r);
        if (r.diverged()) {
            cl.getErr().printf(Locale.ROOT, "error: training diverged at step %d; kept the last good checkpoint (step %d, held-out loss %.4g) in %s%n",
                    r.divergedAtStep(), r.bestStep(), r.bestValidLoss(), output);
            cl.getErr().flush();
            return Main.EXIT_FAILED;
        }
        cl.getOut().printf(Locale.ROOT, "dsm %s on %d × %d snapshots: %s ", java.util.Arrays.toString(cfg.hiddenWidths()),
                x.n(), x.d(), r.message());
        return Main.EXIT_OK;
    }

    private int trainLocalPolynomial(CommandLine cl, CliSupport.Data x) throws Exception {
        LocalPolynomialScore m;
        try {
            int p = degree == null ? 3 : degreeValue(cl, "local-polynomial");
            m = LocalPolynomialScore.fit(x.values(), x.n(), x.d(), radius == null ? 2 : radius, p,
                    polyRidge == null ? 1e-8 : polyRidge);
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "local-polynomial: " + e.getMessage());
        }
        ScoreModelFile.saveLocalPolynomial(output, m);
        cl.getOut().printf(Locale.ROOT, "%s on %d × %d snapshots (%d coefficients, by score matching) ", m.name(), x.n(), x.d(),
                m.theta().length);
        return Main.EXIT_OK;
    }

    /** --degree as a number; {@code auto} (0) only where the model chooses it. */
    private int degreeValue(CommandLine cl, String type) {
        String v = degree.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto") && type.equals("polynomial")) return 0;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw CliSupport.usage(cl, "--degree '" + degree + "': must be " + (type.equals("polynomial") ? "auto or " : "") + "an integer");
        }
    }

    private int trainPolynomial(CommandLine cl, CliSupport.Data x) throws Exception {
        PolynomialScore.Config cfg;
        try {
            PolynomialScore.Config def = PolynomialScore.Config.defaults();
            cfg = def.withDegree(degree == null ? 0 : degreeValue(cl, "polynomial")).withRidge(ridge == null ? def.ridge() : ridge);
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "polynomial options: " + e.getMessage());
        }
        PolynomialScore m;
        try {
            m = PolynomialScore.fit(x.values(), x.n(), x.d(), cfg);
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        ScoreModelFile.savePolynomial(output, m);
        m.selection().ifPresent(c -> cl.getOut().println("selection: " + c.summary()));
        cl.getOut().printf(Locale.ROOT, "%s on %d × %d snapshots (%d monomials, ridge %.3g, by score matching) ", m.name(), x.n(), x.d(),
                m.theta().length, m.ridge());
        return Main.EXIT_OK;
    }

    /** The kernel exponential family with its defaults (width and ridge on held-out rows), as the API's {@code ScoreTypes.KEF}. */
    private int trainKef(CommandLine cl, CliSupport.Data x) throws Exception {
        KefScore m;
        try {
            m = KefScore.fit(x.values(), x.n(), x.d());
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        ScoreModelFile.saveKef(output, m);
        m.selection().ifPresent(c -> cl.getOut().println("selection: " + c.summary()));
        cl.getOut().printf(Locale.ROOT, "%s on %d × %d snapshots (%d features, by score matching) ", m, x.n(), x.d(), m.theta().length);
        return Main.EXIT_OK;
    }

    private int trainKgmm(CommandLine cl, CliSupport.Data x) throws Exception {
        TrainSettings set = settings();
        int k = Errors.options(() -> set.clusters(x.n()));
        KgmmScore.Config cfg;
        try {
            cfg = KgmmScore.Config.defaults(run.settings().seed()).with(k, set.sigma());
            if (tolerance != null || maxPasses != null) {
                int max = maxPasses != null ? maxPasses : cfg.maxPasses();
                cfg = cfg.withTolerance(tolerance != null ? tolerance : cfg.tolerance(), Math.min(cfg.minPasses(), Math.max(1, max)), max);
            }
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "kgmm options: " + e.getMessage());
        }
        KgmmScore m;
        try {
            m = KgmmScore.fit(x.values(), x.n(), x.d(), cfg);
        } catch (IllegalArgumentException e) {
            throw CliSupport.usage(cl, "--data " + data + ": " + e.getMessage());
        }
        ScoreModelFile.saveKgmm(output, m);
        m.selection().ifPresent(c -> cl.getOut().println("selection: " + c.summary()));
        cl.getOut().printf(Locale.ROOT, "kgmm on %d × %d snapshots: %d clusters, σ = %.4g, %d passes (%s, worst relative SE %.3g) ",
                x.n(), x.d(), m.clusters(), m.sigma(), m.passes(), m.converged() ? "converged" : "NOT converged", m.finalRelativeError());
        return Main.EXIT_OK;
    }
}
