package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.testing.NativeTier;

/**
 * Java reference vs native KDE at awkward sizes (n around the 16-query lane groups and the
 * 128-point tiles, d = 1, 3, 8) and thread counts.
 *
 * <p>Bound: per query both tiers perform the same IEEE operations in the same order (squared
 * distance summed over k in order; tile max, one rescale per tile, sums over j in order; the same
 * portable exp/log; no FMA contraction, -ffp-contract=off), and lanes/threads only decide which
 * query is computed where. So the bound is 0 ulp: the results must be bitwise identical. (Were the
 * summation order per tile to differ, the bound would be relative ≈ 2·TILE·ε ≈ 6e-14 on the sums
 * and, through m − y, absolute ≈ 6e-14·max|x|/h² on the score.)
 */
class KdeParityTest {

    @ParameterizedTest(name = "n={0} queries={1} d={2} threads={3}")
    @CsvSource({
            "1, 1, 1, 1", "31, 33, 1, 2", "33, 31, 3, 1", "257, 33, 3, 2", "257, 257, 8, 2",
            "31, 257, 8, 1", "129, 17, 8, 2", "300, 1, 3, 1"})
    void nativeEqualsJavaBitwise(int n, int queries, int d, int threads) {
        NativeTier.require();
        SplittableRandom r = new SplittableRandom(31L * n + d);
        double[] data = new double[n * d];
        for (int i = 0; i < data.length; i++) data[i] = 3 + r.nextDouble(-1, 1) * (1 + i % 3);
        double[] y = new double[queries * d];
        for (int i = 0; i < y.length; i++) y[i] = 3 + r.nextDouble(-4, 4);
        y[0] = 1e3; // far away: the log-sum-exp path
        double h = 0.37;
        try (KdeScore java = KdeScore.of(data, n, d, h, ScoreKernels.REFERENCE, threads);
             KdeScore cpu = KdeScore.of(data, n, d, h, NativeTier.require(), threads)) {
            assertEquals("native", cpu.tier());
            double[] sj = new double[queries * d], sc = new double[queries * d];
            double[] dj = new double[queries], dc = new double[queries];
            java.scoreAndDivergence(y, sj, dj, queries);
            cpu.scoreAndDivergence(y, sc, dc, queries);
            assertBitwise(sj, sc, "score");
            assertBitwise(dj, dc, "divergence");
            double[] lj = new double[queries], lc = new double[queries];
            java.logDensity(y, lj, queries);
            cpu.logDensity(y, lc, queries);
            assertBitwise(lj, lc, "log density");
            if (n >= 2) {
                int count = Math.min(n, queries);
                double[] aj = new double[count * d], ac = new double[count * d];
                double[] bj = new double[count], bc = new double[count];
                java.scoreAtData(0, count, aj, bj);
                cpu.scoreAtData(0, count, ac, bc);
                assertBitwise(aj, ac, "leave-one-out score");
                assertBitwise(bj, bc, "leave-one-out divergence");
            }
        }
    }

    private static void assertBitwise(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                throw new AssertionError(what + "[" + i + "]: java " + expected[i] + ", native " + actual[i] + " ("
                        + Math.abs(expected[i] - actual[i]) / Math.ulp(expected[i]) + " ulp)");
            }
        }
    }
}
