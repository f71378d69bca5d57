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
}
