package org.scorefdt.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A translation-equivariant score for a state on a ring of d components (e.g. Lorenz-96):
 * s_i(x) = (1/σ)[θ₀ + Σ_m a_m z_{i+m} + Σ_k c_k φ_k(w_i)] in standardised z, with a linear part over
 * the whole ring and monomials of degree 2 … p over a local window, fitted in closed form by score
 * matching ({@link Cholesky}). Deterministic; immutable and thread-safe. Design:
 * docs/score-models.md §3.
 */
public final class LocalPolynomialScore implements ScoreModel {
    private final int d, radius, degree;
    private final double mu, sigma;
    private final double[] theta;
    private final int[] parent, variable; // tree node k = node parent[k] · w[variable[k]]; node 0 is 1
    private final int lo;                 // first linear offset, −⌈d/2⌉ + 1

    private LocalPolynomialScore(int d, int radius, int degree, double mu, double sigma, double[] theta) {
        this.d = d;
        this.radius = radius;
        this.degree = degree;
        this.mu = mu;
        this.sigma = sigma;
        int[][] tree = monomials(2 * radius + 1, degree);
        this.parent = tree[0];
        this.variable = tree[1];
        this.lo = -((d + 1) / 2) + 1;
        if (theta.length != featureCount(d, radius, degree)) {
            throw new IllegalArgumentException("theta has " + theta.length + " values, d " + d + " radius " + radius + " degree "
                    + degree + " needs " + featureCount(d, radius, degree));
        }
        this.theta = theta.clone();
    }

