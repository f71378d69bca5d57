package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.TrainingListener;

/**
 * Which DSM scores have a device conjugate, decided without a GPU: a network over a Gaussian base
 * (docs/score-models.md §4.2) has none yet, so a CUDA GFDT runs it on the host and says why; the same
 * network without base keeps its device form.
 */
class DeviceConjugateReasonsTest {
    @Test
    void aDsmScoreOverAGaussianBaseHasNoDeviceFormAndSaysWhy() {
        double[] x = new double[400];
        for (int i = 0; i < x.length; i++) x[i] = Math.sin(0.37 * i) + 0.1 * (i % 7);
        DsmResult r = new DsmTrainer(DsmConfig.builder().hiddenWidths(8).stepsScaled(20).batchSize(16).seed(2)
                .readOff(DsmConfig.ReadOffRule.SIGMA_MIN).build()).train(x, 200, 2, TrainingListener.NONE);
        DsmScore based = r.model();
        assertTrue(based.base().isPresent());
        String why = DeviceConjugates.unsupported(based).orElse("");
        assertTrue(why.contains("Gaussian base") && why.contains("no device form"), why);
        DsmScore plain = new DsmScore(based.network(), based.mean(), based.std(), based.schedule(),
                based.config().toBuilder().base(DsmConfig.Base.NONE).build());
        assertTrue(DeviceConjugates.unsupported(plain).isEmpty(), "without a base the MLP keeps its device conjugate");
    }
}
