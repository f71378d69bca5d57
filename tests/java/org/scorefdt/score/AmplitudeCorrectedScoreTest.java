package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.Stats;

class AmplitudeCorrectedScoreTest {
    static final int D = 2, N = 200_000;
    // C = [[1, 0.5], [0.5, 2]]; x = L z with L its Cholesky factor.
    static final double L00 = 1, L10 = 0.5, L11 = Math.sqrt(2 - 0.25);

    static double[] samples() {
        double[] x = new double[N * D], z = new double[D];
        Philox.Scratch s = new Philox.Scratch();
        for (int k = 0; k < N; k++) {
            Philox.normals(3, Streams.INITIAL, k, 0, z, 0, D, s);
            x[k * D] = L00 * z[0];
            x[k * D + 1] = L10 * z[0] + L11 * z[1];
        }
        return x;
    }

    /** −C⁻¹x times a wrong amplitude a. */
    static ScoreModel scaledExact(double a) {
        double det = 2 - 0.25, i00 = 2 / det, i01 = -0.5 / det, i11 = 1 / det;
        return (ScoreModel) new ScoreModel() {
            @Override public int dimension() { return D; }
            @Override public void score(double[] x, double[] out, int m) {
                for (int k = 0; k < m; k++) {
                    double u = x[k * D], v = x[k * D + 1];
                    out[k * D] = -a * (i00 * u + i01 * v);
                    out[k * D + 1] = -a * (i01 * u + i11 * v);
                }
            }
        };
    }

    /**
     * H(0) = −⟨x sᵀ⟩ = a·I for s = a·(−C⁻¹x). Each entry is a mean of n i.i.d. terms x_i (C⁻¹x)_j·a whose
     * variance is a²(δ_ij + (C⁻¹)_jj C_ii) (Isserlis), so SE = a√((1 + C_ii (C⁻¹)_jj)/n); the corrected
     * score then equals the exact one to the same relative accuracy.
     */
    @Test
    void removesAWrongScoreAmplitude() {
        double[] x = samples();
        double a = 0.5;
        AmplitudeCorrectedScore c = AmplitudeCorrectedScore.fit(scaledExact(a), x, N);
        double[] h = c.steinMatrix();
        double k = Stats.bonferroniK(1e-4, 4);
        double se = a * Math.sqrt((1 + 2 * 2 / 1.75) / N);   // the largest of the four variances
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) assertEquals(i == j ? a : 0, h[i * D + j], k * se);
        double[] y = {0.3, -0.7}, got = new double[D], want = new double[D];
        c.score(y, got, 1);
        scaledExact(1).score(y, want, 1);
        for (int i = 0; i < D; i++) assertEquals(want[i], got[i], 4 * k * se / a * Math.abs(want[0]) + 1e-12);
        assertTrue(c.steinDeviation() > 0.4, "deviation from I reported: " + c.steinDeviation());
    }

    @Test
    void exactScoreIsLeftAlmostUnchanged() {
        AmplitudeCorrectedScore c = AmplitudeCorrectedScore.fit(scaledExact(1), samples(), N);
        assertTrue(c.steinDeviation() < Stats.bonferroniK(1e-4, 4) * Math.sqrt((1 + 4 / 1.75) / N), "" + c.steinDeviation());
    }

    @Test
    void singularLagZeroMatrixIsAClearError() {
        ScoreModel zeroAlongY = new ScoreModel() {
            @Override public int dimension() { return D; }
            @Override public void score(double[] x, double[] out, int m) {
                for (int k = 0; k < m; k++) { out[k * D] = -x[k * D]; out[k * D + 1] = 0; }
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AmplitudeCorrectedScore.fit(zeroAlongY, samples(), 1000));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }
}
