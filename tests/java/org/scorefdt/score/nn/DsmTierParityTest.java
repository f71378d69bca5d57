package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.scorefdt.testing.NativeTier;

/**
 * DSM training with the MLP's passes on the native tier (OpenBLAS) against the Java reference: the
 * same seed gives the same minibatches and noise, so the loss curves differ only by the rounding of
 * the passes. Tolerance: one pass agrees to ≈ 2e-15 relative ({@code NativeMlpTest}); over 40 Adam
 * steps a parameter difference grows at most by the number of steps times the update's sensitivity
 * (Adam divides by √v, O(1) relative here, with clipping inactive), so the losses should agree to
 * ~1e-13; the bound 1e-9 relative leaves four orders of magnitude for that amplification while still
 * failing on any real difference (a wrong gradient changes the loss at the first update, ~1e-3).
 */
class DsmTierParityTest {

    @Test
    void nativeAndJavaLossCurvesAgree() {
        NativeTier.require();
        int n = 600, d = 3;
        SplittableRandom rng = new SplittableRandom(12);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (i % d) + (0.5 + 0.3 * (i % d)) * Math.sqrt(-2 * Math.log1p(-rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        DsmConfig cfg = DsmConfig.builder().hiddenWidths(24, 16).batchSize(64).steps(40).learningRate(3e-3)
                .warmupSteps(5).evalEvery(5).patience(100).seed(9).build();
        List<double[]> java = new ArrayList<>(), nat = new ArrayList<>();
        DsmResult rj = new DsmTrainer(cfg, NetworkKernels.REFERENCE).train(x, n, d, (s, t, v) -> java.add(new double[] {s, t, v}));
        DsmResult rn = new DsmTrainer(cfg, NativeTier.require()).train(x, n, d, (s, t, v) -> nat.add(new double[] {s, t, v}));
        assertTrue(rj.message().contains("(java passes)"), rj.message());
        assertTrue(rn.message().contains("(native passes)"), rn.message());
        assertEquals(java.size(), nat.size());
        assertTrue(java.size() >= 9, "evaluations at step 0, every 5 steps and the end");
        for (int k = 0; k < java.size(); k++) {
            double[] a = java.get(k), b = nat.get(k);
            assertEquals(a[0], b[0]);
            if (k > 0) assertEquals(a[1], b[1], 1e-9 * Math.abs(a[1]), "training loss at step " + a[0]);
            assertEquals(a[2], b[2], 1e-9 * Math.abs(a[2]), "held-out loss at step " + a[0]);
        }
        assertTrue(java.get(java.size() - 1)[2] < java.get(0)[2], "the run must actually train");

        // The trained model evaluates alike on both tiers.
        DsmScore m = rn.model();
        assertTrue(m.kernels() instanceof org.scorefdt.backend.cpu.NativeCpuBackend, "the model keeps the trainer's kernels");
        int rows = 300; // more than one evaluation chunk
        double[] s1 = new double[rows * d], s2 = new double[rows * d];
        m.score(x, s1, rows);
        m.withKernels(NetworkKernels.REFERENCE).score(x, s2, rows);
        for (int i = 0; i < s1.length; i++) assertEquals(s2[i], s1[i], 1e-12 * (1 + Math.abs(s2[i])), "score entry " + i);
    }
}
