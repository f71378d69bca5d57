package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bandwidth rules and likelihood cross-validation. */
class KdeBandwidthTest {

    @Test
    void scottAndSilvermanFollowTheirFormulas() {
        // two dimensions with sample std exactly 1 and 3: σ̄ = 2
        double[] x = {-1, -3, 1, 3, -1, 3, 1, -3};
        double s = Math.sqrt(4.0 / 3.0); // ±1 four times: Σv² = 4, /(n−1) = 4/3
        double mean = (s + 3 * s) / 2;
        assertEquals(mean * Math.pow(4, -1.0 / 6), BandwidthSelector.scott(x, 4, 2), 1e-14);
        assertEquals(mean * Math.pow(4.0 / (4 * 4), 1.0 / 6), BandwidthSelector.silverman(x, 4, 2), 1e-14);
    }

    @Test
    void crossValidationPicksAnInteriorBandwidthNearScottOnGaussianData() {
        int n = 2000;
        SplittableRandom r = new SplittableRandom(21);
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double z0 = r.nextGaussian(), z1 = r.nextGaussian();
            x[2 * i] = 2 + z0;
            x[2 * i + 1] = -1 + 0.5 * z0 + 1.2 * z1;
        }
        double scott = BandwidthSelector.scott(x, n, 2);
        BandwidthSelector.CvResult cv = BandwidthSelector.crossValidate(new Bandwidth.CrossValidated(), x, n, 2,
                AutoTiers.open(), 0);
        assertTrue(cv.h() > scott / 4 && cv.h() < 4 * scott, "CV h = " + cv.h() + ", Scott h = " + scott);
        // an interior maximum of the leave-one-out likelihood, not a grid edge
        assertTrue(cv.h() > cv.grid()[0] && cv.h() < cv.grid()[cv.grid().length - 1], "CV h at the grid edge");
        for (double ll : cv.logLikelihood()) assertTrue(Double.isFinite(ll));
        try (KdeScore kde = KdeScore.fit(x, n, 2, new Bandwidth.CrossValidated(0.25, 4, 9, 500))) {
            assertTrue(kde.bandwidth() > scott / 4 && kde.bandwidth() < 4 * scott);
        }
    }
}
