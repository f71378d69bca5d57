package org.scorefdt.score;

import java.util.Arrays;
import java.util.Optional;

/**
 * Exponential-family score matching (Hyvärinen 2005, 2007): log p(x) ≈ θᵀT(x) with T every monomial
 * of degree 1 … D of the standardised state z = (x − μ)/σ (per component), so s(x) = Σ_k θ_k ∇T_k(x),
 * fitted in closed form, with D chosen on held-out data ({@link PolynomialFit}). Exact, up to sampling
 * error, for any density whose log is a polynomial of degree ≤ D. The score is stored as a polynomial
 * of degree D − 1 per component, so a row costs one tree pass over its monomials and a d × F'
 * product. Immutable and thread-safe. docs/score-models.md §11.
 */
public final class PolynomialScore implements ScoreModel {
    /** The degrees the automatic choice tries; 2 is the quasi-Gaussian fit. */
    public static final int MIN_DEGREE = 2, MAX_DEGREE = 6;

    /**
     * How to fit.
     *
     * @param degree      D in {@value #MIN_DEGREE} … {@value #MAX_DEGREE}, or 0: chosen by held-out Hyvärinen loss
     * @param ridge       λ, relative: A_kk·(1 + λ) on the diagonal; finite, ≥ 0
     * @param maxFeatures cap on the monomials (features); degrees above it are left out of the choice; 2 … 20000
     * @param holdout     share of the rows (the last ones) held out for the choice, in (0, 1)
     */
    public record Config(int degree, double ridge, int maxFeatures, double holdout) {
        public Config {
            if (degree != 0 && (degree < MIN_DEGREE || degree > MAX_DEGREE)) {
                throw new IllegalArgumentException("polynomial degree = " + degree + ": must be 0 (automatic) or " + MIN_DEGREE + " … " + MAX_DEGREE);
            }
            if (!(ridge >= 0) || Double.isInfinite(ridge)) throw new IllegalArgumentException("polynomial ridge = " + ridge + ": must be finite and >= 0");
            if (maxFeatures < 2 || maxFeatures > 20_000) {
                throw new IllegalArgumentException("polynomial maxFeatures = " + maxFeatures + ": must be in 2 … 20000");
            }
            if (!(holdout > 0 && holdout < 1)) throw new IllegalArgumentException("polynomial holdout = " + holdout + ": must be in (0, 1)");
        }

        /** Automatic degree, ridge 1e-8, at most 500 monomials, 20 % held out. */
        public static Config defaults() {
            return new Config(0, 1e-8, 500, 0.2);
        }

        public Config withDegree(int d) {
            return new Config(d, ridge, maxFeatures, holdout);
        }

        public Config withRidge(double r) {
            return new Config(degree, r, maxFeatures, holdout);
        }

        public boolean automatic() {
            return degree == 0;
        }
    }

    private final int d, degree, nGrad, nLap;
    private final double ridge;
    private final double[] mean, std, theta;
    private final Monomials mono;  // degree ≤ D: the features are monomials 1 … F
    private final double[] grad;   // [d][nGrad]: s_j(x) = Σ_m grad[j][m]·z^m over the monomials of degree ≤ D − 1
    private final double[] lap;    // [nLap]: ∇·s(x) = Σ_m lap[m]·z^m over degree ≤ D − 2
    private final HyperparameterChoice selection;

    PolynomialScore(double[] mean, double[] std, int degree, double[] theta, double ridge, HyperparameterChoice selection) {
        this.d = mean.length;
        this.degree = degree;
        this.mean = mean.clone();
        this.std = std.clone();
        this.ridge = ridge;
        this.selection = selection;
        this.mono = new Monomials(d, degree);
        if (theta.length != mono.size() - 1) {
            throw new IllegalArgumentException("theta has " + theta.length + " values; degree " + degree + " in d = " + d + " has "
                    + (mono.size() - 1) + " monomials");
        }
        this.theta = theta.clone();
        nGrad = (int) Monomials.count(d, degree - 1);
        nLap = (int) Monomials.count(d, degree - 2);
        grad = new double[d * nGrad];
        lap = new double[nLap];
        int[] e = new int[d];
        for (int k = 1; k < mono.size(); k++) { // ∂_j z^α = α_j z^(α − e_j), ∂_j² z^α = α_j(α_j − 1) z^(α − 2e_j)
            int[] a = mono.exponents[k];
            for (int j = 0; j < d; j++) {
                if (a[j] == 0) continue;
                System.arraycopy(a, 0, e, 0, d);
                e[j]--;
                grad[j * nGrad + mono.indexOf(e)] += theta[k - 1] * a[j] / std[j];
                if (a[j] >= 2) {
                    e[j]--;
                    lap[mono.indexOf(e)] += theta[k - 1] * a[j] * (a[j] - 1) / (std[j] * std[j]);
                }
            }
        }
    }

