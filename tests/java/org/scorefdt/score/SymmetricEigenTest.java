package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link SymmetricEigen}: A U = U Λ and UᵀU = I to rounding, eigenvalues as known, bad input refused. */
class SymmetricEigenTest {

    /** max |A U − U Λ| / ‖A‖_max and max |UᵀU − I|. */
    private static double[] residuals(double[] a, int d) {
        double[] u = new double[d * d];
        double[] lambda = SymmetricEigen.decompose(a, d, u);
        double norm = 0, res = 0, orth = 0;
        for (double v : a) norm = Math.max(norm, Math.abs(v));
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                double au = 0, utu = 0;
                for (int j = 0; j < d; j++) {
                    au += a[i * d + j] * u[j * d + k];
                    utu += u[j * d + i] * u[j * d + k];
                }
                res = Math.max(res, Math.abs(au - u[i * d + k] * lambda[k]));
                orth = Math.max(orth, Math.abs(utu - (i == k ? 1 : 0)));
            }
        }
        return new double[] {res / Math.max(norm, 1e-300), orth};
    }

    private static double[] randomSymmetric(int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                a[i * d + j] = rng.nextDouble(-1, 1);
                a[j * d + i] = a[i * d + j];
            }
        }
        return a;
    }

    /**
     * The sweeps stop when every off-diagonal entry is at most ε·√|a_pp a_qq| ≤ ε·max|A|, so |AU − UΛ| ≤ d·ε·max|A|
     * plus the rotations' rounding (~ε·max|A| each, ≤ 10 sweeps × d per entry): bound 64·d·ε; U is a product of
     * ≤ 10 sweeps × d²/2 rotations, each moving a column's norm by ~ε, so |UᵀU − I| ≤ 10·d·64ε.
     */
    @Test
    void randomSymmetricMatricesAreDiagonalisedToRounding() {
        double eps = 0x1.0p-52;
        for (int d : new int[] {1, 2, 3, 7, 40, 100}) {
            double[] r = residuals(randomSymmetric(d, d), d);
            assertTrue(r[0] < 64 * d * eps * 10, "d = " + d + ": |AU − UΛ| = " + r[0]);
            assertTrue(r[1] < 10 * d * 64 * eps, "d = " + d + ": |UᵀU − I| = " + r[1]);
        }
    }

    @Test
    void eigenvaluesOfAKnownSpectrumAndOfRepeatedOnes() {
        // Q diag(1, 2, …, d) Qᵀ for the orthogonal Householder Q = I − 2vvᵀ/|v|²
        int d = 6;
        double[] v = {1, -2, 0.5, 3, -1, 2};
        double vv = 0;
        for (double x : v) vv += x * x;
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double qik = (i == k ? 1 : 0) - 2 * v[i] * v[k] / vv, qjk = (j == k ? 1 : 0) - 2 * v[j] * v[k] / vv;
                    s += qik * (k + 1) * qjk;
                }
                a[i * d + j] = s;
            }
        }
        double[] lambda = SymmetricEigen.decompose(a, d, new double[d * d]);
        Arrays.sort(lambda);
        for (int k = 0; k < d; k++) assertEquals(k + 1, lambda[k], 1e-13);
        double[] identity = new double[9];
        identity[0] = identity[4] = identity[8] = 2.5;
        double[] u = new double[9];
        assertEquals(2.5, SymmetricEigen.decompose(identity, 3, u)[1], 0);
        assertEquals(1, u[4], 0, "a diagonal matrix needs no rotation");
    }

    @Test
    void nonFiniteEntriesAndWrongSizesAreRefused() {
        double[] a = {1, Double.NaN, Double.NaN, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(a, 2, new double[4]));
        assertTrue(e.getMessage().contains("(0, 1) is NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.decompose(new double[3], 2, new double[4]));
    }
}
