package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CholeskyTest {
    // Tridiagonal [2 1 0; 1 2 1; 0 1 2], det 4, inverse (1/4)[3 −2 1; −2 4 −2; 1 −2 3].
    private static final double[] A = {2, 1, 0, 1, 2, 1, 0, 1, 2};

    @Test
    void solvesAgainstTheKnownInverse() {
        Cholesky c = Cholesky.factor(A, 3);
        double[] x = new double[3];
        c.solve(new double[] {1, 0, 0}, 0, x, 0);
        assertArrayEquals(new double[] {0.75, -0.5, 0.25}, x, 1e-15);
        assertEquals(Math.log(4), c.logDeterminant(), 1e-14);
        double[] y = {4, 0, 8}; // in place: A⁻¹(4,0,8) = (5, −6, 7)
        c.solve(y, 0, y, 0);
        assertArrayEquals(new double[] {5, -6, 7}, y, 1e-14);
    }

    @Test
    void namesTheFailingPivot() {
        // [1 2; 2 1] has eigenvalues 3 and −1: pivot 1 = 1 − 2²/1 = −3.
        var e = assertThrows(Cholesky.NotPositiveDefiniteException.class, () -> Cholesky.factor(new double[] {1, 2, 2, 1}, 2));
        assertEquals(1, e.pivot());
        assertEquals(-3.0, e.value(), 1e-15);
    }
}
