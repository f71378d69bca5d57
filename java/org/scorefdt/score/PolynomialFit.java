package org.scorefdt.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits a {@link PolynomialScore} (docs/score-models.md §11). Hyvärinen's objective
 * J(θ) = E[½|s|² + ∇·s] = ½θᵀAθ + θᵀb with A_kl = E[∇T_k·∇T_l], b_k = E[ΔT_k] needs only the sample
 * moments E[z^γ] of degree ≤ 2D − 2: ∂_j z^α = α_j z^(α−e_j), so
 * A_kl = Σ_j α_kj α_lj E[z^(α_k+α_l−2e_j)]/σ_j² and b_k = Σ_j α_kj(α_kj−1) E[z^(α_k−2e_j)]/σ_j². One pass
 * over the rows gives the moments for every candidate degree; θ = −(A + λ·diag A)⁻¹ b by Cholesky.
 * Deterministic.
 */
final class PolynomialFit {
    private PolynomialFit() {}

    static PolynomialScore fit(double[] data, int n, int d, PolynomialScore.Config c) {
        if (d < 1 || n < 2 || (long) n * d > data.length) {
            throw new IllegalArgumentException("polynomial score: n = " + n + " rows of d = " + d + ": need n >= 2, d >= 1 and "
                    + (long) n * d + " values, got " + data.length);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(data[i])) throw new IllegalArgumentException("row " + i / d + ", component " + i % d + " = " + data[i] + ": must be finite");
        }
        if (!c.automatic()) {
            checkSize(d, c.degree(), c.maxFeatures());
            return fitRows(data, 0, n, d, c.degree(), c.ridge(), null);
        }
        checkSize(d, PolynomialScore.MIN_DEGREE, c.maxFeatures());
        List<Integer> degrees = new ArrayList<>();
        for (int g = PolynomialScore.MIN_DEGREE; g <= PolynomialScore.MAX_DEGREE; g++) {
            if (PolynomialScore.featureCount(d, g) <= c.maxFeatures()) degrees.add(g);
        }
        int held = (int) Math.round(c.holdout() * n), fit = n - held;
        if (held < 2 * ScoreDiagnostics.BLOCKS || fit < 2) {
            throw new IllegalArgumentException("automatic polynomial degree needs >= " + 2 * ScoreDiagnostics.BLOCKS + " held-out rows (holdout "
                    + c.holdout() + " of n = " + n + " gives " + held + "); give the degree");
        }
        int top = degrees.get(degrees.size() - 1);
        double[] mu = new double[d], sd = new double[d];
        standardisation("polynomial score", data, 0, fit, d, mu, sd);
        Monomials table = new Monomials(d, 2 * top - 2);
        double[] m = moments(table, data, 0, fit, mu, sd);
        List<double[]> grid = new ArrayList<>();
        List<Double> loss = new ArrayList<>(), se = new ArrayList<>();
        List<Integer> singular = new ArrayList<>();
        double[] rows = Arrays.copyOfRange(data, fit * d, n * d);
        for (int g : degrees) {
            PolynomialScore s;
            try {
                s = new PolynomialScore(mu, sd, g, solve(table, m, sd, g, c.ridge()), c.ridge(), null);
            } catch (Cholesky.NotPositiveDefiniteException e) {
                singular.add(g); // left out of the choice, and said so
                continue;
            }
            double[] j = heldOutLoss(s, rows, held);
            grid.add(new double[] {g});
            loss.add(j[0]);
            se.add(j[1]);
        }
        if (grid.isEmpty()) throw new IllegalArgumentException("polynomial score: every degree's system is singular: give a larger ridge than " + c.ridge());
        double[] l = loss.stream().mapToDouble(Double::doubleValue).toArray(), e = se.stream().mapToDouble(Double::doubleValue).toArray();
        int best = HyperparameterChoice.argmin(l), chosen = best;
        for (int g = 0; g < best; g++) {
            if (l[g] <= l[best] + e[best]) { // the smallest degree within one standard error of the minimum
                chosen = g;
                break;
            }
        }
        int degree = (int) grid.get(chosen)[0];
        StringBuilder criterion = new StringBuilder("held-out Hyvärinen loss (smallest degree within one SE of the minimum");
        if (top < PolynomialScore.MAX_DEGREE) {
            criterion.append(String.format(Locale.ROOT, "; degrees %d to %d left out: over %d monomials", top + 1, PolynomialScore.MAX_DEGREE,
                    c.maxFeatures()));
        }
        if (!singular.isEmpty()) criterion.append("; degrees ").append(singular).append(" left out: singular system");
        criterion.append(')');
        HyperparameterChoice choice = new HyperparameterChoice("polynomial", criterion.toString(), List.of("degree"),
                grid.toArray(double[][]::new), l, e, best, new double[] {degree}, fit, held);
        return fitRows(data, 0, n, d, degree, c.ridge(), choice);
    }

    private static void checkSize(int d, int degree, int maxFeatures) {
        long f = PolynomialScore.featureCount(d, degree);
        if (f > maxFeatures) {
            throw new IllegalArgumentException("polynomial degree " + degree + " in d = " + d + " has " + f + " monomials, above maxFeatures = "
                    + maxFeatures + (degree == PolynomialScore.MIN_DEGREE ? ": raise maxFeatures or use the quasi-Gaussian score" : ": choose a lower degree"));
        }
    }

    /** Fits degree D on rows [from, to), standardised by their own mean and standard deviation. */
    private static PolynomialScore fitRows(double[] data, int from, int to, int d, int degree, double ridge, HyperparameterChoice choice) {
        double[] mu = new double[d], sd = new double[d];
        standardisation("polynomial score", data, from, to, d, mu, sd);
        Monomials table = new Monomials(d, 2 * degree - 2);
        double[] m = moments(table, data, from, to, mu, sd);
        try {
            return new PolynomialScore(mu, sd, degree, solve(table, m, sd, degree, ridge), ridge, choice);
        } catch (Cholesky.NotPositiveDefiniteException e) {
            throw new IllegalArgumentException("polynomial score: the degree-" + degree + " system (" + PolynomialScore.featureCount(d, degree)
                    + " monomials, ridge " + ridge + ") is singular at pivot " + e.pivot() + ": use more rows, a lower degree or a ridge such as "
                    + (ridge > 0 ? 100 * ridge : 1e-8), e);
        }
    }

    /** Per-component mean and standard deviation (1/n) of rows [from, to); {@code what} names the score in errors. */
    static void standardisation(String what, double[] x, int from, int to, int d, double[] mu, double[] sd) {
        int n = to - from;
        for (int r = from; r < to; r++) for (int i = 0; i < d; i++) mu[i] += x[r * d + i];
        for (int i = 0; i < d; i++) mu[i] /= n;
        for (int r = from; r < to; r++) for (int i = 0; i < d; i++) sd[i] += (x[r * d + i] - mu[i]) * (x[r * d + i] - mu[i]);
        for (int i = 0; i < d; i++) {
            sd[i] = Math.sqrt(sd[i] / n);
            if (!(sd[i] > 0)) throw new IllegalArgumentException(what + ": component " + i + " is constant (standard deviation 0): no score to fit");
        }
    }

    /** E[z^γ] over rows [from, to) for every monomial of the table. */
    static double[] moments(Monomials t, double[] x, int from, int to, double[] mu, double[] sd) {
        int d = t.d, size = t.size();
        double[] sum = new double[size], v = new double[size], z = new double[d];
        for (int r = from; r < to; r++) {
            for (int i = 0; i < d; i++) z[i] = (x[r * d + i] - mu[i]) / sd[i];
            t.values(z, 0, v, size);
            for (int k = 0; k < size; k++) sum[k] += v[k];
        }
        for (int k = 0; k < size; k++) sum[k] /= to - from;
        return sum;
    }

    /** θ of degree D from the moments (table of degree ≥ 2D − 2). */
    static double[] solve(Monomials t, double[] m, double[] sd, int degree, double ridge) {
        int d = t.d, f = (int) PolynomialScore.featureCount(d, degree);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) w[j] = 1 / (sd[j] * sd[j]);
        double[] a = new double[f * f], b = new double[f];
        int[] e = new int[d];
        for (int p = 0; p < f; p++) {
            int[] ak = t.exponents[p + 1];
            for (int q = 0; q <= p; q++) {
                int[] al = t.exponents[q + 1];
                double s = 0;
                for (int j = 0; j < d; j++) {
                    if (ak[j] == 0 || al[j] == 0) continue;
                    for (int i = 0; i < d; i++) e[i] = ak[i] + al[i];
                    e[j] -= 2;
                    s += w[j] * ak[j] * al[j] * m[t.indexOf(e)];
                }
                a[p * f + q] = s;
                a[q * f + p] = s;
            }
            double s = 0;
            for (int j = 0; j < d; j++) {
                if (ak[j] < 2) continue;
                System.arraycopy(ak, 0, e, 0, d);
                e[j] -= 2;
                s += w[j] * ak[j] * (ak[j] - 1) * m[t.indexOf(e)];
            }
            b[p] = s;
        }
        for (int p = 0; p < f; p++) a[p * f + p] *= 1 + ridge;
        double[] theta = new double[f];
        Cholesky.factor(a, f).solve(b, 0, theta, 0);
        for (int p = 0; p < f; p++) theta[p] = -theta[p];
        return theta;
    }

    /** {J, its blocked standard error} on rows {@code x [n][d]}, with the exact divergence. */
    static double[] heldOutLoss(PolynomialScore s, double[] x, int n) {
        return ScoreDiagnostics.hyvarinenLoss(s, s::divergence, x, n);
    }
}
