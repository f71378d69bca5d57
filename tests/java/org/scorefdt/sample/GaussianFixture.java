package org.scorefdt.sample;

import org.scorefdt.score.Cholesky;
import org.scorefdt.score.NoiseConditionalScore;
import org.scorefdt.score.ScoreModel;

/**
 * The d = 3 Gaussian target N(μ, C), C = L Lᵀ, L = [1 0 0; 0.5 2 0; −0.3 0.4 1.5], with its exact
 * score −C⁻¹(x − μ) and noise-conditional score −(C + σ²I)⁻¹(y − μ), and small dense helpers.
 */
final class GaussianFixture {
    static final int D = 3;
    static final double[] MU = {1.0, -2.0, 0.5};
    static final double[] C = covariance();

    private GaussianFixture() {}

    private static double[] covariance() {
        double[] l = {1, 0, 0, 0.5, 2, 0, -0.3, 0.4, 1.5};
        double[] c = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++)
                for (int k = 0; k < D; k++) c[i * D + j] += l[i * D + k] * l[j * D + k];
        return c;
    }

    /** Exact score of N(μ, C). */
    static ScoreModel score() {
        Cholesky f = Cholesky.factor(C, D);
        return new ScoreModel() {
            @Override public int dimension() { return D; }
            @Override public void score(double[] x, double[] out, int members) {
                for (int m = 0; m < members; m++) {
                    for (int i = 0; i < D; i++) out[m * D + i] = x[m * D + i] - MU[i];
                    f.solve(out, m * D, out, m * D);
                    for (int i = 0; i < D; i++) out[m * D + i] = -out[m * D + i];
                }
            }
        };
    }

    /** Analytic noise-conditional score of N(μ, C) data: −(C + σ²I)⁻¹(y − μ). */
    static NoiseConditionalScore noiseConditional() {
        return new NoiseConditionalScore() {
            @Override public int dimension() { return D; }
            @Override public void score(double[] y, double sigma, double[] out, int members) {
                Cholesky f = Cholesky.factor(plusIdentity(C, sigma * sigma), D);
                for (int m = 0; m < members; m++) {
                    for (int i = 0; i < D; i++) out[m * D + i] = y[m * D + i] - MU[i];
                    f.solve(out, m * D, out, m * D);
                    for (int i = 0; i < D; i++) out[m * D + i] = -out[m * D + i];
                }
            }
        };
    }

    static double[] plusIdentity(double[] a, double s) {
        double[] r = a.clone();
        for (int i = 0; i < D; i++) r[i * D + i] += s;
        return r;
    }

    static double[] identity() {
        return plusIdentity(new double[D * D], 1);
    }

    static double[] inverse(double[] a) {
        Cholesky f = Cholesky.factor(a, D);
        double[] inv = new double[D * D], col = new double[D];
        for (int j = 0; j < D; j++) {
            java.util.Arrays.fill(col, 0);
            col[j] = 1;
            f.solve(col, 0, col, 0);
            for (int i = 0; i < D; i++) inv[i * D + j] = col[i];
        }
        return inv;
    }

    static double[] mul(double[] a, double[] b) {
        double[] r = new double[D * D];
        for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++)
                for (int k = 0; k < D; k++) r[i * D + j] += a[i * D + k] * b[k * D + j];
        return r;
    }

    static double[] transpose(double[] a) {
        double[] r = new double[D * D];
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) r[i * D + j] = a[j * D + i];
        return r;
    }

    /** a + s·b. */
    static double[] axpy(double[] a, double s, double[] b) {
        double[] r = a.clone();
        for (int k = 0; k < r.length; k++) r[k] += s * b[k];
        return r;
    }

    static double[] apply(double[] a, double[] v) {
        double[] r = new double[D];
        for (int i = 0; i < D; i++) for (int k = 0; k < D; k++) r[i] += a[i * D + k] * v[k];
        return r;
    }
}
