package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Gaussian base's configuration and fall-backs (docs/score-models.md §4.2): the MLP's default, the
 * CNN's refusal, a default that follows the architecture through {@code toBuilder}, and rows in a
 * subspace training the plain network with the reason in the message.
 */
class DsmBaseTest {
    private static DsmConfig.Builder small() {
        return DsmConfig.builder().hiddenWidths(8).stepsScaled(20).batchSize(16).seed(3).readOff(DsmConfig.ReadOffRule.SIGMA_MIN);
    }

    @Test
    void theDefaultFollowsTheArchitectureAndTheCnnRefusesABase() {
        assertEquals(DsmConfig.Base.GAUSSIAN, DsmConfig.builder().build().base());
        assertEquals(DsmConfig.Base.NONE, DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).build().base());
        DsmConfig cnn = DsmConfig.builder().build().toBuilder().architecture(DsmConfig.Architecture.PERIODIC_CNN).build();
        assertEquals(DsmConfig.Base.NONE, cnn.base(), "a default base stays a default when the architecture changes");
        assertEquals(DsmConfig.Base.NONE, DsmConfig.builder().base(DsmConfig.Base.NONE).build().toBuilder().build().base());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).base(DsmConfig.Base.GAUSSIAN).build());
        assertTrue(e.getMessage().contains("only the MLP takes a Gaussian base"), e.getMessage());
        assertEquals(DsmConfig.Base.NONE, new DsmConfig(new int[] {4}, Activation.SILU, 1e-3, 8, 10, 0, 1, 0.9, 0.01, Double.NaN, 1e-5,
                0.2, 5, 3, 1).base(), "the constructor from before the base keeps its results: no base");
    }

    @Test
    void rowsOnALineTrainThePlainNetworkAndSaySo() {
        int n = 300;
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = Math.sin(0.37 * i) + 0.1 * (i % 7);
            x[2 * i + 1] = 2 * x[2 * i] - 1; // Σ singular: −Σ⁻¹(x − μ) would be huge off the line
        }
        DsmResult r = new DsmTrainer(small().build()).train(x, n, 2, TrainingListener.NONE);
        assertTrue(r.model().base().isEmpty() && r.model().correction().isEmpty());
        assertEquals(DsmConfig.Base.NONE, r.model().config().base(), "the model's config says what it holds");
        assertTrue(r.message().contains("no Gaussian base") && r.message().contains("subspace"), r.message());

        double[] y = new double[2 * n];
        for (int i = 0; i < y.length; i++) y[i] = Math.cos(0.21 * i) + 0.3 * (i % 5);
        DsmResult based = new DsmTrainer(small().build()).train(y, n, 2, TrainingListener.NONE);
        assertTrue(based.model().base().isPresent() && based.model().correction().isPresent(), based.message());
        assertTrue(based.message().contains("remainder's mean and linear moment removed on the " + (n - 60) + " training rows"),
                based.message());
    }

    /** The other fall-backs, each named in the message: more than 512 dimensions, no more training rows than d. */
    @Test
    void tooManyDimensionsOrTooFewRowsTrainThePlainNetwork() {
        int d = GaussianBase.MAX_DIMENSION + 1, n = 600;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] wide = new double[n * d];
        for (int i = 0; i < wide.length; i++) wide[i] = rng.nextGaussian();
        DsmResult r = new DsmTrainer(small().hiddenWidths(4).stepsScaled(5).build()).train(wide, n, d, TrainingListener.NONE);
        assertTrue(r.model().base().isEmpty() && r.message().contains("needs d <= " + GaussianBase.MAX_DIMENSION), r.message());

        double[] few = new double[6 * 5];
        for (int i = 0; i < few.length; i++) few[i] = rng.nextGaussian();
        DsmResult f = new DsmTrainer(small().build()).train(few, 6, 5, TrainingListener.NONE); // 5 training rows, d = 5
        assertTrue(f.model().base().isEmpty() && f.message().contains("needs more than 5 rows"), f.message());
    }

    /**
     * Components on scales 10⁵ apart are not a subspace (the check is on the correlation matrix), and with
     * enough held-out rows the message reports the corrected score's held-out loss and Stein diagonal.
     */
    @Test
    void badlyScaledRowsKeepTheBaseAndTheMessageReportsTheCorrectedScore() {
        int n = 700;
        double[] x = new double[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = 1e-5 * (Math.sin(0.37 * i) + 0.1 * (i % 7));
            x[2 * i + 1] = 1e5 * (Math.cos(0.21 * i) + 0.3 * (i % 5));
        }
        DsmResult r = new DsmTrainer(small().build()).train(x, n, 2, TrainingListener.NONE);
        assertTrue(r.model().base().isPresent(), r.message());
        assertTrue(r.message().contains("(after it: held-out Hyvärinen loss"), r.message());
    }
}
