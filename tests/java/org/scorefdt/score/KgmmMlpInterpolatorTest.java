package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.MlpScoreInterpolator;

/** KGMM with the neural interpolator (the authors' choice) instead of the kernel one. */
class KgmmMlpInterpolatorTest {

    @Test
    void fitsASmoothFunctionThroughItsAnchors() {
        int n = 41;
        double[] p = new double[n], v = new double[n], w = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = -2 + 0.1 * i;
            v[i] = Math.sin(1.5 * p[i]);
            w[i] = 1;
        }
        var f = new MlpScoreInterpolator(MlpScoreInterpolator.Settings.defaults(1)).fit(p, v, w, n, 1, 1);
        double[] x = new double[1], y = new double[1];
        double worst = 0;
        for (double t = -1.95; t < 1.95; t += 0.1) {   // between the anchors
            x[0] = t;
            f.evaluate(x, y, 1);
            worst = Math.max(worst, Math.abs(y[0] - Math.sin(1.5 * t)));
        }
        // 2000 Adam steps on 41 noiseless points of a smooth function: a few 1e-2 at most.
        assertTrue(worst < 0.03, "max interpolation error " + worst);
    }

    /**
     * The double well as in {@link KgmmScoreTest#doubleWellPointwiseAgainstTheSmoothedExactScore}, the
     * cluster scores interpolated by the MLP: on [−1.3, 1.3] within 15% of max|s_σ| of the smoothed
     * exact score (the informativeness level of that test's bound; the MLP adds a smooth-fit error
     * on top of the cluster estimates' own), and clearly better than the quasi-Gaussian score.
     */
    @Test
    void doubleWellScoreThroughTheMlpInterpolator() {
        int n = 40_000, k = 32;
        double sigma = 0.2;
        double[] data = KgmmScoreTest.doubleWellData(n, 3);
        KgmmScore m = KgmmScore.fit(data, n, 1, KgmmScore.Config.of(k, sigma, 4)
                .withInterpolator(new MlpScoreInterpolator(new MlpScoreInterpolator.Settings(new int[] {32, 32},
                        Activation.SILU, 3000, 3e-3, 7))));
        QuasiGaussianScore qg = QuasiGaussianScore.fit(data, n, 1, 0);
        double worst = 0, qgWorst = 0;
        double[] pt = new double[1], out = new double[1], outQg = new double[1];
        for (double y = -1.3; y <= 1.3 + 1e-9; y += 0.05) {
            pt[0] = y;
            m.score(pt, out, 1);
            qg.score(pt, outQg, 1);
            double exact = KgmmScoreTest.smoothedDoubleWellScore(y, sigma);
            worst = Math.max(worst, Math.abs(out[0] - exact));
            qgWorst = Math.max(qgWorst, Math.abs(outQg[0] - exact));
        }
        assertTrue(worst < 0.15 * KgmmScoreTest.MAX_SMOOTHED_SCORE, "max error " + worst);
        assertTrue(qgWorst > 2 * worst, "quasi-Gaussian max error " + qgWorst + " vs " + worst);
    }

    @Test
    void badSettingsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MlpScoreInterpolator.Settings(new int[] {0}, Activation.SILU, 10, 1e-3, 1));
        assertTrue(e.getMessage().contains("hidden width 0"), e.getMessage());
    }
}
