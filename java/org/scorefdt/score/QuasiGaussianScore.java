package org.scorefdt.score;

import org.scorefdt.ensemble.Observer;

/**
 * The quasi-Gaussian score: the score of the Gaussian with the data's mean μ and covariance C,
 * <pre>  s(x) = −C_ρ⁻¹ (x − μ),   C_ρ = C + ρ·(tr C / d)·I </pre>
 * with a ridge ρ ≥ 0 relative to the mean variance (so ρ is dimensionless). Used in the GFDT it
 * gives the quasi-Gaussian response R(t) = C(t) C⁻¹ (docs/systems.md §5). C_ρ is factored once by
 * {@link Cholesky}; a score costs O(d²) per member.
 *
 * <p>Dense: fitting costs O(d²) per sample and memory O(d²). For translation-invariant fields on a
 * periodic grid use {@link SpectralQuasiGaussianScore} (O(d log d)). Immutable and thread-safe.
 */
public final class QuasiGaussianScore implements ScoreModel {
    private final int d;
    private final double[] mean;
    private final double[] covariance; // regularised C_ρ
    private final double ridge;
    private final Cholesky factor;

    private QuasiGaussianScore(int d, double[] mean, double[] covariance, double ridge, Cholesky factor) {
        this.d = d;
        this.mean = mean;
        this.covariance = covariance;
        this.ridge = ridge;
        this.factor = factor;
    }

    /**
     * From a given mean and covariance.
     *
     * @param mean       μ, d values
     * @param covariance C, row-major d×d, symmetric
     * @param ridge      ρ ≥ 0, added as ρ·(tr C/d) to the diagonal
     * @throws IllegalArgumentException on bad shapes, a negative ridge, or when C_ρ is not positive
     *                                  definite (the message names the pivot and suggests a larger ridge)
     */
    public static QuasiGaussianScore of(double[] mean, double[] covariance, double ridge) {
        int d = mean.length;
        if (d < 1 || covariance.length != d * d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " values, mean has " + d
                    + ": need d×d = " + (long) d * d);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge = " + ridge + ": must be finite and >= 0");
        }
        double trace = 0;
        for (int i = 0; i < d; i++) trace += covariance[i * d + i];
        double[] reg = covariance.clone();
        double shift = ridge * trace / d;
        for (int i = 0; i < d; i++) reg[i * d + i] += shift;
        Cholesky chol;
        try {
            chol = Cholesky.factor(reg, d);
        } catch (Cholesky.NotPositiveDefiniteException e) {
            throw new IllegalArgumentException("quasi-Gaussian covariance (d = " + d + ", ridge = " + ridge
                    + ", tr C/d = " + trace / d + ") is not positive definite: Cholesky pivot " + e.pivot() + " = "
                    + e.value() + " (must be > 0); use more samples than dimensions or a larger ridge (e.g. "
                    + (ridge > 0 ? 10 * ridge : 1e-8) + ")", e);
        }
        return new QuasiGaussianScore(d, mean.clone(), reg, ridge, chol);
    }

    /**
     * Fits μ and C (unbiased, 1/(n−1)) to samples.
     *
     * @param samples {@code [n][d]} row-major
     */
    public static QuasiGaussianScore fit(double[] samples, int n, int d, double ridge) {
        Fitter f = new Fitter(d);
        f.add(samples, n);
        return f.build(ridge);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** μ. */
    /** The Cholesky factor of C_ρ that {@link #score} solves with. */
    public Cholesky factor() {
        return factor;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** The regularised covariance C_ρ = C + ρ·(tr C/d)·I, row-major d×d. */
    public double[] covariance() {
        return covariance.clone();
    }

    public double ridge() {
        return ridge;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        for (int m = 0; m < members; m++) {
            int off = m * d;
            for (int i = 0; i < d; i++) out[off + i] = x[off + i] - mean[i];
            factor.solve(out, off, out, off);
            for (int i = 0; i < d; i++) out[off + i] = -out[off + i];
        }
    }

    @Override
    public String name() {
        return "quasi-gaussian";
    }

    /**
     * Streams samples into a running mean and scatter matrix. Each batch is reduced about its own
     * mean and merged by Chan et al.'s pairwise update (the batched form of Welford's algorithm):
     * with δ = mean_b − mean, M₂ += M₂,b + δδᵀ·n·n_b/(n+n_b). Unlike raw sums Σxxᵀ this does not
     * lose the covariance to cancellation when |μ| ≫ σ. As an {@link Observer} every save of every
     * member is one sample (time-correlated samples still give consistent moments).
     *
     * <p>Not thread-safe.
     */
    public static final class Fitter implements Observer {
        private final int d;
        private long n;
        private final double[] mean;
        private final double[] m2; // upper triangle used, row-major d×d
        private final double[] batchMean, delta;

        public Fitter(int d) {
            if (d < 1) throw new IllegalArgumentException("dimension = " + d + ": must be >= 1");
            this.d = d;
            this.mean = new double[d];
            this.m2 = new double[d * d];
            this.batchMean = new double[d];
            this.delta = new double[d];
        }

        /** Adds {@code rows} samples, {@code samples} = {@code [rows][d]}. */
        public void add(double[] samples, int rows) {
            if (rows <= 0) return;
            if ((long) rows * d > samples.length) {
                throw new IllegalArgumentException("samples hold " + samples.length + " values, need " + rows + " × " + d);
            }
            java.util.Arrays.fill(batchMean, 0);
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < d; i++) batchMean[i] += samples[r * d + i];
            }
            for (int i = 0; i < d; i++) batchMean[i] /= rows;
            long nNew = n + rows;
            double w = (double) n * rows / nNew;
            for (int i = 0; i < d; i++) delta[i] = batchMean[i] - mean[i];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) m2[i * d + j] += w * delta[i] * delta[j];
            }
            for (int r = 0; r < rows; r++) {
                int off = r * d;
                for (int i = 0; i < d; i++) {
                    double ci = samples[off + i] - batchMean[i];
                    int row = i * d;
                    for (int j = i; j < d; j++) m2[row + j] += ci * (samples[off + j] - batchMean[j]);
                }
            }
            for (int i = 0; i < d; i++) mean[i] += delta[i] * rows / nNew;
            n = nNew;
        }

        @Override
        public void observe(long saveIndex, double time, double[] states, int members) {
            add(states, members);
        }

        /** Samples seen. */
        public long count() {
            return n;
        }

        /** Running mean. */
        public double[] mean() {
            return mean.clone();
        }

        /** Unbiased covariance M₂/(n−1), row-major d×d. */
        public double[] covariance() {
            if (n < 2) throw new IllegalStateException("covariance needs at least 2 samples, have " + n);
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) {
                    double v = m2[i * d + j] / (n - 1);
                    c[i * d + j] = v;
                    c[j * d + i] = v;
                }
            }
            return c;
        }

        /** The score of the moments so far; see {@link QuasiGaussianScore#of}. */
        public QuasiGaussianScore build(double ridge) {
            return QuasiGaussianScore.of(mean(), covariance(), ridge);
        }
    }
}
