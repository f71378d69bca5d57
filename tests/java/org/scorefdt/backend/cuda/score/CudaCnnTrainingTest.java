package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Adam;
import org.scorefdt.score.nn.Ema;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only (tag via {@link CudaTier}: skipped with the cause without a device; run here on the fake
 * driver by {@link FakeDriverRunner}): the periodic CNN's backward pass (cnn.cu) against
 * {@link PeriodicCnn#backward}, and the device DSM step for the CNN against DsmTrainer's CPU step.
 *
 * <p>Gradient tolerance: each entry is a sum of B·N² ≤ 3·64 = 192 products per field tap (or of the
 * δ's), summed sequentially on the device and by Java's im2col GEMM in another order, through
 * three layers whose δ's carry the forward's rounding (CUDA exp/tanh ≤ 2 ulp): ≲ 2·192·ε ≈ 10⁻¹³
 * relative to Σ|terms|, ≤ 10⁻¹²·max|g| with the Σ|terms|/max|g| ≲ 10 of these random nets.
 * Loss curve: rounding differences of ~10⁻¹⁴ per step grow through Adam over 30 steps; 10⁻⁶ relative,
 * the bound of the MLP's curve (CudaDsmStepTest); step 0 to 10⁻¹².
 */
@Tag("gpu")
class CudaCnnTrainingTest {
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    private static double[] normals(int count, long member, long step) {
        double[] x = new double[count];
        Philox.normals(71, Streams.TRAINING, member, step, x, 0, count, new Philox.Scratch());
        return x;
    }

    private static int[] channels(PeriodicCnn net) {
        int[] h = net.hiddenChannels(), ch = new int[h.length + 2];
        ch[0] = net.fieldChannels() + net.constantChannels();
        System.arraycopy(h, 0, ch, 1, h.length);
        ch[ch.length - 1] = net.outChannels();
        return ch;
    }

    @ParameterizedTest(name = "N={0} batch={1} K={2} {3}")
    @CsvSource({"6, 3, 1, SILU", "5, 2, 2, TANH", "1, 2, 1, SILU", "4, 1, 0, TANH"})
    void gradientMatchesPeriodicCnnBackward(int n, int batch, int constants, Activation act) {
        PeriodicCnn net = PeriodicCnn.initialised(n, 2, constants, new int[] {5, 4}, 2, act, 13);
        double[] p = net.parameters(), jitter = normals(p.length, 1, 0);
        for (int i = 0; i < p.length; i++) p[i] += 0.2 * jitter[i];  // non-zero biases, generic weights
        int inW = net.inputWidth(), outW = net.outputWidth();
        double[] in = normals(batch * inW, 2, 0), dOut = normals(batch * outW, 3, 0);
        double[] out = new double[batch * outW], want = new double[p.length];
        PeriodicCnn.Workspace ws = net.workspace(batch);
        net.forward(in, batch, out, ws);
        net.backward(ws, batch, dOut, want, null);
        int id = act == Activation.SILU ? CudaMlp.SILU : CudaMlp.TANH;
        try (CudaCnn gpu = new CudaCnn(device, n, 2, constants, channels(net), id, Precision.F64, 1)) {
            gpu.setParameters(p);
            double[] got = gpu.gradient(in, dOut, batch);
            double diff = 0, scale = 0;
            for (int i = 0; i < p.length; i++) {
                diff = Math.max(diff, Math.abs(got[i] - want[i]));
                scale = Math.max(scale, Math.abs(want[i]));
            }
            assertTrue(scale > 0);
            assertTrue(diff <= 1e-12 * scale, "max |gpu − java| = " + diff + " > 1e-12 × " + scale);
            // deterministic: a second run (after the buffers were used) gives the same bits
            assertArrayEquals(got, gpu.gradient(in, dOut, batch), 0.0, "run-to-run");
        }
    }

    @Test
    void lossCurveMatchesTheCpuLoop() {
        int n = 4, d = n * n, batch = 6, steps = 30, warmup = 5;
        double lr = 3e-3, clipNorm = 1.0, decay = 0.99;
        PeriodicCnn net = PeriodicCnn.initialised(n, 1, 1, new int[] {4, 3}, 1, Activation.SILU, 11);
        int np = net.parameterCount();
        double[] params = net.parameters();
        Adam adam = new Adam(np);
        Ema ema = new Ema(params, decay);
        PeriodicCnn.Workspace ws = net.workspace(batch);
        double[] out = new double[batch * d], grad = new double[np];
        try (CudaDsmStep step = CudaDsmStep.periodicCnn(device, n, 1, 1, channels(net), CudaMlp.SILU, params, batch, 0.9, 0.999,
                1e-8, decay)) {
            double worst = 0;
            boolean clipped = false;
            for (int k = 0; k < steps; k++) {
                double[] in = normals(batch * (d + 1), 4, k), z = normals(batch * d, 5, k);
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
                clipped |= norm > clipNorm;
                double rate = Adam.warmup(lr, k, warmup);
                adam.step(params, grad, rate);
                ema.update(params);
                double[] r = step.lossAndGradient(in, z, batch);
                step.update(rate, clipNorm, r[1]);
                if (k == 0) {
                    assertEquals(loss, r[0], 1e-12 * loss, "first-step loss");
                    assertEquals(norm, r[1], 1e-12 * norm, "first-step gradient norm");
                }
                double rel = Math.abs(r[0] - loss) / loss;
                worst = Math.max(worst, rel);
                assertTrue(rel <= 1e-6, "step " + k + ": CPU loss " + loss + ", GPU " + r[0]);
            }
            double[] avg = step.emaAverage(), dev = step.parameters();
            double[] init = PeriodicCnn.initialised(n, 1, 1, new int[] {4, 3}, 1, Activation.SILU, 11).parameters();
            double diff = 0, pdiff = 0, scale = 0, moved = 0;
            for (int i = 0; i < np; i++) {
                diff = Math.max(diff, Math.abs(avg[i] - ema.average()[i]));
                pdiff = Math.max(pdiff, Math.abs(dev[i] - params[i]));
                scale = Math.max(scale, Math.abs(params[i]));
                moved = Math.max(moved, Math.abs(params[i] - init[i]));
            }
            assertTrue(moved > 1e-3, "the weights moved (" + moved + "): the comparison is not vacuous");
            assertTrue(diff <= 1e-6 * scale, "EMA weights differ by " + diff + " (scale " + scale + ")");
            assertTrue(pdiff <= 1e-6 * scale, "weights differ by " + pdiff + " (scale " + scale + ")");
            assertTrue(worst <= 1e-6, "worst relative loss difference " + worst);
        }
    }

    @Test
    void trainerOnTheGpuFollowsTheCpuTrainerForTheCnn() {
        int samples = 120, d = 16;
        double[] data = normals(samples * d, 6, 0);
        for (int i = 0; i < data.length; i++) data[i] = 1 + 0.5 * data[i];
        org.scorefdt.score.nn.DsmConfig config = org.scorefdt.score.nn.DsmConfig.builder().hiddenWidths(4).steps(20)
                .warmupSteps(4).evalEvery(10).batchSize(8).seed(5)
                .architecture(org.scorefdt.score.nn.DsmConfig.Architecture.PERIODIC_CNN).build();
        java.util.List<double[]> cpuCurve = new java.util.ArrayList<>(), gpuCurve = new java.util.ArrayList<>();
        org.scorefdt.score.nn.DsmResult cpu, gpu;
        cpu = new org.scorefdt.score.nn.DsmTrainer(config).train(data, samples, d, (step, tr, v) -> cpuCurve.add(new double[] {step, tr, v}));
        gpu = new org.scorefdt.score.nn.DsmTrainer(config, CudaTier.require()).train(data, samples, d, (step, tr, v) -> gpuCurve.add(new double[] {step, tr, v}));
        assertTrue(gpu.message().contains("(cuda passes)"), gpu.message());
        assertTrue(cpuCurve.size() >= 3, "progress points " + cpuCurve.size());
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
    void trainingRejectsF32AndBadRows() {
        try (CudaCnn f32 = new CudaCnn(device, 4, 1, 1, new int[] {2, 3, 1}, CudaMlp.SILU, Precision.F32, 1)) {
            assertThrows(IllegalStateException.class, () -> f32.gradient(new double[17], new double[16], 1));
        }
        try (CudaCnn gpu = new CudaCnn(device, 4, 1, 1, new int[] {2, 3, 1}, CudaMlp.SILU, Precision.F64, 1)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.gradient(new double[16], new double[16], 1));
            assertThrows(IllegalArgumentException.class, () -> gpu.gradient(new double[17], new double[15], 1));
            assertThrows(IllegalArgumentException.class, () -> gpu.gradient(new double[17], new double[16], 0));
        }
    }
}