    /**
     * From stored parameters (a model file).
     *
     * @param mean      μ, d values, finite
     * @param std       σ, d values, finite and &gt; 0
     * @param theta     coefficients of the monomials of degree 1 … D in {@link #exponents()} order
     * @param selection how D was chosen, or {@code null} (given)
     */
    public static PolynomialScore of(double[] mean, double[] std, int degree, double[] theta, double ridge, HyperparameterChoice selection) {
        new Config(degree, ridge, Config.defaults().maxFeatures(), 0.5); // validates degree and ridge
        if (mean.length < 1 || std.length != mean.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " values, std " + std.length + ": need the same d >= 1");
        }
        for (int i = 0; i < mean.length; i++) {
            if (!Double.isFinite(mean[i])) throw new IllegalArgumentException("mean[" + i + "] = " + mean[i] + ": must be finite");
            if (!(std[i] > 0) || Double.isInfinite(std[i])) throw new IllegalArgumentException("std[" + i + "] = " + std[i] + ": must be finite and > 0");
        }
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) throw new IllegalArgumentException("theta[" + k + "] = " + theta[k] + ": must be finite");
        }
        return new PolynomialScore(mean, std, degree, theta, ridge, selection);
    }

    /** Fits with {@link Config#defaults()}: the degree chosen on held-out rows. */
    public static PolynomialScore fit(double[] data, int n, int d) {
        return fit(data, n, d, Config.defaults());
    }

    /**
     * Fits θ by score matching on {@code data [n][d]} (rows in save order: the held-out part is the last rows).
     *
     * @throws IllegalArgumentException on bad data, too few rows for the choice, or too many monomials even at degree 2
     */
    public static PolynomialScore fit(double[] data, int n, int d, Config config) {
        return PolynomialFit.fit(data, n, d, config);
    }

    /** F = C(d + D, D) − 1, the monomials of degree 1 … D in d variables ({@link Long#MAX_VALUE} when huge). */
    public static long featureCount(int d, int degree) {
        long c = Monomials.count(d, degree);
        return c == Long.MAX_VALUE ? c : c - 1;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        double[] z = new double[d], v = new double[nGrad];
        for (int r = 0; r < members; r++) {
            standardise(x, r * d, z);
            mono.values(z, 0, v, nGrad);
            for (int j = 0; j < d; j++) {
                double s = 0;
                int row = j * nGrad;
                for (int m = 0; m < nGrad; m++) s += grad[row + m] * v[m];
                out[r * d + j] = s;
            }
        }
    }

    /** ∇·s per row of {@code x [members][d]}, exactly (a polynomial of degree D − 2). */
    public void divergence(double[] x, double[] out, int members) {
        double[] z = new double[d], v = new double[nLap];
        for (int r = 0; r < members; r++) {
            standardise(x, r * d, z);
            mono.values(z, 0, v, nLap);
            double s = 0;
            for (int m = 0; m < nLap; m++) s += lap[m] * v[m];
            out[r] = s;
        }
    }

    private void standardise(double[] x, int off, double[] z) {
        for (int i = 0; i < d; i++) z[i] = (x[off + i] - mean[i]) / std[i];
    }

    @Override
    public String name() {
        return "polynomial(D=" + degree + ")";
    }

    public int degree() {
        return degree;
    }

    public double ridge() {
        return ridge;
    }

    /** μ of the standardisation (a copy). */
    public double[] mean() {
        return mean.clone();
    }

    /** σ of the standardisation (a copy). */
    public double[] std() {
        return std.clone();
    }

    /** θ, one per monomial of {@link #exponents()} (a copy). */
    public double[] theta() {
        return theta.clone();
    }

    /** The features' exponents α, {@code [F][d]}, in graded order (degree 1, then 2, …): T_k = Π_i z_i^α_ki. A fresh array. */
    public int[][] exponents() {
        return Arrays.stream(mono.exponents, 1, mono.size()).map(int[]::clone).toArray(int[][]::new);
    }

    /** How D was chosen on held-out data; empty when it was given. */
    public Optional<HyperparameterChoice> selection() {
        return Optional.ofNullable(selection);
    }

    @Override
    public String toString() {
        return name() + " d=" + d + " features=" + theta.length;
    }
}
