package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;

class LaggedCorrelationTest {

    @Test
    void dividesByTheTruePairCount() {
        // x = (1,2,3), y = (4,5,6): C(0) = (4+10+18)/3, C(1) = (2·4 + 3·5)/2, C(2) = 3·4/1.
        // (The wrap-around FFT would give C(1) = (8 + 15 + 1·6)/3 and C(2) = (12 + 1·5 + 2·6)/3.)
        double[] x = {1, 2, 3}, y = {4, 5, 6};
        double[] want = {32.0 / 3, 23.0 / 2, 12.0};
        assertArrayEquals(want, LaggedCorrelation.direct(x, 1, y, 1, 3, 3), 1e-15);
        assertArrayEquals(want, LaggedCorrelation.fft(x, 1, y, 1, 3, 3), 1e-13);
    }

    @Test
    void fftEqualsDirectOnRandomMultivariateSeries() {
        int t = 257, dx = 3, dy = 2, lags = 40; // odd T: the padded length is not 2T
        double[] x = new double[t * dx], y = new double[t * dy];
        for (int i = 0; i < x.length; i++) x[i] = Philox.normal(1, 9, 0, i, 0) + 0.5;
        for (int i = 0; i < y.length; i++) y[i] = Philox.normal(1, 9, 1, i, 0);
        double[] a = LaggedCorrelation.direct(x, dx, y, dy, t, lags), b = LaggedCorrelation.fft(x, dx, y, dy, t, lags);
        assertEquals(lags * dx * dy, a.length);
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-12, "entry " + i);
        // Layout [lag][i][j]: lag 2, i = 1, j = 0 by hand.
        double s = 0;
        for (int u = 0; u + 2 < t; u++) s += x[(u + 2) * dx + 1] * y[u * dy];
        assertEquals(s / (t - 2), a[(2 * dx + 1) * dy], 1e-12);
    }

    @Test
    void rejectsMoreLagsThanSteps() {
        assertThrows(IllegalArgumentException.class, () -> LaggedCorrelation.direct(new double[3], 1, new double[3], 1, 3, 4));
    }
}