    /**
     * From given parameters (e.g. a model file).
     *
     * @param mu    pooled mean μ
     * @param sigma pooled standard deviation σ &gt; 0
     * @param theta F coefficients: constant, d linear offsets −⌈d/2⌉+1 … ⌊d/2⌋, then the local
     *              monomials of degree 2 … p in canonical order (see {@link #featureCount})
     */
    public static LocalPolynomialScore of(int d, int radius, int degree, double mu, double sigma, double[] theta) {
        check(d, radius, degree);
        if (!Double.isFinite(mu)) throw new IllegalArgumentException("mu = " + mu + ": must be finite");
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma = " + sigma + ": must be finite and > 0");
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) throw new IllegalArgumentException("theta[" + k + "] = " + theta[k] + ": must be finite");
        }
        return new LocalPolynomialScore(d, radius, degree, mu, sigma, theta);
    }

    /**
     * Fits θ by score matching.
     *
     * @param samples {@code [n][d]} row-major, finite
     * @param radius  r ≥ 0 neighbours on each side, 2r + 1 ≤ d
     * @param degree  p ≥ 1 total degree of the monomials
     * @param ridge   λ ≥ 0, relative (added as λ·A_kk to the diagonal)
     * @throws IllegalArgumentException on bad sizes or data, or a singular system (names the ridge to try)
     */
    public static LocalPolynomialScore fit(double[] samples, int n, int d, int radius, int degree, double ridge) {
        check(d, radius, degree);
        if (n < 2 || (long) n * d > samples.length) {
            throw new IllegalArgumentException("n = " + n + " samples of d = " + d + ": need n >= 2 and " + (long) n * d
                    + " values, got " + samples.length);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) throw new IllegalArgumentException("ridge = " + ridge + ": must be finite and >= 0");
        double sum = 0;
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(samples[i])) {
                throw new IllegalArgumentException("sample " + i / d + ", component " + i % d + " = " + samples[i] + ": must be finite");
            }
            sum += samples[i];
        }
        double mu = sum / ((double) n * d), ss = 0;
        for (int i = 0; i < n * d; i++) ss += (samples[i] - mu) * (samples[i] - mu);
        double sigma = Math.sqrt(ss / ((double) n * d));
        if (!(sigma > 0)) throw new IllegalArgumentException("the samples are constant (pooled standard deviation 0): no score to fit");

        LocalPolynomialScore shape = new LocalPolynomialScore(d, radius, degree, mu, sigma,
                new double[(int) featureCount(d, radius, degree)]);
        int f = shape.theta.length;
        double[] a = new double[f * f], b = new double[f], phi = new double[f], dphi = new double[f], z = new double[d];
        double[] tp = new double[shape.parent.length], tdp = new double[shape.parent.length], win = new double[2 * radius + 1];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < d; i++) z[i] = (samples[s * d + i] - mu) / sigma;
            for (int i = 0; i < d; i++) {
                shape.features(z, i, win, tp, tdp, phi, dphi);
                for (int k = 0; k < f; k++) {
                    b[k] += dphi[k];
                    double pk = phi[k];
                    int row = k * f;
                    for (int l = 0; l <= k; l++) a[row + l] += pk * phi[l];
                }
            }
        }
        double scale = 1.0 / ((double) n * d);
        for (int k = 0; k < f; k++) {
            b[k] *= scale;
            for (int l = 0; l <= k; l++) {
                a[k * f + l] *= scale;
                a[l * f + k] = a[k * f + l];
            }
        }
        for (int k = 0; k < f; k++) a[k * f + k] *= 1 + ridge;
        Cholesky chol;
        try {
            chol = Cholesky.factor(a, f);
        } catch (Cholesky.NotPositiveDefiniteException e) {
            throw new IllegalArgumentException("score-matching system (radius " + radius + ", degree " + degree + ", " + f
                    + " features, ridge " + ridge + ") is singular at pivot " + e.pivot() + ": use more samples, a smaller"
                    + " window (2r+1 < d for even d) or a ridge such as " + (ridge > 0 ? 10 * ridge : 1e-8), e);
        }
        double[] theta = new double[f];
        chol.solve(b, 0, theta, 0);
        for (int k = 0; k < f; k++) theta[k] = -theta[k];
        return new LocalPolynomialScore(d, radius, degree, mu, sigma, theta);
    }

    private static void check(int d, int radius, int degree) {
        if (d < 1) throw new IllegalArgumentException("dimension = " + d + ": must be >= 1");
        if (radius < 0 || 2L * radius + 1 > d) { // window values distinct, else the monomials repeat
            throw new IllegalArgumentException("radius = " + radius + ": must be in 0 … " + (d - 1) / 2 + " (window 2r+1 <= d = " + d + ")");
        }
        if (degree < 1 || degree > 6) throw new IllegalArgumentException("degree = " + degree + ": must be in 1 … 6");
        if (featureCount(d, radius, degree) > 2000) {
            throw new IllegalArgumentException("d " + d + ", radius " + radius + ", degree " + degree + " gives "
                    + featureCount(d, radius, degree) + " features: at most 2000");
        }
    }

    /**
     * F = 1 + d + (C(2r+1+p, p) − 2r − 2): the constant, one linear feature per ring offset, and the
     * monomials of degree 2 … p in the 2r+1 window values.
     */
    public static long featureCount(int d, int radius, int degree) {
        long m = 2L * radius + 1, c = 1;
        for (int i = 1; i <= degree; i++) c = c * (m + i) / i;
        return 1 + d + (c - m - 1);
    }

    /**
     * Monomials in canonical order: 1, then degree 1, 2, … ; a monomial of degree g is its parent of
     * degree g−1 (whose largest variable is ≤ v) times variable v. Returns {parent, variable}.
     */
    private static int[][] monomials(int vars, int degree) {
        List<int[]> list = new ArrayList<>(); // {parent, variable, largest variable}
        list.add(new int[] {-1, -1, 0});
        int from = 0, to = 1;
        for (int g = 1; g <= degree; g++) {
            for (int k = from; k < to; k++) {
                int lo = list.get(k)[2];
                for (int v = lo; v < vars; v++) list.add(new int[] {k, v, v});
            }
            from = to;
            to = list.size();
        }
        int[] parent = new int[list.size()], variable = new int[list.size()];
        for (int k = 0; k < list.size(); k++) {
            parent[k] = list.get(k)[0];
            variable[k] = list.get(k)[1];
        }
        return new int[][] {parent, variable};
    }

    /**
     * Features φ(z; i) and ∂φ/∂z_i at position i: tree values tp/tdp for the window, then the layout
     * [1, z_{i+lo} … z_{i+lo+d−1}, nonlinear tree nodes].
     */
    private void features(double[] z, int i, double[] win, double[] tp, double[] tdp, double[] phi, double[] dphi) {
        phi[0] = 1;
        dphi[0] = 0;
        for (int m = 0; m < d; m++) {
            phi[1 + m] = z[Math.floorMod(i + lo + m, d)];
            dphi[1 + m] = lo + m == 0 ? 1 : 0;
        }
        if (degree < 2) return;
        for (int m = -radius; m <= radius; m++) win[m + radius] = z[Math.floorMod(i + m, d)];
        tp[0] = 1;
        tdp[0] = 0;
        int firstNonlinear = 2 * radius + 2, base = 1 + d - firstNonlinear;
        for (int k = 1; k < parent.length; k++) {
            int p = parent[k], v = variable[k];
            tp[k] = tp[p] * win[v];
            tdp[k] = tdp[p] * win[v] + (v == radius ? tp[p] : 0);
            if (k >= firstNonlinear) {
                phi[base + k] = tp[k];
                dphi[base + k] = tdp[k];
            }
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        int f = theta.length, t = parent.length;
        double[] z = new double[d], win = new double[2 * radius + 1], tp = new double[t], tdp = new double[t];
        double[] phi = new double[f], dphi = new double[f];
        double inv = 1 / sigma;
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < d; i++) z[i] = (x[m * d + i] - mu) * inv;
            for (int i = 0; i < d; i++) {
                features(z, i, win, tp, tdp, phi, dphi);
                double s = 0;
                for (int k = 0; k < f; k++) s += theta[k] * phi[k];
                out[m * d + i] = s * inv;
            }
        }
    }

    /** ∂s_i/∂x_i for a batch, {@code [members][d]} (the divergence is its row sum). */
    public void diagonalJacobian(double[] x, double[] out, int members) {
        int f = theta.length, t = parent.length;
        double[] z = new double[d], win = new double[2 * radius + 1], tp = new double[t], tdp = new double[t];
        double[] phi = new double[f], dphi = new double[f];
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < d; i++) z[i] = (x[m * d + i] - mu) / sigma;
            for (int i = 0; i < d; i++) {
                features(z, i, win, tp, tdp, phi, dphi);
                double s = 0;
                for (int k = 0; k < f; k++) s += theta[k] * dphi[k];
                out[m * d + i] = s / (sigma * sigma);
            }
        }
    }

    @Override
    public String name() {
        return "local-polynomial(r=" + radius + ",p=" + degree + ")";
    }

    public int radius() {
        return radius;
    }

    public int degree() {
        return degree;
    }

    /** Pooled mean μ of the standardisation. */
    public double mu() {
        return mu;
    }

    /** Pooled standard deviation σ of the standardisation. */
    public double sigma() {
        return sigma;
    }

    /** The first linear offset, −⌈d/2⌉ + 1: θ_{1+m} multiplies z_{i+lo+m}, m = 0 … d−1. */
    public int firstLinearOffset() {
        return lo;
    }

    /**
     * The nonlinear monomials (degree 2 … p) in feature order: row q holds the window positions
     * v ∈ 0 … 2r (the value z_{i+v−r}) in the order {@link #score} multiplies them (the tree's
     * tp[k] = tp[parent]·win[v], root first), so a device evaluation can repeat its roundings. Their
     * coefficients are θ_{1+d+q}. A fresh array.
     */
    public int[][] nonlinearMonomials() {
        int first = 2 * radius + 2;
        int[][] out = new int[Math.max(0, parent.length - first)][];
        for (int k = first; k < parent.length; k++) {
            int g = 0;
            for (int n = k; n > 0; n = parent[n]) g++;
            int[] v = new int[g];
            for (int n = k; n > 0; n = parent[n]) v[--g] = variable[n];
            out[k - first] = v;
        }
        return out;
    }

    /** θ (a copy): constant, linear offsets −⌈d/2⌉+1 … ⌊d/2⌋, nonlinear monomials in canonical order. */
    public double[] theta() {
        return theta.clone();
    }

    @Override
    public String toString() {
        return name() + " d=" + d + " mu=" + mu + " sigma=" + sigma + " theta=" + Arrays.toString(theta);
    }
}
