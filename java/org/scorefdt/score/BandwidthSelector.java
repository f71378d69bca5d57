package org.scorefdt.score;

/**
 * Turns a {@link Bandwidth} into the isotropic bandwidth h of a {@link KdeScore}.
 * <ul>
 *   <li>Scott: h = σ̄ n^(−1/(d+4)); Silverman: h = σ̄ (4/((d+2) n))^(1/(d+4)), with σ̄ the mean over
 *       dimensions of the per-dimension sample standard deviation (normal-reference rules: optimal
 *       in mean integrated squared error for Gaussian data with covariance σ̄²I).</li>
 *   <li>Cross-validation: maximise the leave-one-out log-likelihood
 *       CV(h) = (1/m) Σ_q log p̂_{−q}(x_q) over a log grid around the Scott value (likelihood CV:
 *       consistent, picks h → 0 only for duplicated points, which it then reports).</li>
 *   <li>Score matching: minimise the held-out Hyvärinen loss of the score itself ({@link Bandwidth.ScoreMatching}).</li>
 * </ul>
 */
public final class BandwidthSelector {
    private BandwidthSelector() {}

    /** The outcome of cross-validation: the chosen h, the grid and CV(h) on it. */
    public record CvResult(double h, double[] grid, double[] logLikelihood) {}

    /**
     * The bandwidth for {@code bandwidth} on {@code samples} {@code [n][d]}.
     *
     * @throws IllegalArgumentException on bad data (see {@link KdeScore#of}) or data with zero
     *                                  spread (no rule can give h > 0)
     */
    public static double select(Bandwidth bandwidth, double[] samples, int n, int d, ScoreKernels kernels, int threads) {
        if (bandwidth instanceof Bandwidth.Fixed f) return f.h();
        if (bandwidth instanceof Bandwidth.Scott) return scott(samples, n, d);
        if (bandwidth instanceof Bandwidth.Silverman) return silverman(samples, n, d);
        if (bandwidth instanceof Bandwidth.ScoreMatching sm) return scoreMatch(sm, samples, n, d, kernels, threads).h();
        return crossValidate((Bandwidth.CrossValidated) bandwidth, samples, n, d, kernels, threads).h();
    }

    /** σ̄ n^(−1/(d+4)). */
    public static double scott(double[] samples, int n, int d) {
        return meanStd(samples, n, d) * Math.pow(n, -1.0 / (d + 4));
    }

    /** σ̄ (4/((d+2) n))^(1/(d+4)). */
    public static double silverman(double[] samples, int n, int d) {
        return meanStd(samples, n, d) * Math.pow(4.0 / ((d + 2.0) * n), 1.0 / (d + 4));
    }

