package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link LinearCorrection}: after it, a remainder has zero mean and zero linear moment on the rows it
 * was fitted on (so base + remainder meets ⟨s⟩ = 0, ⟨s (x − μ)ᵀ⟩ = −I there), whatever the remainder;
 * a remainder that already has neither is left as it is.
 */
class LinearCorrectionTest {
    private static final int N = 400, D = 3;

    /** A nonlinear remainder with a mean, a linear part and curvature. */
    private static double[] remainder(double[] x, boolean centred) {
        double[] r = new double[x.length];
        for (int k = 0; k < N; k++) {
            double a = x[k * D], b = x[k * D + 1], c = x[k * D + 2];
            r[k * D] = 0.3 + 0.5 * a - 0.2 * c + Math.sin(b);
            r[k * D + 1] = -0.1 + a * a + 0.7 * b;
            r[k * D + 2] = Math.tanh(a * c) - 0.4 * b;
        }
        if (!centred) return r;
        LinearCorrection.fit(x, r, N, GaussianBase.fit(x, N, D)).add(x, r, N);
        return r;
    }

    private static final double EPS = 0x1.0p-52;

    /** Relative error of the base's Σ⁻¹: its ridge, RIDGE·λ̄/λ_min, and rounding, 64·d·ε·cond(Σ). */
    private static double sigmaInverseError(GaussianBase base) {
        double min = Double.POSITIVE_INFINITY, max = 0, mean = 0;
        for (double l : base.variances()) {
            min = Math.min(min, l);
            max = Math.max(max, l);
            mean += l / D;
        }
        return GaussianBase.RIDGE * mean / min + 64 * D * EPS * max / min;
    }

    /** Max |⟨r⟩| and max |⟨r (x − μ)ᵀ⟩| over the rows. */
    private static double worstMoment(double[] x, double[] r, GaussianBase base) {
        double[] mu = base.mean();
        double worst = 0;
        for (int i = 0; i < D; i++) {
            double m = 0;
            for (int k = 0; k < N; k++) m += r[k * D + i] / N;
            worst = Math.max(worst, Math.abs(m));
            for (int j = 0; j < D; j++) {
                double mij = 0;
                for (int k = 0; k < N; k++) mij += r[k * D + i] * (x[k * D + j] - mu[j]) / N;
                worst = Math.max(worst, Math.abs(mij));
            }
        }
        return worst;
    }

    @Test
    void theCorrectedRemainderHasNoMeanAndNoLinearMomentOnItsRows() {
        double[] x = GaussianBaseTest.correlatedRows(N, D, 5);
        GaussianBase base = GaussianBase.fit(x, N, D);
        double[] r = remainder(x, false);
        double before = worstMoment(x, r, base);
        LinearCorrection c = LinearCorrection.fit(x, r, N, base);
        c.add(x, r, N);
        // exact but for the base's ridge and rounding: Σ⁻¹'s relative error ≤ RIDGE·λ̄/λ_min + 64·d·ε·cond(Σ)
        assertEquals(0, worstMoment(x, r, base), sigmaInverseError(base) * before, "moments before: " + before);
        // base + corrected remainder: the linear Stein identities hold on the rows up to the ridge and (n − 1)/n
        double[] s = r.clone();
        base.add(x, 0, 0, s, 0, N, new double[2 * D]);
        double[] mu = base.mean();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double m = 0;
                for (int k = 0; k < N; k++) m += s[k * D + i] * (x[k * D + j] - mu[j]) / N;
                assertEquals(i == j ? -1 : 0, m, 2.0 / N, "⟨s_" + i + " (x_" + j + " − μ)⟩");
            }
        }
    }

    @Test
    void aRemainderWithoutLinearMomentsIsLeftAsItIs() {
        double[] x = GaussianBaseTest.correlatedRows(N, D, 6);
        GaussianBase base = GaussianBase.fit(x, N, D);
        double scale = 0;
        for (double b : LinearCorrection.fit(x, remainder(x, false), N, base).slope()) scale = Math.max(scale, Math.abs(b));
        LinearCorrection c = LinearCorrection.fit(x, remainder(x, true), N, base);
        double[] centred = remainder(x, true);
        double rMax = 0;
        for (double v : centred) rMax = Math.max(rMax, Math.abs(v));
        for (double a : c.offset()) assertEquals(0, a, 64 * N * EPS * rMax); // a mean of N values of size ≤ rMax that sum to 0 up to rounding
        double bound = sigmaInverseError(base) * scale * 4;          // the correction of the correction: Σ⁻¹'s error, twice
        for (double b : c.slope()) assertEquals(0, b, bound);
    }

    @Test
    void badShapesAndValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LinearCorrection(new double[2], new double[2], new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LinearCorrection(new double[1], new double[] {Double.NaN}, new double[1]));
        GaussianBase base = GaussianBase.fit(GaussianBaseTest.correlatedRows(10, 2, 1), 10, 2);
        assertThrows(IllegalArgumentException.class, () -> LinearCorrection.fit(new double[4], new double[4], 3, base));
    }
}
