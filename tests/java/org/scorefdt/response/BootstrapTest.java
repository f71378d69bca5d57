package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.testing.OuFixture;
import org.scorefdt.testing.Quantiles;

class BootstrapTest {
    private static final int D = 64, LAGS = 12, BLOCKS = 32, REPLICATES = 200;

    @Test
    void multiplicitiesAreAReproducibleResample() {
        double[] w = BlockErrors.multiplicities(5, 3, 37);
        double sum = 0;
        for (double v : w) sum += v;
        assertEquals(37, sum);
        assertArrayEquals(w, BlockErrors.multiplicities(5, 3, 37));
        assertTrue(!java.util.Arrays.equals(w, BlockErrors.multiplicities(5, 4, 37)));
    }

    /**
     * The bootstrap SE of the normalised estimate agrees with the block-spread SE. A variance estimated
     * from B blocks has relative SD √(2/(B−1)), i.e. log SE has SD ≈ 1/√(2(B−1)); the bootstrap adds
     * Monte-Carlo noise 1/√(2R) in log SE. Per point the log ratio must then lie within
     * k·√(1/(2(B−1)) + 1/(2R)) of its expectation log √((B−1)/B) (the bootstrap's 1/B vs 1/(B−1)),
     * k normal-Bonferroni over all points; their mean obeys the same bound with k for one point.
     */
    @Test
    void bootstrapAgreesWithBlockSpread() {
        var est = GfdtEstimator.grid("exact-norm", new ExactOuScore(OuFixture.EXACT), OuFixture.MODEL.spectralGrid(), 0, 1.0,
                new GfdtEstimator.Options(LAGS, BLOCKS, true, REPLICATES, 99));
        OuFixture.run(64, 1_000, 8, List.of(est));
        ResponseEstimate e = est.estimate();
        assertTrue(e.hasBootstrap());
        double sd = Math.sqrt(1.0 / (2 * (BLOCKS - 1)) + 1.0 / (2 * REPLICATES));
        double expected = 0.5 * Math.log((BLOCKS - 1.0) / BLOCKS);
        int points = (LAGS - 1) * D; // lag 0 is exactly I: both SEs vanish
        double k = Quantiles.bonferroniNormal(1e-3, points), k1 = Quantiles.bonferroniNormal(1e-3, 1);
        double[] se = e.stderr(), boot = e.bootstrapStderr();
        double sum = 0;
        for (int i = D; i < LAGS * D; i++) {
            double lr = Math.log(boot[i] / se[i]);
            assertEquals(expected, lr, k * sd, "point " + i);
            sum += lr;
        }
        assertEquals(expected, sum / points, k1 * sd);
    }
}
