package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Adam;
import org.scorefdt.score.nn.Ema;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only: DSM training on the device ({@link CudaDsmStep}) against the CPU reference loop (Mlp,
 * Adam, Ema: DsmTrainer's step). Skipped, with the loader's cause, where no CUDA device is present.
 *
 * <ul>
 *   <li>Adam and EMA kernels: nn.h's bodies compiled with --fmad=false, the same IEEE operations as
 *       Adam.step/Ema.update: given the same gradient and parameters, bitwise equal (0 ulp).</li>
 *   <li>Loss curve: the step's forward/backward differ by rounding (cuBLAS order, CUDA exp: ≤ 10⁻¹²
 *       relative per block, CudaMlpTest) and the loss/norm sums by their order (≤ 2nε relative);
 *       Adam's m/√v normalisation can amplify differences only for gradients within rounding of 0.
 *       Bound: the first step's loss and gradient norm within 10⁻¹² relative; every step's loss
 *       within 10⁻⁶ relative over 200 steps; the final EMA weights within 10⁻⁶·max|θ̄|.</li>
 * </ul>
 */
@Tag("gpu")
class CudaDsmStepTest {
    private static final int[] WIDTHS = {5, 64, 64, 4};
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    private static double[] normals(int n, long member, long step) {
        double[] x = new double[n];
        Philox.normals(41, Streams.TRAINING, member, step, x, 0, n, new Philox.Scratch());
        return x;
    }

    @Test
    void adamKernelEqualsJavaBitwise() {
        Mlp net = Mlp.initialised(WIDTHS, Activation.SILU, 3);
        int n = net.parameterCount();
        double[] javaParams = net.parameters().clone();
        Adam adam = new Adam(n);
        try (CudaDsmStep step = new CudaDsmStep(device, WIDTHS, CudaMlp.SILU, javaParams, 8, 0.9, 0.999, 1e-8, 0.999)) {
            for (int t = 1; t <= 20; t++) {
                double[] g = normals(n, 7, t);
                for (int i = 0; i < n; i += 13) g[i] = 0; // exact zeros too
                double clip = t % 3 == 0 ? 0.25 : 1.0;
                step.setGradient(g);
                double[] gj = g.clone();
                if (clip != 1.0) for (int i = 0; i < n; i++) gj[i] *= clip; // Adam.clipGlobalNorm's scaling
                double lr = Adam.warmup(1e-3, t - 1, 5);
                adam.step(javaParams, gj, lr);
                step.adam(lr, 1 - StrictMath.pow(0.9, t), 1 - StrictMath.pow(0.999, t), clip);
                assertArrayEquals(javaParams, step.parameters(), 0.0, "Adam step " + t);
            }
        }
    }

    @Test
    void emaKernelEqualsJavaBitwise() {
        Mlp net = Mlp.initialised(WIDTHS, Activation.TANH, 4);
        double[] theta = net.parameters().clone();
        Ema ema = new Ema(theta, 0.99);
        try (CudaDsmStep step = new CudaDsmStep(device, WIDTHS, CudaMlp.TANH, theta, 8, 0.9, 0.999, 1e-8, 0.99)) {
            for (int t = 0; t < 30; t++) {
                double[] jitter = normals(theta.length, 9, t);
                for (int i = 0; i < theta.length; i++) theta[i] += 1e-2 * jitter[i];
                step.setParameters(theta);
                step.setGradient(new double[theta.length]); // zero gradient, lr 0: Adam leaves θ exactly as set
                step.update(0.0, Double.POSITIVE_INFINITY, 0.0);
                ema.update(theta);
                assertArrayEquals(ema.average(), step.emaAverage(), 0.0, "EMA update " + t);
            }
        }
    }

