package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // σ = 2 Σ (|a−b|·0.1 + |ea|·0.05 + |eb|·0.02) + Σ (√2 (0.05² + 0.02²) + 2·0.1·(0.05 + 0.02))
        //   = 2 (0.05 + 0.005 + 0.012) + 4 (√2·0.0029 + 0.014)
        assertEquals(2 * (0.5 * 0.1 + 0.1 * 0.05 + 0.6 * 0.02) + 4 * (Math.sqrt(2) * 0.0029 + 0.014), c.stderr(), 1e-15);
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

    /** The same numbers under two names are never ranked, against a noisy truth or a noise-free exact answer. */
    @Test
    void identicalEstimatesAreNeverRanked() {
        double[] m = {1, 0.4, 0.7, 0.1};
        ResponseEstimate a = est("a", m, 0.05), b = est("b", m, 0.05);
        for (ResponseEstimate t : new ResponseEstimate[] {est("truth", new double[] {1, 0, 0.5, 0}, 0.1),
                ResponseEstimate.exact("exact", 1, 2, 2, new double[] {0.9, 0.1, 0.6, 0})}) {
            ErrorComparison c = ErrorComparison.of(a, b, t, 2);
            assertEquals(0, c.z(), 0.0);
            assertTrue(c.closer().isEmpty());
            assertTrue(c.verdict().startsWith("a and b are indistinguishable against " + t.name()), c.verdict());
        }
        // Noise-free and identical: Δ = σ = 0, still not ranked.
        ResponseEstimate exact = ResponseEstimate.exact("exact", 1, 2, 2, m);
        ErrorComparison c = ErrorComparison.of(est("a", m, 0), est("b", m, 0), exact, 2);
        assertEquals(0, c.z(), 0.0);
        assertTrue(c.closer().isEmpty());
        assertTrue(ErrorComparison.pairwise(java.util.List.of(a, b, est("c", m, 0.01)), exact).stream()
                .allMatch(p -> p.closer().isEmpty()));
    }

    /** A far better estimate with small errors: z well above the threshold, ranked whichever side it is on. */
    @Test
    void clearlyBetterEstimateIsRanked() {
        ResponseEstimate t = est("truth", new double[] {1, 0, 0.5, 0}, 0.01);
        ResponseEstimate good = est("good", new double[] {1.01, 0, 0.49, 0.01}, 0.01);
        ResponseEstimate bad = est("bad", new double[] {1.5, 0.4, 0.1, 0.3}, 0.01);
        ErrorComparison c = ErrorComparison.of(good, bad, t, 2);
        assertTrue(c.z() > ErrorComparison.THRESHOLD, "z = " + c.z());
        assertEquals("good", c.closer().orElseThrow());
        assertEquals("good", ErrorComparison.of(bad, good, t, 2).closer().orElseThrow());
        assertTrue(c.verdict().startsWith("good is closer to truth than bad (z = "), c.verdict());
    }

    /**
     * Mean L2 errors 0.141 and 0.170 against a truth whose noise floor is 1e-6: the difference is far
     * above the truth's floor, but inside the estimates' own noise (SE 0.05 each), so it is not ranked.
     */
    @Test
    void differenceWithinCombinedNoiseIsNotRankedAlthoughAboveTheTruthFloor() {
        ResponseEstimate t = est("truth", new double[4], 1e-6);
        ResponseEstimate a = est("a", new double[] {0.1, 0.1, 0.1, 0.1}, 0.05);
        ResponseEstimate b = est("b", new double[] {0.12, 0.12, 0.12, 0.12}, 0.05);
        ResponseMetrics ma = ResponseMetrics.of(a, t), mb = ResponseMetrics.of(b, t);
        double floor = (mb.noiseFloor()[0] + mb.noiseFloor()[1]) / 2;
        assertTrue(mb.meanL2() - ma.meanL2() > 1000 * floor);
        ErrorComparison c = ErrorComparison.of(a, b, t, 2);
        assertTrue(c.z() > 0 && c.z() < ErrorComparison.THRESHOLD, "z = " + c.z());
        assertFalse(c.closer().isPresent());
        assertTrue(c.verdict().contains("indistinguishable"), c.verdict());
    }

    static double g(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log1p(-r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
