package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.AutoTiers;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.testing.NativeTier;

/**
 * Host: on the auto tiers without a device, DsmTrainer trains the periodic CNN on the next tier — the
 * native CPU tier's step where it loads (equal to the Java reference within CnnParity's bounds: loss
 * 10⁻⁹ relative, parameters 10⁻¹⁰·max|θ|), else the Java host loop, bit for bit.
 */
class DsmTrainerCudaFallbackTest {
    @Test
    void periodicCnnFallsBackToTheCpuLoopWithoutADevice() {
        assumeFalse(CudaTier.present(), "a CUDA device is present: CudaCnnTrainingTest covers the device path");
        int samples = 60, d = 16;
        double[] data = new double[samples * d];
        Philox.normals(3, Streams.TRAINING, 0, 0, data, 0, data.length, new Philox.Scratch());
        DsmConfig config = DsmConfig.builder().hiddenWidths(3).steps(6).warmupSteps(2).evalEvery(3).batchSize(4).seed(2)
                .architecture(DsmConfig.Architecture.PERIODIC_CNN).build();
        DsmResult plain = new DsmTrainer(config).train(data, samples, d, (s, t, v) -> { });
        DsmResult preferred = new DsmTrainer(config, AutoTiers.open()).train(data, samples, d, (s, t, v) -> { });
        assertTrue(!preferred.message().contains("cuda passes"), preferred.message());
        if (NativeTier.present()) {
            assertTrue(preferred.message().contains("(native passes)"), preferred.message());
            assertEquals(plain.bestValidLoss(), preferred.bestValidLoss(), 1e-9 * plain.bestValidLoss());
            double[] a = plain.model().network().parameters(), b = preferred.model().network().parameters();
            double scale = 0;
            for (double v : a) scale = Math.max(scale, Math.abs(v));
            assertArrayEquals(a, b, 1e-10 * scale);
            return;
        }
        assertEquals(plain.message(), preferred.message());
        assertEquals(plain.bestValidLoss(), preferred.bestValidLoss(), 0.0);
        assertArrayEquals(plain.model().network().parameters(), preferred.model().network().parameters(), 0.0);
    }
}