    /** Mean over dimensions of the per-dimension standard deviation (1/(n−1); two-pass). */
    static double meanStd(double[] samples, int n, int d) {
        KdeScore.checkData(samples, n, d);
        if (n < 2) throw new IllegalArgumentException("a bandwidth rule needs n >= 2 data points, has " + n);
        double sum = 0;
        for (int k = 0; k < d; k++) {
            double mean = 0;
            for (int i = 0; i < n; i++) mean += samples[i * d + k];
            mean /= n;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                double v = samples[i * d + k] - mean;
                ss += v * v;
            }
            sum += Math.sqrt(ss / (n - 1));
        }
        double s = sum / d;
        if (!(s > 0)) {
            throw new IllegalArgumentException("KDE data have zero spread in every dimension (n = " + n
                    + "): a bandwidth rule gives h = 0; give a fixed bandwidth");
        }
        return s;
    }

    /** Leave-one-out likelihood cross-validation over {@code cv}'s grid (see {@link Bandwidth.CrossValidated}). */
    public static CvResult crossValidate(Bandwidth.CrossValidated cv, double[] samples, int n, int d, ScoreKernels kernels,
                                         int threads) {
        double h0 = scott(samples, n, d);
        int m = Math.min(n, cv.maxQueries());
        int stride = (n + m - 1) / m;
        int[] rows = new int[(n + stride - 1) / stride];
        for (int q = 0; q < rows.length; q++) rows[q] = q * stride;
        double[] grid = new double[cv.points()];
        double[] ll = new double[cv.points()];
        double[] out = new double[rows.length];
        int best = 0;
        double ratio = cv.maxFactor() / cv.minFactor();
        for (int g = 0; g < grid.length; g++) {
            grid[g] = h0 * cv.minFactor() * Math.pow(ratio, (double) g / (grid.length - 1));
            try (KdeScore kde = KdeScore.of(samples, n, d, grid[g], kernels, threads)) {
                kde.leaveOneOutLogDensity(rows, out);
            }
            double s = 0;
            for (double v : out) s += v;
            ll[g] = s / rows.length;
            if (ll[g] > ll[best]) best = g;
        }
        return new CvResult(grid[best], grid, ll);
    }

    /**
     * The outcome of held-out score matching: the chosen h (for all n points), the grid (for the fit
     * part), J(h) with its standard error on it, and the sizes of the two parts.
     */
    public record ScoreMatchResult(double h, double[] grid, double[] loss, double[] lossStderr, int fitPoints, int heldOut) {
        /** As a report object for score type {@code model}. */
        public HyperparameterChoice choice(String model) {
            double[][] g = new double[grid.length][];
            for (int i = 0; i < g.length; i++) g[i] = new double[] {grid[i]};
            return new HyperparameterChoice(model, "held-out Hyvärinen loss", java.util.List.of("h"), g, loss, lossStderr,
                    HyperparameterChoice.argmin(loss), new double[] {h}, fitPoints, heldOut);
        }
    }

    /** Held-out score matching of the plain KDE over {@code sm}'s grid (see {@link Bandwidth.ScoreMatching}). */
    public static ScoreMatchResult scoreMatch(Bandwidth.ScoreMatching sm, double[] samples, int n, int d, ScoreKernels kernels,
                                              int threads) {
        return scoreMatch(sm, 0, samples, n, d, kernels, threads);
    }

    /**
     * Held-out score matching over {@code sm}'s grid of the plain KDE ({@code ratio} = 0) or of its
     * Richardson extrapolation from h and ratio·h ({@code ratio} &gt; 1, {@link RichardsonScore}). The
     * best h is rescaled from the fit part to n by the score's own n-dependence: (n_fit/n)^(1/(d+4))
     * for the plain KDE, (n_fit/n)^(1/(d+10)) for the extrapolation, whose bias is O(h⁴)
     * (docs/score-models.md §10).
     */
    public static ScoreMatchResult scoreMatch(Bandwidth.ScoreMatching sm, double ratio, double[] samples, int n, int d,
                                              ScoreKernels kernels, int threads) {
        int held = (int) Math.round(sm.holdout() * n), fit = n - held;
        if (held < 2 * ScoreDiagnostics.BLOCKS || fit < 2) {
            throw new IllegalArgumentException("score-matching bandwidth needs >= " + 2 * ScoreDiagnostics.BLOCKS
                    + " held-out points (holdout " + sm.holdout() + " of n = " + n + " gives " + held + ")");
        }
        double[] fitData = java.util.Arrays.copyOf(samples, fit * d);
        double[] heldData = java.util.Arrays.copyOfRange(samples, fit * d, n * d);
        double h0 = scott(fitData, fit, d);
        double[] grid = new double[sm.points()], loss = new double[sm.points()], se = new double[sm.points()];
        double step = sm.maxFactor() / sm.minFactor();
        for (int g = 0; g < grid.length; g++) {
            grid[g] = h0 * sm.minFactor() * Math.pow(step, (double) g / (grid.length - 1));
            try (KdeScore kde = KdeScore.of(fitData, fit, d, grid[g], kernels, threads);
                 KdeScore coarse = ratio > 0 ? KdeScore.of(fitData, fit, d, ratio * grid[g], kernels, threads) : null) {
                ScoreModel s = ratio > 0 ? RichardsonScore.of(kde, coarse, ratio) : kde;
                double[] j = ScoreDiagnostics.hyvarinen(s, heldData, held, 0);
                loss[g] = j[0];
                se[g] = j[1];
            }
        }
        int best = HyperparameterChoice.argmin(loss);
        double exponent = ratio > 0 ? 1.0 / (d + 10) : 1.0 / (d + 4);
        return new ScoreMatchResult(grid[best] * Math.pow((double) fit / n, exponent), grid, loss, se, fit, held);
    }
}
