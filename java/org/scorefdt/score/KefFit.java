package org.scorefdt.score;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link KefScore} (docs/score-models.md §13). Hyvärinen's J(θ) = E[½|s|² + ∇·s] =
 * ½θᵀAθ + θᵀb with A_kl = E[∇T_k·∇T_l], b_k = E[ΔT_k], so θ = −(A + λ·diag A)⁻¹ b by Cholesky. The bump
 * width ℓ and the ridge λ are chosen by J on the last {@link #HOLDOUT} of the rows (fitted on the rest),
 * then the choice is refitted on every row. The polynomial part has degree 4, for d ≤ {@link #MAX_DIMENSION}.
 * Deterministic.
 */
final class KefFit {
    /** Bumps at most; fewer where rows are scarce (one per 64 rows). */
    static final int MAX_BUMPS = 48;
    /** Bump widths tried, in standard deviations of the data. */
    private static final double[] WIDTHS = {0.5, 1.0};
    /** Ridges tried (relative to the diagonal). */
    private static final double[] RIDGES = {1e-4, 1e-2};
    static final double HOLDOUT = 0.2;

    private KefFit() {}

    /** The largest dimension fitted (degree 4: 209 monomials at d = 6). */
    static final int MAX_DIMENSION = 6;

    static KefScore fit(double[] data, int n, int d) {
        check(data, n, d);
        int degree = 4;
        int held = (int) Math.round(HOLDOUT * n), fit = n - held;
        List<double[]> grid = new ArrayList<>();
        List<Double> loss = new ArrayList<>(), se = new ArrayList<>();
        double[] heldRows = java.util.Arrays.copyOfRange(data, fit * d, n * d);
        for (double w : WIDTHS) {
            KefScore shell = shell(data, fit, d, degree, w, bumps(fit));
            double[][] ab = system(shell, data, fit);
            for (double ridge : RIDGES) {
                KefScore s;
                try {
                    s = solved(shell, ab, ridge, null);
                } catch (Cholesky.NotPositiveDefiniteException e) {
                    continue; // singular at this ridge: left out of the choice
                }
                double[] j = heldOutLoss(s, heldRows, held);
                grid.add(new double[] {w, ridge});
                loss.add(j[0]);
                se.add(j[1]);
            }
        }
        if (grid.isEmpty()) throw new IllegalArgumentException("kef score: every width's system is singular on " + fit + " rows");
        double[] l = loss.stream().mapToDouble(Double::doubleValue).toArray(), e = se.stream().mapToDouble(Double::doubleValue).toArray();
        int best = HyperparameterChoice.argmin(l);
        double[] chosen = grid.get(best);
        HyperparameterChoice choice = new HyperparameterChoice("kef", "held-out Hyvärinen loss (minimum)", List.of("width", "ridge"),
                grid.toArray(double[][]::new), l, e, best, chosen.clone(), fit, held);
        KefScore shell = shell(data, n, d, degree, chosen[0], bumps(fit));
        try {
            return solved(shell, system(shell, data, n), chosen[1], choice);
        } catch (Cholesky.NotPositiveDefiniteException ex) {
            throw new IllegalArgumentException("kef score: the chosen system (width " + chosen[0] + ", ridge " + chosen[1] + ") is singular on all "
                    + n + " rows at pivot " + ex.pivot(), ex);
        }
    }

    /** A fitted score's degree, bump count, width and ridge on other rows, no choice made (a jackknife replicate). */
    static KefScore refit(KefScore like, double[] data, int n) {
        int d = like.dimension();
        check(data, n, d);
        KefScore shell = shell(data, n, d, like.degree(), like.width(), like.bumps());
        try {
            return solved(shell, system(shell, data, n), like.ridge(), null);
        } catch (Cholesky.NotPositiveDefiniteException ex) {
            throw new IllegalArgumentException("kef score: the system (width " + like.width() + ", ridge " + like.ridge() + ") is singular on "
                    + n + " rows at pivot " + ex.pivot(), ex);
        }
    }

    private static void check(double[] data, int n, int d) {
        if (d < 1 || d > MAX_DIMENSION || n < 64 || (long) n * d > data.length) {
            throw new IllegalArgumentException("kef score: n = " + n + " rows of d = " + d + ": need n >= 64, 1 <= d <= " + MAX_DIMENSION
                    + " and " + (long) n * d + " values, got " + data.length);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(data[i])) throw new IllegalArgumentException("row " + i / d + ", component " + i % d + " = " + data[i] + ": must be finite");
        }
    }

    /** Bumps for a fit on {@code rows} rows: one per 64 rows, at most {@link #MAX_BUMPS}. */
    private static int bumps(int rows) {
        return Math.max(1, Math.min(MAX_BUMPS, rows / 64));
    }

    /** The basis on rows [0, rows): standardisation from them, {@code m} bumps at the fixed centres. */
    private static KefScore shell(double[] x, int rows, int d, int degree, double width, int m) {
        double[] mu = new double[d], sd = new double[d];
        PolynomialFit.standardisation("kef score", x, 0, rows, d, mu, sd);
        double[] c = centres(m, d);
        int poly = (int) Monomials.count(d, degree) - 1;
        return new KefScore(mu, sd, degree, c, width, new double[poly + m], 0, null);
    }

    /**
     * m bump centres in standardised coordinates: the Halton points (bases 2, 3, 5, …) of the box
     * [−{@value #BOX}, {@value #BOX}]^d. Data-independent on purpose: centres drawn from the rows would move
     * when a member block is left out, and that jump, not the fit's sampling error, would dominate the
     * jackknife's error bars.
     */
    static double[] centres(int m, int d) {
        double[] c = new double[m * d];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) c[k * d + i] = BOX * (2 * radicalInverse(k + 1, PRIMES[i]) - 1);
        }
        return c;
    }

    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13}; // one base per dimension, d ≤ MAX_DIMENSION
    /** Half-width of the centres' box, in standard deviations. */
    static final double BOX = 2.5;

    /** The van der Corput radical inverse of k in base b. */
    private static double radicalInverse(int k, int b) {
        double f = 1, r = 0;
        while (k > 0) {
            f /= b;
            r += f * (k % b);
            k /= b;
        }
        return r;
    }

    /** {A (f×f, row-major), b (f)} over rows [0, rows). */
    private static double[][] system(KefScore s, double[] x, int rows) {
        int d = s.dimension(), f = s.features();
        double[] a = new double[f * f], b = new double[f], grad = new double[f * d], lap = new double[f];
        KefScore.Scratch scratch = s.new Scratch();
        for (int r = 0; r < rows; r++) {
            s.basis(x, r * d, scratch, grad, lap);
            for (int k = 0; k < f; k++) {
                b[k] += lap[k];
                for (int l = 0; l <= k; l++) {
                    double v = 0;
                    for (int j = 0; j < d; j++) v += grad[k * d + j] * grad[l * d + j];
                    a[k * f + l] += v;
                }
            }
        }
        for (int k = 0; k < f; k++) {
            b[k] /= rows;
            for (int l = 0; l <= k; l++) {
                a[k * f + l] /= rows;
                a[l * f + k] = a[k * f + l];
            }
        }
        return new double[][] {a, b};
    }

    private static KefScore solved(KefScore shell, double[][] ab, double ridge, HyperparameterChoice choice) {
        int f = shell.features();
        double[] a = ab[0].clone(), b = ab[1];
        for (int k = 0; k < f; k++) a[k * f + k] *= 1 + ridge;
        double[] theta = new double[f];
        Cholesky.factor(a, f).solve(b, 0, theta, 0);
        for (int k = 0; k < f; k++) theta[k] = -theta[k];
        return shell.withTheta(theta, ridge, choice);
    }

    /** {J, its blocked standard error} on rows {@code x [n][d]}, with the exact divergence. */
    private static double[] heldOutLoss(KefScore s, double[] x, int n) {
        return ScoreDiagnostics.hyvarinenLoss(s, s::divergence, x, n);
    }
}
