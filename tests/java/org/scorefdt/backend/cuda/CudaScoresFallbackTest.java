package org.scorefdt.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.score.CudaMlp;

/**
 * Host side of the CUDA score hooks, on machines without a GPU: an explicit CUDA tier fails with a
 * reason naming the cause, and with the CUDA preference set the AUTO tiers fall back to the CPU
 * tiers with unchanged results. (On a GPU node these cases are skipped; the GPU tests cover them.)
 */
class CudaScoresFallbackTest {

    @AfterEach
    void reset() {
        CudaScores.prefer(false);
    }

    @Test
    void explicitCudaTierFailsWithTheCause() {
        assumeFalse(CudaTier.present(), "a CUDA device is present: the fallback is not exercised here");
        double[] x = {0, 1, 2, 3, 4, 5};
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> KdeScore.of(x, 3, 2, 0.5, KdeScore.Tier.CUDA, 1));
        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
        BackendUnavailableException m = assertThrows(BackendUnavailableException.class,
                () -> CudaScores.mlp(new int[] {2, 3}, CudaMlp.SILU, Precision.F64, 1));
        assertTrue(m.getMessage().contains("CUDA"), m.getMessage());
    }

    @Test
    void preferredCudaFallsBackToTheCpuTiersWithTheSameResults() {
        assumeFalse(CudaTier.present(), "a CUDA device is present: the fallback is not exercised here");
        SplittableRandom r = new SplittableRandom(2);
        int n = 200, d = 3, m = 20;
        double[] x = new double[n * d], y = new double[m * d];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-2, 2);
        for (int i = 0; i < y.length; i++) y[i] = r.nextDouble(-2, 2);
        double[] want = new double[m * d], got = new double[m * d];
        try (KdeScore java = KdeScore.of(x, n, d, 0.4, KdeScore.Tier.JAVA, 1)) {
            java.score(y, want, m);
        }
        CudaScores.prefer(true);
        try (KdeScore auto = KdeScore.of(x, n, d, 0.4, KdeScore.Tier.AUTO, 1)) {
            assertNotEquals(KdeScore.Tier.CUDA, auto.tier());
            auto.score(y, got, m);
        }
        assertArrayEquals(want, got, 0.0); // native and Java are bitwise equal
        Mlp net = Mlp.initialised(new int[] {3, 8, 3}, Activation.SILU, 1);
        try (MlpEvaluator ev = MlpEvaluator.best(net, 4, 1)) {
            assertNotEquals("cuda", ev.tier());
        }
    }
}
