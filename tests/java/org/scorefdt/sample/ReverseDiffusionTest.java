package org.scorefdt.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scorefdt.sample.GaussianFixture.C;
import static org.scorefdt.sample.GaussianFixture.D;
import static org.scorefdt.sample.GaussianFixture.MU;

import org.junit.jupiter.api.Test;
import org.scorefdt.score.NoiseConditionalScore;
import org.scorefdt.testing.Quantiles;

/**
 * Reverse diffusion and probability flow with the analytic noise-conditional score of Gaussian
 * data, s_σ(y) = −(C + σ²I)⁻¹(y − μ), must reproduce N(μ, C + σ_min² I). For Gaussian data both
 * schemes are linear maps, so the exact law of their output is computable (mean and covariance
 * recursions below): each test checks (a) that this law is within a quarter of the statistical
 * tolerance of the target, i.e. the discretisation is resolved, and (b) the samples against the
 * target with thresholds k·√(C_ii/n), k·√((C_ii C_jj + C_ij²)/n), n = chains (independent),
 * k = Bonferroni normal quantile at α = 10⁻³ over 9 entries.
 */
class ReverseDiffusionTest {
    private static final double K = Quantiles.bonferroniNormal(1e-3, 9);
    /** EM is first order: 1000 levels put its covariance bias at ≈ 0.9% (see assertDiscretisationResolved). */
    private static final ReverseSchedule SCHEDULE = new ReverseSchedule(0.01, 50, 1000);
    /** Heun is second order: 200 levels suffice. */
    private static final ReverseSchedule HEUN = new ReverseSchedule(0.01, 50, 200);
    private static final int CHAINS = 10_000;
    private static final double[] TARGET = GaussianFixture.plusIdentity(C, 0.01 * 0.01);

    @Test
    void reverseDiffusionReproducesTheSmoothedGaussian() {
        assertDiscretisationResolved(predictorLaw(MU));
        double[] x = new ReverseDiffusion(GaussianFixture.noiseConditional(), SCHEDULE).sample(21, 0, CHAINS, MU);
        SampleStatistics.MomentCheck check = SampleStatistics.checkMoments(x, CHAINS, D, MU, TARGET, CHAINS, K);
        assertTrue(check.passed(), check.toString());
    }

    /** With a zero prior mean the output is still exactly the scheme's law (here visibly off μ). */
    @Test
    void reverseDiffusionWithAZeroPriorFollowsItsExactLaw() {
        double[][] law = predictorLaw(null);
        double[] x = new ReverseDiffusion(GaussianFixture.noiseConditional(), SCHEDULE).sample(22, 0, CHAINS, null);
        SampleStatistics.MomentCheck check = SampleStatistics.checkMoments(x, CHAINS, D, law[0], law[1], CHAINS, K);
        assertTrue(check.passed(), check.toString());
    }

    @Test
    void predictorCorrectorReproducesTheSmoothedGaussian() {
        double[] x = new ReverseDiffusion(GaussianFixture.noiseConditional(), SCHEDULE, 1, 0.16).sample(23, 0, CHAINS, MU);
        SampleStatistics.MomentCheck check = SampleStatistics.checkMoments(x, CHAINS, D, MU, TARGET, CHAINS, K);
        assertTrue(check.passed(), check.toString());
    }

    @Test
    void probabilityFlowReproducesTheSmoothedGaussian() {
        assertDiscretisationResolved(heunLaw(MU, HEUN));
        double[] x = new ProbabilityFlow(GaussianFixture.noiseConditional(), HEUN).sample(24, 0, CHAINS, MU);
        SampleStatistics.MomentCheck check = SampleStatistics.checkMoments(x, CHAINS, D, MU, TARGET, CHAINS, K);
        assertTrue(check.passed(), check.toString());
    }

    @Test
    void samplesDoNotDependOnBatching() {
        NoiseConditionalScore s = GaussianFixture.noiseConditional();
        ReverseSchedule short_ = new ReverseSchedule(0.1, 10, 20);
        ReverseDiffusion pc = new ReverseDiffusion(s, short_, 2, 0.2);
        double[] all = pc.sample(5, 0, 5, null), a = pc.sample(5, 0, 2, null), b = pc.sample(5, 2, 3, null);
        double[] joined = new double[5 * D];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertArrayEquals(all, joined, 0.0);
        ProbabilityFlow pf = new ProbabilityFlow(s, short_);
        all = pf.sample(5, 0, 5, null);
        a = pf.sample(5, 0, 2, null);
        b = pf.sample(5, 2, 3, null);
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertArrayEquals(all, joined, 0.0);
    }

