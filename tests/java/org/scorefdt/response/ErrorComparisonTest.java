package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The noise-aware comparison of two estimates against a noisy reference. */
class ErrorComparisonTest {

    static ResponseEstimate est(String name, double[] mean, double se) {
        double[] s = new double[mean.length];
        java.util.Arrays.fill(s, se);
        return new ResponseEstimate(name, new double[] {0, 1}, 2, mean.length / 2, mean, s, new double[0], Optional.empty(), 10);
    }

    @Test
    void handComputedValues() {
        ResponseEstimate t = est("truth", new double[] {1, 0, 0.5, 0}, 0.1);
        ResponseEstimate a = est("a", new double[] {1, 0.1, 0.5, 0}, 0.05);
        ResponseEstimate b = est("b", new double[] {1, 0.3, 0.2, 0}, 0.02);
        ErrorComparison c = ErrorComparison.of(a, b, t, 2);
        // Δ = Σ(eb² − sb²) − Σ(ea² − sa²) = (0.09 + 0.09 − 4·0.0004) − (0.01 − 4·0.0025)
        assertEquals(0.18 - 0.0016 - 0.01 + 0.01, c.difference(), 1e-15);
        // σ = 2 Σ (|a−b|·0.1 + |ea|·0.05 + |eb|·0.02) = 2 (0.05 + 0.005 + 0.012)
        assertEquals(2 * (0.5 * 0.1 + 0.1 * 0.05 + 0.6 * 0.02), c.stderr(), 1e-15);
        assertTrue(c.z() > 0);
        assertEquals(-c.difference(), ErrorComparison.of(b, a, t, 2).difference(), 1e-15);
        assertEquals(1, ErrorComparison.of(a, b, t, 1).lagsUsed());
        // With the truth's term given exactly it replaces 2 Σ |a−b|·SE_T (= 0.1 here).
        ErrorComparison exact = ErrorComparison.of(a, b, t, 2, 0.03);
        assertEquals(c.stderr() - 2 * 0.5 * 0.1 + 0.03, exact.stderr(), 1e-15);
        assertEquals(c.difference(), exact.difference(), 0.0);
        double[] w = ErrorComparison.truthProjection(a, b, 1);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, -0.4, 0, 0}, w, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> ErrorComparison.of(a, b, t, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> ErrorComparison.of(a, b, t, 3));
        assertThrows(IllegalArgumentException.class, () -> ErrorComparison.of(a, est("c", new double[6], 1), t, 1));
    }

    /**
     * Two estimates equally far from the true curve, all three noisy with their stated SEs: z must
     * not be large. Over 400 trials the fraction with z &gt; 3 stays below 1 % (the bound makes it far
     * rarer than the nominal 0.13 %; 4 of 400 would be 1 %).
     */
    @Test
    void equallyGoodEstimatesRarelyLookDifferent() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 40, trials = 400, big = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] t = new double[n], a = new double[n], b = new double[n];
            for (int i = 0; i < n; i++) {
                double truth = Math.sin(i), bias = 0.2 * ((i % 2) * 2 - 1);
                t[i] = truth + 0.1 * g(rng);
                a[i] = truth + bias + 0.05 * g(rng);
                b[i] = truth - bias + 0.05 * g(rng);
            }
            ErrorComparison c = ErrorComparison.of(est("a", a, 0.05), est("b", b, 0.05), est("t", t, 0.1), 2);
            if (c.z() > 3) big++;
        }
        assertTrue(big < 4, big + " of " + trials + " trials had z > 3");
    }

    static double g(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
