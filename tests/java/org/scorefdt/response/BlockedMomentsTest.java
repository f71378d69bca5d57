package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The truth's blocked fold (Welford per block of B members, Chan-merged in block order; the device runs
 * the same tree, truth.h) against the exact mean and M₂ (BigDecimal, 60 digits, of the same doubles)
 * and a two-pass double computation, on data that is hard for one-pass moments: a large offset (1e6)
 * with a small spread (1e-3), so κ = ‖v‖₂/√M₂ ≈ 1e9.
 *
 * <p>Bounds (ε = 2⁻⁵³, n values, M = max|v|): the mean is a chain of n updates mean += dv/k and ≤ n
 * merges mean += dm·w, each rounding at most ~ε·M plus ε·|dv| ≤ ε·M, so |Δmean| ≤ 10·n·ε·M. For M₂ the
 * updating and pairwise algorithms carry the relative bound c·n·κ·ε of Chan, Golub &amp; LeVeque (1983),
 * κ² = 1 + n·mean²/M₂: we use |ΔM₂| ≤ 10·n·κ·ε·M₂. The two-pass result carries the same bounds (naive
 * sum for the mean; its M₂ is exact to first order in the mean's error), so blocked and two-pass differ
 * by at most their sum. Measured (SFDT_PRINT_MOMENT_ERRORS=1): M₂ within ~3e-7 relative of exact (≈ ε·κ, the
 * one-pass floor: one rounding of a 1e6 mean is 1e-10 against σ ≈ 3e-4; the former member-order Welford
 * is the same), against bounds ≥ 5e-5; a plain 10·n·ε relative bound holds for two-pass, not for any
 * one-pass fold of such data.
 */
class BlockedMomentsTest {
    private static final double EPS = Math.ulp(1.0) / 2;
    private static final MathContext MC = new MathContext(60);

    @Test
    void blockedFoldMatchesExactAndTwoPassMomentsOnOffsetData() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 5, 255, 256, 257, 1000, 4099}) {
            double[] v = new double[n];
            for (int r = 0; r < n; r++) v[r] = 1e6 + 1e-3 * (rng.nextDouble() - 0.5);
            for (int block : new int[] {BlockedMoments.BLOCK, 1, 4, 7, 100}) {
                double[] mean = {0.0}, m2 = {0.0};
                BlockedMoments.fold(r -> v[r], n, block, 0, mean, m2, 0);
                check(v, mean[0], m2[0], "n = " + n + ", block = " + block);
            }
        }
    }

    @Test
    void severalSavesFoldIntoTheSameRunningMoments() {
        // as per lag across windows: each save folds its members into moments that already hold count0 values
        SplittableRandom rng = new SplittableRandom(11);
        int members = 300, saves = 7;
        double[] all = new double[members * saves];
        for (int k = 0; k < all.length; k++) all[k] = -3e5 + 2e-4 * rng.nextGaussian();
        for (int block : new int[] {BlockedMoments.BLOCK, 3, 64}) {
            double[] mean = {0.0}, m2 = {0.0};
            for (int s = 0; s < saves; s++) {
                int at = s * members;
                BlockedMoments.fold(r -> all[at + r], members, block, (long) at, mean, m2, 0);
            }
            check(all, mean[0], m2[0], saves + " saves × " + members + ", block = " + block);
        }
    }

    @Test
    void oneBlockIsPlainWelfordBitForBit() {
        // members ≤ B: the merge into (0, 0, 0) takes the block over unchanged (w = 1, dm²·0 = 0), so the
        // fold is the member-order Welford of the former host loop
        SplittableRandom rng = new SplittableRandom(3);
        for (int n : new int[] {1, 2, 33, BlockedMoments.BLOCK}) {
            double[] v = new double[n];
            for (int r = 0; r < n; r++) v[r] = 1e6 + rng.nextDouble();
            double mu = 0, s = 0;
            for (int r = 0; r < n; r++) {
                double dv = v[r] - mu;
                mu += dv / (r + 1);
                s += dv * (v[r] - mu);
            }
            double[] mean = {0.0}, m2 = {0.0};
            BlockedMoments.fold(r -> v[r], n, BlockedMoments.BLOCK, 0, mean, m2, 0);
            assertEquals(Double.doubleToRawLongBits(mu), Double.doubleToRawLongBits(mean[0]), "mean, n = " + n);
            assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(m2[0]), "m2, n = " + n);
        }
        double[] mean = {0.0}, m2 = {0.0};
        BlockedMoments.fold(r -> 1e6 + 0.123, 1, BlockedMoments.BLOCK, 0, mean, m2, 0);
        assertEquals(1e6 + 0.123, mean[0]);
        assertEquals(0.0, m2[0]);
    }

    @Test
    void mergeIsChanPairwiseCombination() {
        // two exact halves: {1, 2, 3} (mean 2, M₂ 2) and {10, 14} (mean 12, M₂ 8) → mean 6, M₂ 2 + 8 + 10²·3·2/5 = 130
        double[] mean = {2.0}, m2 = {2.0};
        BlockedMoments.merge(3, mean, m2, 0, 2, 12.0, 8.0);
        assertEquals(6.0, mean[0], 1e-15);
        assertEquals(130.0, m2[0], 1e-13);
        assertThrows(IllegalArgumentException.class, () -> BlockedMoments.fold(r -> 0.0, 3, 0, 0, new double[1], new double[1], 0));
    }

    private static void check(double[] v, double mean, double m2, String what) {
        int n = v.length;
        BigDecimal sum = BigDecimal.ZERO;
        double max = 0, naive = 0;
        for (double x : v) {
            sum = sum.add(new BigDecimal(x));
            max = Math.max(max, Math.abs(x));
            naive += x;
        }
        BigDecimal exactMean = sum.divide(BigDecimal.valueOf(n), MC), exactM2 = BigDecimal.ZERO;
        double twoPassMean = naive / n, twoPassM2 = 0;
        for (double x : v) {
            BigDecimal dev = new BigDecimal(x).subtract(exactMean, MC);
            exactM2 = exactM2.add(dev.multiply(dev, MC), MC);
            twoPassM2 += (x - twoPassMean) * (x - twoPassMean);
        }
        double em = exactMean.doubleValue(), es = exactM2.doubleValue();
        double meanBound = 10 * n * EPS * max;
        double kappa = es > 0 ? Math.sqrt(1 + n * em * em / es) : 1;
        double m2Bound = 10 * n * kappa * EPS * es;
        double meanErr = Math.abs(mean - em), m2Err = Math.abs(m2 - es);
        assertTrue(meanErr <= meanBound, what + ": |Δmean| = " + meanErr + " > " + meanBound);
        assertTrue(m2Err <= m2Bound, what + ": |ΔM₂| = " + m2Err + " > " + m2Bound + " (" + m2Err / es + " relative)");
        assertTrue(Math.abs(mean - twoPassMean) <= 2 * meanBound, what + ": vs two-pass mean");
        assertTrue(Math.abs(m2 - twoPassM2) <= 2 * m2Bound, what + ": vs two-pass M₂");
        if (System.getenv("SFDT_PRINT_MOMENT_ERRORS") != null) {
            System.out.printf("%s: mean err %.3g (bound %.3g), M2 rel err %.3g (bound %.3g, 10nε %.3g), two-pass M2 rel err %.3g%n",
                    what, meanErr, meanBound, m2Err / es, m2Bound / es, 10 * n * EPS, Math.abs(twoPassM2 - es) / es);
        }
    }
}