    @Test
    void lossCurveMatchesTheCpuLoop() {
        CudaTier.leaveToTheGpu(true, "200 steps, ~60 s on emulated threads");
        int batch = 128, d = 4, steps = 200, warmup = 10;
        double lr = 1e-3, clipNorm = 1.0, decay = 0.999;
        Mlp net = Mlp.initialised(WIDTHS, Activation.SILU, 11);
        int n = net.parameterCount();
        double[] params = net.parameters();
        Adam adam = new Adam(n);
        Ema ema = new Ema(params, decay);
        Mlp.Workspace ws = net.workspace(batch);
        double[] out = new double[batch * d], grad = new double[n];
        try (CudaDsmStep step = new CudaDsmStep(device, WIDTHS, CudaMlp.SILU, params, batch, 0.9, 0.999, 1e-8, decay)) {
            double worst = 0;
            for (int k = 0; k < steps; k++) {
                double[] in = normals(batch * (d + 1), 1, k), z = normals(batch * d, 2, k);
                // DsmTrainer's step on the CPU
                net.forward(in, batch, out, ws);
                double loss = 0, scale = 2.0 / ((double) batch * d);
                for (int j = 0; j < batch * d; j++) {
                    double e = out[j] + z[j];
                    loss += e * e;
                    out[j] = scale * e;
                }
                loss /= (double) batch * d;
                net.backward(ws, batch, out, grad, null);
                double norm = Adam.clipGlobalNorm(grad, clipNorm);
                double rate = Adam.warmup(lr, k, warmup);
                adam.step(params, grad, rate);
                ema.update(params);
                // the same step on the GPU
                double[] r = step.lossAndGradient(in, z, batch);
                step.update(rate, clipNorm, r[1]);
                double rel = Math.abs(r[0] - loss) / loss;
                worst = Math.max(worst, rel);
                if (k == 0) {
                    assertEquals(loss, r[0], 1e-12 * loss, "first-step loss");
                    assertEquals(norm, r[1], 1e-12 * norm, "first-step gradient norm");
                }
                assertTrue(rel <= 1e-6, "step " + k + ": CPU loss " + loss + ", GPU " + r[0]);
            }
            double[] avg = step.emaAverage();
            double diff = 0, scale = 0;
            for (int i = 0; i < n; i++) {
                diff = Math.max(diff, Math.abs(avg[i] - ema.average()[i]));
                scale = Math.max(scale, Math.abs(ema.average()[i]));
            }
            assertTrue(diff <= 1e-6 * scale, "EMA weights after " + steps + " steps differ by " + diff + " (scale " + scale + ")");
            assertTrue(worst < 1e-6, "worst relative loss difference " + worst);
        }
    }

    @Test
    void trainerOnTheGpuFollowsTheCpuTrainer() {
        CudaTier.leaveToTheGpu(true, "~25 s on emulated threads");
        int n = 1000, d = 2;
        double[] data = normals(n * d, 6, 0);
        for (int i = 0; i < data.length; i++) data[i] = 1 + 0.5 * data[i];
        org.scorefdt.score.nn.DsmConfig config = org.scorefdt.score.nn.DsmConfig.builder().hiddenWidths(32, 32).steps(150)
                .warmupSteps(10).evalEvery(50).batchSize(64).seed(5).build();
        java.util.List<double[]> cpuCurve = new java.util.ArrayList<>(), gpuCurve = new java.util.ArrayList<>();
        org.scorefdt.score.nn.DsmResult cpu, gpu;
        cpu = new org.scorefdt.score.nn.DsmTrainer(config).train(data, n, d, (step, tr, v) -> cpuCurve.add(new double[] {step, tr, v}));
        gpu = new org.scorefdt.score.nn.DsmTrainer(config, CudaTier.require()).train(data, n, d, (step, tr, v) -> gpuCurve.add(new double[] {step, tr, v}));
        assertEquals(cpuCurve.size(), gpuCurve.size());
        for (int i = 0; i < cpuCurve.size(); i++) {
            double[] c = cpuCurve.get(i), g = gpuCurve.get(i);
            assertEquals(c[0], g[0]);
            if (i > 0) assertEquals(c[1], g[1], 1e-6 * c[1], "mean train loss at step " + c[0]);
            assertEquals(c[2], g[2], 1e-6 * c[2], "held-out loss at step " + c[0]);
        }
        assertEquals(cpu.bestStep(), gpu.bestStep());
    }

    @Test
    void badInputIsRejected() {
        double[] p = Mlp.initialised(WIDTHS, Activation.SILU, 1).parameters();
        assertThrows(IllegalArgumentException.class, () -> new CudaDsmStep(device, WIDTHS, CudaMlp.SILU, p, 4, 0.9, 0.999, 1e-8, 1.0));
        try (CudaDsmStep step = new CudaDsmStep(device, WIDTHS, CudaMlp.SILU, p, 4, 0.9, 0.999, 1e-8, 0.9)) {
            assertThrows(IllegalArgumentException.class, () -> step.lossAndGradient(new double[10], new double[16], 4));
            assertThrows(IllegalArgumentException.class, () -> step.lossAndGradient(new double[20], new double[16], 0));
        }
    }
}