    @Test
    void badInputIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> new ReverseSchedule(1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReverseSchedule(0, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new ReverseSchedule(0.1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReverseSchedule(2, 1, 10));
        ReverseSchedule trained = ReverseSchedule.of(new org.scorefdt.score.nn.NoiseSchedule(0.01, 14, 1e-5), 50);
        assertEquals(14, trained.sigma(0), 0.0);
        assertEquals(0.01, trained.sigma(50), 0.0);
        NoiseConditionalScore s = GaussianFixture.noiseConditional();
        assertThrows(IllegalArgumentException.class, () -> new ReverseDiffusion(s, SCHEDULE, -1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ReverseDiffusion(s, SCHEDULE, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ReverseDiffusion(s, SCHEDULE).sample(1, 0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new ProbabilityFlow(s, SCHEDULE).sample(1, 0, 2, new double[2]));
    }

    /** Asserts the scheme's exact output law is within ¼ of each tolerance of the target. */
    private static void assertDiscretisationResolved(double[][] law) {
        for (int i = 0; i < D; i++) {
            double tol = SampleStatistics.meanTolerance(K, TARGET[i * D + i], CHAINS);
            assertTrue(Math.abs(law[0][i] - MU[i]) < 0.25 * tol, "mean bias " + i + ": " + (law[0][i] - MU[i]));
            for (int j = 0; j < D; j++) {
                double tc = SampleStatistics.covarianceTolerance(K, TARGET[i * D + i], TARGET[j * D + j], TARGET[i * D + j], CHAINS);
                double gap = law[1][i * D + j] - TARGET[i * D + j];
                assertTrue(Math.abs(gap) < 0.25 * tc, "covariance bias " + i + "," + j + ": " + gap + " vs tolerance " + tc);
            }
        }
    }

    private static double[] precision(ReverseSchedule schedule, int i) {
        double s = schedule.sigma(i);
        return GaussianFixture.inverse(GaussianFixture.plusIdentity(C, s * s));
    }

    /** Law of the EM predictor: e ← A e, V ← A V Aᵀ + Δ I, A = I − Δ P_i, from e = m − μ, V = σ_max² I. */
    private static double[][] predictorLaw(double[] priorMean) {
        double[] e = new double[D], v = GaussianFixture.plusIdentity(new double[D * D], SCHEDULE.sigmaMax() * SCHEDULE.sigmaMax());
        for (int i = 0; i < D; i++) e[i] = (priorMean == null ? 0 : priorMean[i]) - MU[i];
        for (int i = 0; i < SCHEDULE.steps(); i++) {
            double delta = SCHEDULE.varianceDrop(i);
            double[] a = GaussianFixture.axpy(GaussianFixture.identity(), -delta, precision(SCHEDULE, i));
            e = GaussianFixture.apply(a, e);
            v = GaussianFixture.plusIdentity(GaussianFixture.mul(GaussianFixture.mul(a, v), GaussianFixture.transpose(a)), delta);
        }
        return law(e, v);
    }

    /** Law of the Heun flow: B = I − ¼Δ(P_i + P_{i+1}(I − ½Δ P_i)); e ← B e, V ← B V Bᵀ. */
    private static double[][] heunLaw(double[] priorMean, ReverseSchedule schedule) {
        double[] e = new double[D], v = GaussianFixture.plusIdentity(new double[D * D], schedule.sigmaMax() * schedule.sigmaMax());
        for (int i = 0; i < D; i++) e[i] = (priorMean == null ? 0 : priorMean[i]) - MU[i];
        for (int i = 0; i < schedule.steps(); i++) {
            double delta = schedule.varianceDrop(i);
            double[] p0 = precision(schedule, i), p1 = precision(schedule, i + 1);
            double[] inner = GaussianFixture.axpy(GaussianFixture.identity(), -0.5 * delta, p0);
            double[] b = GaussianFixture.axpy(GaussianFixture.identity(), -0.25 * delta,
                    GaussianFixture.axpy(p0, 1, GaussianFixture.mul(p1, inner)));
            e = GaussianFixture.apply(b, e);
            v = GaussianFixture.mul(GaussianFixture.mul(b, v), GaussianFixture.transpose(b));
        }
        return law(e, v);
    }

    private static double[][] law(double[] e, double[] v) {
        double[] m = new double[D];
        for (int i = 0; i < D; i++) m[i] = MU[i] + e[i];
        return new double[][] {m, v};
    }
}
