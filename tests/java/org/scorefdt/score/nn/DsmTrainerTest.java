package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsmTrainerTest {
    private static final double MU = 1.5, S = 0.8, SIGMA_MIN = 0.05, MAX_TOL = 0.8, RMS_TOL = 0.4;

    /**
     * 1-D Gaussian N(μ, s²): the learned s_θ(x, σ_min) against the exact score −(x − μ)/s² on
     * [μ − 2s, μ + 2s]. The model estimates the smoothed score −(x − μ)/(s² + σ_min²), whose bias
     * is |x − μ|σ_min²/(s²(s² + σ_min²)) ≤ 0.0097 here, negligible. What dominates is the DSM
     * estimate itself: its per-sample target −z/σ has variance 1/σ² = 400 at σ_min, and only ~15%
     * of the 1.5·10⁶ noisy samples (3000 steps × 512) have σ within a factor 2 of σ_min. Tolerances
     * max 0.8 (32% of the largest |score| 2/s = 2.5) and rms 0.4 are this budget's measured error
     * (0.63, 0.32 at seed 3) with ~25% headroom: a regression test of the estimator, not a
     * derived bound; more steps shrink the error roughly as 1/√(samples).
     */
    @Test
    void learnsTheGaussianScore() {
        int n = 8000;
        double[] x = Fixtures.gaussian(n, MU, S, 5);
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(32, 32).batchSize(512).steps(3000).learningRate(2e-3)
                .warmupSteps(200).sigmaMin(SIGMA_MIN).evalEvery(250).patience(100).seed(3).build();
        List<double[]> progress = new ArrayList<>();
        DsmResult r = new DsmTrainer(cfg).train(x, n, 1, (s, t, v) -> progress.add(new double[] {s, t, v}));
        assertFalse(r.diverged(), r.message());
        assertEquals(0, progress.get(0)[0]);
        assertTrue(progress.get(progress.size() - 1)[2] < progress.get(0)[2], "held-out loss decreased");
        double maxErr = 0, sq = 0;
        for (int k = 0; k <= 40; k++) {
            double y = MU - 2 * S + k * 0.1 * S;
            double[] o = new double[1];
            r.model().score(new double[] {y}, o, 1);
            double e = Math.abs(o[0] + (y - MU) / (S * S));
            maxErr = Math.max(maxErr, e);
            sq += e * e;
        }
        double rms = Math.sqrt(sq / 41);
        assertTrue(maxErr < MAX_TOL && rms < RMS_TOL, "on [μ−2s, μ+2s]: max |s_θ − s| = " + maxErr + ", rms = " + rms);

        // Derived, not measured: no network beats the irreducible DSM loss. With the exact noised score
        // the per-row loss is u², u ~ N(0, m(σ)), m = s²/(s² + σ²); over n_v held-out rows with
        // t ~ U(t_min, 1) its mean is L* = E_t m and its standard error √((E_t[3m²] − L*²)/n_v). The
        // held-out loss of the trained model estimates L* + E_t σ²|s_θ − s_σ|² ≥ L*, so it must not fall
        // below L* − 4·SE; and the excess it shows is the weighted score error the model still has
        // (measured −0.002 ± 0.026: the held-out loss cannot resolve the remaining score error, so the
        // pointwise check above has no derived tolerance — it rests on the measured budget).
        NoiseSchedule sch = r.model().schedule();
        int nv = (int) Math.round(cfg.validationFraction() * n), q = 20_000;
        double m1 = 0, m2 = 0;
        for (int k = 0; k < q; k++) {
            double sg = sch.sigma(sch.time((k + 0.5) / q)), m = S * S / (S * S + sg * sg);
            m1 += m / q;
            m2 += 3 * m * m / q;
        }
        double se = Math.sqrt((m2 - m1 * m1) / nv);
        System.out.printf("Gaussian DSM: held-out loss %.5f, irreducible %.5f ± %.5f (excess %.5f)%n", r.bestValidLoss(), m1, se,
                r.bestValidLoss() - m1);
        assertTrue(r.bestValidLoss() >= m1 - 4 * se, "held-out loss " + r.bestValidLoss() + " below the irreducible "
                + m1 + " − 4·" + se);
        assertTrue(r.bestValidLoss() < progress.get(0)[2], "training lowered the held-out loss");
    }

    @Test
    void divergenceStopsWithTheLastGoodCheckpointAndNamesTheStep() {
        double[] x = Fixtures.gaussian(400, MU, S, 6);
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(16).batchSize(32).steps(2000).learningRate(1e3)
                .warmupSteps(0).clipNorm(Double.POSITIVE_INFINITY).evalEvery(1).seed(4).build();
        DsmResult r = new DsmTrainer(cfg).train(x, 400, 1, TrainingListener.NONE);
        assertTrue(r.diverged(), r.message());
        assertTrue(r.divergedAtStep() >= 1 && r.bestStep() < r.divergedAtStep(), r.message());
        assertTrue(r.message().contains("step " + r.divergedAtStep()), r.message());
        assertTrue(Double.isFinite(r.bestValidLoss()));
        for (double p : r.model().network().parameters()) assertTrue(Double.isFinite(p), "checkpoint weights finite");
        double[] o = new double[3];
        r.model().score(new double[] {0, 1, 2}, o, 3);
        for (double v : o) assertTrue(Double.isFinite(v));
    }

    @Test
    void sameSeedGivesBitwiseSameWeights() {
        double[] x = Fixtures.gaussian(500, MU, S, 7);
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(8, 8).batchSize(16).steps(200).evalEvery(50).seed(11).build();
        double[] a = new DsmTrainer(cfg).train(x, 500, 1, TrainingListener.NONE).model().network().parameters();
        double[] b = new DsmTrainer(cfg).train(x, 500, 1, TrainingListener.NONE).model().network().parameters();
        assertArrayEquals(a, b, 0.0);
        double[] c = new DsmTrainer(cfg.toBuilder().seed(12).build()).train(x, 500, 1, TrainingListener.NONE)
                .model().network().parameters();
        assertNotEquals(a[0], c[0]);
    }

    @Test
    void earlyStoppingKeepsTheBestEvaluation() {
        double[] x = Fixtures.gaussian(300, MU, S, 8);
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(8).batchSize(16).steps(100_000).evalEvery(20).patience(2)
                .learningRate(3e-2).warmupSteps(0).seed(2).build();
        List<double[]> evals = new ArrayList<>();
        DsmResult r = new DsmTrainer(cfg).train(x, 300, 1, (s, t, v) -> evals.add(new double[] {s, v}));
        assertEquals(DsmResult.Stop.EARLY_STOPPED, r.stop(), r.message());
        assertTrue(r.stepsRun() < 100_000);
        double best = evals.stream().mapToDouble(e -> e[1]).min().orElseThrow();
        assertEquals(best, r.bestValidLoss(), 0);
        // the checkpoint is the lowest loss; the stop comes `patience` evaluations after the last gain
        // beyond the held-out noise, which a later, smaller gain does not postpone
        assertTrue(r.bestStep() <= r.stepsRun() && r.bestStep() % 20 == 0, r.message());
        assertEquals(0, r.stepsRun() % 20, "stops at an evaluation");
    }

    @Test
    void badInputIsAClearError() {
        DsmTrainer t = new DsmTrainer(DsmConfig.builder().steps(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.train(new double[] {0, 1, Double.NaN, 3, 4, 5}, 3, 2, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("row 1, component 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.train(new double[] {1, 1, 1, 1, 1}, 5, 1, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.train(new double[] {1, 2}, 2, 1, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("held-out"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DsmConfig.builder().learningRate(-1).build());
        assertTrue(e.getMessage().contains("learningRate = -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DsmConfig.builder().sigmaMin(1).sigmaMax(0.5).build());
        assertThrows(IllegalArgumentException.class, () -> DsmConfig.builder().validationFraction(1).build());
        assertThrows(IllegalArgumentException.class, () -> DsmConfig.builder().hiddenWidths().build());
        assertThrows(IllegalArgumentException.class, () -> DsmConfig.builder().emaDecay(1).build());
    }

    @Test
    void sigmaMaxIsEstimatedFromTheData() {
        double[] x = {0, 1, 4, 2, 3, 0.5, 1.5, 2.5, 3.5, 1.2};
        DsmResult r = new DsmTrainer(DsmConfig.builder().steps(1).validationFraction(0.2).build()).train(x, 10, 1, TrainingListener.NONE);
        // 8 training rows: the largest distance among them is at most 4 and the schedule uses 1.2×.
        assertTrue(r.model().schedule().sigmaMax() <= 4.8 + 1e-12 && r.model().schedule().sigmaMax() >= 1.2 * 2);
        assertTrue(Double.isNaN(r.model().config().sigmaMax()));
    }
}
