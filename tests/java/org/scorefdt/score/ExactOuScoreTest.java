package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.scorefdt.testing.OuFixture;

/** The spectral exact score agrees with the dense −C⁻¹u built from the exact covariance C(r). */
class ExactOuScoreTest {
    @Test
    void equalsDenseInverseCovariance() {
        int n = 8, d = n * n;
        double[] cr = OuFixture.EXACT.laggedCovariance(0); // C(r), r row-major
        double[] c = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                int ry = Math.floorMod(a / n - b / n, n), rx = Math.floorMod(a % n - b % n, n);
                c[a * d + b] = cr[ry * n + rx];
            }
        }
        double[] u = OuFixture.stationarySamples(3, 11);
        double[] s = new double[u.length];
        ExactOuScore score = new ExactOuScore(OuFixture.EXACT);
        score.score(u, s, 3);
        QuasiGaussianScore dense = QuasiGaussianScore.of(new double[d], c, 0);
        double[] s2 = new double[u.length];
        dense.score(u, s2, 3);
        double scale = 0;
        for (double v : s) scale = Math.max(scale, Math.abs(v));
        // Both are exact linear algebra; the dense solve's rounding grows with cond(C) = 16.4/0.74 ≈ 22.
        for (int i = 0; i < s.length; i++) assertEquals(s[i], s2[i], 1e-12 * scale);
        assertEquals(d, score.dimension());
    }
}
