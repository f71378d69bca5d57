package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.ReadOff;
import org.scorefdt.score.nn.TrainingListener;

/**
 * Which DSM scores have a device conjugate, decided without a GPU: a trained default network over a
 * Gaussian base with its linear correction (docs/score-models.md §4.2) has one (its parity is
 * {@code CudaDeviceScoreTest}'s); the same network read off by extrapolation has none, and says why.
 */
class DeviceConjugateReasonsTest {
    @Test
    void aDsmScoreOverAGaussianBaseHasADeviceFormAnExtrapolatedOneDoesNot() {
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(0.37 * i) + 0.1 * (i % 7);
        DsmScore based = new DsmTrainer(DsmConfig.builder().hiddenWidths(8).stepsScaled(20).batchSize(16).seed(2)
                .readOff(DsmConfig.ReadOffRule.SIGMA_MIN).build()).train(x, 200, 2, TrainingListener.NONE).model();
        assertTrue(based.base().isPresent() && based.correction().isPresent());
        assertTrue(DeviceConjugates.unsupported(based).isEmpty(), () -> DeviceConjugates.unsupported(based).get());
        DsmScore extrapolated = based.withReadOff(new ReadOff(based.readOff().sigma(), true));
        String why = DeviceConjugates.unsupported(extrapolated).orElse("");
        assertTrue(why.contains("extrapolation") && why.contains("no device form"), why);
    }
}
