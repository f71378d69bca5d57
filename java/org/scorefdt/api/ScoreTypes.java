package org.scorefdt.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;
import org.scorefdt.config.TrainSettings;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KefScore;
import org.scorefdt.score.KgmmScore;
import org.scorefdt.score.PolynomialScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.NetworkKernels;

/**
 * The score types a {@link ResponseStudy} fits by default, each with its own type's default settings
 * (the ones {@code scorefdt train} uses), so the API adds no hyper-parameters of its own: a change of
 * a type's defaults reaches the study unchanged. The kernel fits run on the Java reference kernels;
 * the DSM network trains on the study's tiers (the fastest present without them, as
 * {@code train --model dsm} does by default), and the study evaluates it on its run's tiers.
 */
public final class ScoreTypes {
    private ScoreTypes() {}

    /** Rows of the kernel exponential family's fit. */
    public static final int KEF_ROWS = 32768;

    /** Gaussian fit with the train command's default ridge; the baseline every study compares against. */
    public static final ScoreType QUASI_GAUSSIAN = closedForm((x, n, d, seed) -> QuasiGaussianScore.fit(x, n, d, TrainSettings.DEFAULTS.ridge()),
            (full, x, n, d) -> QuasiGaussianScore.fit(x, n, d, TrainSettings.DEFAULTS.ridge()), Integer.MAX_VALUE, Integer.MAX_VALUE);

    /** The KDE's default: extrapolated to h → 0, h by held-out score matching ({@link KdeScore#fit(double[], int, int)}). */
    public static final ScoreType KDE = kernelFit((x, n, d, seed) -> KdeScore.fit(x, n, d));

    /** KGMM with K and σ chosen on held-out data ({@link KgmmScore#fit(double[], int, int, long)}). */
    public static final ScoreType KGMM = kernelFit((x, n, d, seed) -> KgmmScore.fit(x, n, d, seed));

    /**
     * Exponential-family score matching with {@link PolynomialScore.Config#defaults()} (degree chosen on held-out
     * rows; needs d small enough that the degree-2 monomials fit the cap, about d ≤ 30).
     */
    public static final ScoreType POLYNOMIAL = closedForm((x, n, d, seed) -> PolynomialScore.fit(x, n, d),
            (full, x, n, d) -> PolynomialScore.fit(x, n, d, PolynomialScore.Config.defaults().withDegree(((PolynomialScore) full).degree())),
            Integer.MAX_VALUE, Integer.MAX_VALUE);

    /**
     * Kernel exponential family ({@link KefScore#fit}: polynomial plus Gaussian bumps, width and ridge on held-out
     * rows), on at most {@link #KEF_ROWS} rows: its fit costs rows × features² per candidate.
     */
    public static final ScoreType KEF = closedForm((x, n, d, seed) -> KefScore.fit(x, n, d),
            (full, x, n, d) -> ((KefScore) full).refit(x, n), KEF_ROWS, KefScore.MAX_DIMENSION);

    /**
     * A DSM-trained MLP with the defaults ({@link DsmTrainer#fitDefault}: read-off chosen on held-out data), seeded by
     * the study and trained on the study's tiers (its {@code backend}); without tiers, on the fastest present, as
     * {@code train --model dsm} does by default ({@code --tier auto}). A model fitted on the study's tiers keeps them;
     * one fitted without holds the Java reference passes, since the tiers it trained on are closed after the fit.
     */
    public static final ScoreType DSM_MLP = new ScoreType() {
        @Override
        public ScoreModel fit(double[] x, int n, int d, long seed) {
            try (TierChain tiers = Backends.open(BackendKind.AUTO)) {
                return DsmTrainer.fitDefault(x, n, d, seed, tiers).withKernels(NetworkKernels.REFERENCE); // the tiers close here
            }
        }

        @Override
        public ScoreModel fit(double[] x, int n, int d, long seed, TierChain tiers) {
            return DsmTrainer.fitDefault(x, n, d, seed, tiers); // evaluates on the tiers it trained on: the study's
        }

        @Override
        public int maxRows() {
            return KERNEL_ROWS;
        }
    };

    /**
     * Training rows of the kernel and network types ({@link ScoreType#maxRows()}): a KDE evaluates every centre
     * at every save, so more rows cost evaluation time in proportion; 8192 is the study's default cap.
     */
    public static final int KERNEL_ROWS = 8192;

    /** A refit of a closed-form type with the hyper-parameters of its fit on every row. */
    private interface Refit {
        ScoreModel apply(ScoreModel full, double[] x, int n, int d);
    }

    /**
     * A closed-form (score-matching) fit on at most {@code rows} rows, for d ≤ {@code maxDimension}, refitted per
     * member block left out with the full fit's hyper-parameters, so its error bars include the fit's own.
     */
    private static ScoreType closedForm(ScoreType t, Refit refit, int rows, int maxDimension) {
        return typed(t, rows, maxDimension, refit);
    }

    /** A kernel fit: at most {@link #KERNEL_ROWS} rows, any dimension, not refitted. */
    private static ScoreType kernelFit(ScoreType t) {
        return typed(t, KERNEL_ROWS, Integer.MAX_VALUE, null);
    }

    /** {@code t}'s fit with the study traits given ({@code refit} null: not refitted per block). */
    private static ScoreType typed(ScoreType t, int rows, int maxDimension, Refit refit) {
        return new ScoreType() {
            @Override
            public ScoreModel fit(double[] x, int n, int d, long seed) {
                return t.fit(x, n, d, seed);
            }

            @Override
            public ScoreModel refit(ScoreModel full, double[] x, int n, int d, long seed, TierChain tiers) {
                return refit != null ? refit.apply(full, x, n, d) : fit(x, n, d, seed, tiers);
            }

            @Override
            public int maxRows() {
                return rows;
            }

            @Override
            public boolean refitPerBlock() {
                return refit != null;
            }

            @Override
            public boolean appliesTo(int d) {
                return d <= maxDimension;
            }
        };
    }

    /** Name of the baseline in {@link #defaults()}. */
    public static final String BASELINE = "quasi-gaussian";

    /** quasi-gaussian, kde, kgmm, polynomial, kef, dsm-mlp, in that order. */
    public static Map<String, ScoreType> defaults() {
        Map<String, ScoreType> m = new LinkedHashMap<>();
        m.put(BASELINE, QUASI_GAUSSIAN);
        m.put("kde", KDE);
        m.put("kgmm", KGMM);
        m.put("polynomial", POLYNOMIAL);
        m.put("kef", KEF);
        m.put("dsm-mlp", DSM_MLP);
        return m;
    }
}
