package org.scorefdt.score;

import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * KGMM: the score of the σ-smoothed data density estimated by clustering, from Tweedie's formula
 * s_σ(y) = −E[z | y]/σ² for y = x + z, z ~ N(0, σ²I): noisy samples are averaged per {@link KMeans}
 * cluster until converged ({@link #converged()}), then interpolated by a {@link ScoreInterpolator}.
 * Immutable and thread-safe once fitted; data {@code [n][d]}. Algorithm: docs/score-models.md §2.
 */
public final class KgmmScore implements ScoreModel {
    private final Config config;
    private final int d, clusters;
    private final double[] centroids, scores, divergences, weights, standardErrors;
    private final int passes;
    private final boolean converged;
    private final double finalRelativeError;
    private final HyperparameterChoice selection;
    private final ScoreInterpolator.Interpolant scoreField, divergenceField;

    /**
     * KGMM settings.
     *
     * @param clusters          k, 1 ≤ k ≤ n, or 0: chosen on held-out data ({@link KgmmSelection})
     * @param sigma             σ &gt; 0, the noise level (state units), or 0: chosen on held-out data
     * @param tolerance         relative standard error at which to stop, &gt; 0
     * @param minPasses         passes before the criterion is tested, ≥ 1
     * @param maxPasses         cap, ≥ minPasses
     * @param kmeansIterations  Lloyd iteration cap, ≥ 1
     * @param seed              seeds k-means++ and the noise draws
     * @param interpolator      how cluster values become a field
     */
    public record Config(int clusters, double sigma, double tolerance, int minPasses, int maxPasses,
                         int kmeansIterations, long seed, ScoreInterpolator interpolator, KgmmSelection selection) {
        public Config {
            if (clusters < 0) throw new IllegalArgumentException("KGMM clusters = " + clusters + ": must be >= 1, or 0 to choose automatically");
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("KGMM sigma = " + sigma + ": must be finite and > 0, or 0 to choose automatically");
            }
            if (!(tolerance > 0)) throw new IllegalArgumentException("KGMM tolerance = " + tolerance + ": must be > 0");
            if (minPasses < 1 || maxPasses < minPasses) {
                throw new IllegalArgumentException("KGMM passes: min = " + minPasses + ", max = " + maxPasses + ": need 1 <= min <= max");
            }
            if (kmeansIterations < 1) throw new IllegalArgumentException("k-means iterations = " + kmeansIterations + ": must be >= 1");
            if (interpolator == null) throw new IllegalArgumentException("KGMM interpolator must not be null");
            if (selection == null) throw new IllegalArgumentException("KGMM selection grid must not be null");
        }

        /**
         * Given clusters and σ (both &gt; 0, or 0 to choose that one automatically); otherwise the
         * defaults: tolerance 0.02, 2–500 passes, 100 Lloyd iterations, kernel interpolator with the
         * nearest-neighbour rule, {@link KgmmSelection#defaults()}.
         */
        public static Config of(int clusters, double sigma, long seed) {
            return new Config(clusters, sigma, 0.02, 2, 500, 100, seed, KernelScoreInterpolator.withNearestNeighbourRule(1.0),
                    KgmmSelection.defaults());
        }

        /** The default configuration: K and σ chosen on held-out data (docs/score-models.md §2.1). */
        public static Config defaults(long seed) {
            return of(0, 0, seed);
        }

        /** Whether K or σ is left to {@link KgmmSelection}. */
        public boolean automatic() {
            return clusters == 0 || sigma == 0;
        }

        public Config with(int clusters, double sigma) {
            return new Config(clusters, sigma, tolerance, minPasses, maxPasses, kmeansIterations, seed, interpolator, selection);
        }

        public Config withTolerance(double tol, int minPasses, int maxPasses) {
            return new Config(clusters, sigma, tol, minPasses, maxPasses, kmeansIterations, seed, interpolator, selection);
        }

        public Config withInterpolator(ScoreInterpolator i) {
            return new Config(clusters, sigma, tolerance, minPasses, maxPasses, kmeansIterations, seed, i, selection);
        }

        public Config withSelection(KgmmSelection grid) {
            return new Config(clusters, sigma, tolerance, minPasses, maxPasses, kmeansIterations, seed, interpolator, grid);
        }
    }

    private KgmmScore(Config config, int d, double[] centroids, double[] scores, double[] divergences, double[] weights,
                      double[] standardErrors, int clusters, int passes, boolean converged, double finalRelativeError,
                      HyperparameterChoice selection) {
        this.config = config;
        this.d = d;
        this.clusters = clusters;
        this.centroids = centroids;
        this.scores = scores;
        this.divergences = divergences;
        this.weights = weights;
        this.standardErrors = standardErrors;
        this.passes = passes;
        this.converged = converged;
        this.finalRelativeError = finalRelativeError;
        this.selection = selection;
        this.scoreField = config.interpolator().fit(centroids, scores, weights, clusters, d, d);
        this.divergenceField = config.interpolator().fit(centroids, divergences, weights, clusters, d, 1);
    }

    /**
     * KGMM with the default configuration: K and σ chosen on held-out data ({@link Config#defaults}),
     * the choice in {@link #selection()}. Deterministic for a seed.
     *
     * @param data {@code [n][d]}, finite, n large enough to hold out 128 points (n &gt;= 640 by default)
     */
    public static KgmmScore fit(double[] data, int n, int d, long seed) {
        return fit(data, n, d, Config.defaults(seed));
    }

    /**
     * Fits KGMM to data; an automatic K or σ is chosen first ({@link KgmmSelection}).
     *
     * @param data {@code [n][d]}, finite
     * @throws IllegalArgumentException on non-finite data (row and column named), k &gt; n, bad sizes
     */
    public static KgmmScore fit(double[] data, int n, int d, Config config) {
        return config.automatic() ? config.selection().fit(data, n, d, config) : fitFixed(data, n, d, config, null);
    }

    /** Fits with a concrete K and σ, recording {@code selection} (null: given). */
    static KgmmScore fitFixed(double[] data, int n, int d, Config config, HyperparameterChoice selection) {
        KMeans.checkData(data, n, d);
        int k = config.clusters();
        if (k > n) throw new IllegalArgumentException("KGMM clusters k = " + k + ": must be <= n = " + n + " data points");
        KMeans.Result part = KMeans.fit(data, n, d, k, config.seed(), config.kmeansIterations());
        double[] c = part.centroids();
        double sigma = config.sigma();
        KgmmAccumulator acc = new KgmmAccumulator(k, d, sigma);
        double[] z = new double[d], y = new double[d];
        Philox.Scratch scratch = new Philox.Scratch();
        int pass = 0;
        boolean done = false;
        double worst = Double.POSITIVE_INFINITY;
        while (pass < config.maxPasses() && !done) {
            pass++;
            for (int i = 0; i < n; i++) {
                Philox.normals(config.seed(), Streams.KGMM, i, pass, z, 0, d, scratch);
                for (int j = 0; j < d; j++) {
                    z[j] *= sigma;
                    y[j] = data[i * d + j] + z[j];
                }
                acc.add(KMeans.nearest(c, k, d, y, 0), y, 0, z, 0);
            }
            if (pass >= config.minPasses()) {
                double ref = acc.scoreScale();
                worst = 0;
                for (int q = 0; q < k; q++) if (acc.count[q] > 0) worst = Math.max(worst, acc.relativeError(q, ref));
                done = worst < config.tolerance();
            }
        }
        return readOff(config, acc, d, pass, done, worst, selection);
    }

    private static KgmmScore readOff(Config config, KgmmAccumulator acc, int d, int passes, boolean converged, double worst,
                                     HyperparameterChoice selection) {
        int kept = 0;
        for (int q = 0; q < acc.k; q++) if (acc.count[q] > 0) kept++;
        double[] cent = new double[kept * d], sc = new double[kept * d], div = new double[kept], w = new double[kept], se = new double[kept];
        int r = 0;
        for (int q = 0; q < acc.k; q++) {
            long m = acc.count[q];
            if (m == 0) continue;
            for (int j = 0; j < d; j++) {
                cent[r * d + j] = acc.sumY[q * d + j] / m;
                sc[r * d + j] = acc.sumS[q * d + j] / m;
            }
            div[r] = acc.divergence(q);
            w[r] = m;
            se[r] = acc.standardError(q);
            r++;
        }
        return new KgmmScore(config, d, cent, sc, div, w, se, kept, passes, converged, worst, selection);
    }

    /**
     * Rebuilds a fitted model from what {@link #centroids()}, {@link #clusterScores()},
     * {@link #clusterDivergences()}, {@link #clusterCounts()}, {@link #clusterStandardErrors()},
     * {@link #passes()}, {@link #converged()} and {@link #finalRelativeError()} returned (model
     * files): the interpolants are fitted again on the same anchors, so outputs are bitwise equal.
     *
     * @throws IllegalArgumentException on inconsistent shapes or an automatic config
     */
    public static KgmmScore restore(Config config, int d, double[] centroids, double[] scores, double[] divergences,
                                    double[] counts, double[] standardErrors, int passes, boolean converged,
                                    double finalRelativeError) {
        int k = divergences.length;
        if (config.automatic()) throw new IllegalArgumentException("KGMM restore needs the fitted clusters and sigma, not automatic ones");
        if (d < 1 || k < 1 || centroids.length != (long) k * d || scores.length != (long) k * d || counts.length != k
                || standardErrors.length != k) {
            throw new IllegalArgumentException("KGMM restore: " + k + " clusters of dimension " + d + " need centroids and scores of "
                    + (long) k * d + " values and counts and standard errors of " + k + "; have " + centroids.length + ", "
                    + scores.length + ", " + counts.length + ", " + standardErrors.length);
        }
        return new KgmmScore(config, d, centroids.clone(), scores.clone(), divergences.clone(), counts.clone(),
                standardErrors.clone(), k, passes, converged, finalRelativeError, null);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** Interpolated s_σ at {@code x [members][d]}. */
    @Override
    public void score(double[] x, double[] out, int members) {
        scoreField.evaluate(x, out, members);
    }

    /** Interpolated divergence ∇·s_σ, {@code out [members]}. */
    public void divergence(double[] x, double[] out, int members) {
        divergenceField.evaluate(x, out, members);
    }

    /** Clusters kept (non-empty). */
    public int clusters() {
        return clusters;
    }

    /** Cluster positions ȳ_q (mean of the noisy samples in each cell), {@code [clusters][d]}. */
    public double[] centroids() {
        return centroids.clone();
    }

    /** ŝ_q ≈ s_σ(ȳ_q), {@code [clusters][d]}. */
    public double[] clusterScores() {
        return scores.clone();
    }

    /** Divergence estimates per cluster. */
    public double[] clusterDivergences() {
        return divergences.clone();
    }

    /** Noisy samples averaged per cluster, N_q. */
    public double[] clusterCounts() {
        return weights.clone();
    }

    /**
     * Standard error of each ŝ_q from the noise averaging, √(Σ_j Var(−z_j/σ²)/N_q) (∞ below 2
     * samples). It excludes the finite-data error (the estimate targets the σ-smoothed
     * <em>empirical</em> density, whose score differs from p_σ's by O(1/√n)).
     */
    public double[] clusterStandardErrors() {
        return standardErrors.clone();
    }

    /** Passes over the data run. */
    public int passes() {
        return passes;
    }

    /** Whether the tolerance was met before the cap. */
    public boolean converged() {
        return converged;
    }

    /** The largest relative standard error at the last check (∞ if never checked). */
    public double finalRelativeError() {
        return finalRelativeError;
    }

    /** How K and σ were chosen, when they were chosen on held-out data (not kept in model files). */
    public java.util.Optional<HyperparameterChoice> selection() {
        return java.util.Optional.ofNullable(selection);
    }

    public Config config() {
        return config;
    }

    public double sigma() {
        return config.sigma();
    }

    @Override
    public String name() {
        return "kgmm";
    }
}
