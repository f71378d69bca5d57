package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The extrapolation algebra on a case with exact smoothed scores: p = N(0, v) in 1-D, whose h-smoothed
 * score is s_h(x) = −x/(v + h²). With r² = 2 the extrapolation is −x(1 + 3h²/v)/(v(1 + 3h²/v + 2h⁴/v²)),
 * so its relative error is exactly 2(h²/v)²/(1 + 3h²/v + 2(h²/v)²) = O(h⁴), against h²/(v + h²) = O(h²)
 * for the plain smoothed score (docs/score-models.md §10).
 */
class RichardsonScoreTest {
    record Smoothed(double v, double h) implements ScoreModel {
        public int dimension() {
            return 1;
        }

        public void score(double[] x, double[] out, int m) {
            for (int i = 0; i < m; i++) out[i] = -x[i] / (v + h * h);
        }
    }

    @Test
    void cancelsTheSecondOrderBiasExactlyForAGaussian() {
        double v = 1.7, x = 0.9;
        for (double h : new double[] {0.05, 0.2, 0.5}) {
            RichardsonScore r = RichardsonScore.of(new Smoothed(v, h), new Smoothed(v, Math.sqrt(2) * h), Math.sqrt(2));
            double[] out = new double[1];
            r.score(new double[] {x}, out, 1);
            double exact = -x / v, u = h * h / v;
            double predicted = 2 * u * u / (1 + 3 * u + 2 * u * u);
            assertEquals(predicted, (exact - out[0]) / exact, 1e-12, "relative error at h = " + h);
            assertTrue(Math.abs(exact - out[0]) < 0.5 * Math.abs(exact + x / (v + h * h)), "smaller than the plain bias");
        }
    }

    @Test
    void badRatiosAndMismatchedPartsAreClearErrors() {
        ScoreModel a = new Smoothed(1, 0.1);
        for (double r : new double[] {1, 0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RichardsonScore.of(a, a, r));
            assertTrue(e.getMessage().contains("ratio r = " + r) && e.getMessage().contains("> 1"), e.getMessage());
        }
        QuasiGaussianScore.Fitter f = new QuasiGaussianScore.Fitter(2);
        f.add(new double[] {0, 0, 1, 1, 2, 0}, 3);
        ScoreModel twoD = f.build(0.1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RichardsonScore.of(a, twoD, 2));
        assertTrue(e.getMessage().contains("dimensions 1 and 2"), e.getMessage());
    }
}
