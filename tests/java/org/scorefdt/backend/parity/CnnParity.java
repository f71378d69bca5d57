package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.parity.ParityTier.Op;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Adam;
import org.scorefdt.score.nn.CnnEvaluator;
import org.scorefdt.score.nn.DeviceDsmStep;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmResult;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.DsmTrainer;
import org.scorefdt.score.nn.Ema;
import org.scorefdt.score.nn.NetworkKernels;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.util.Offer;

/**
 * Periodic-CNN parity for every tier that offers the CNN operations, against the Java reference
 * ({@link PeriodicCnn}, {@link DsmTrainer}'s host loop):
 * <ul>
 *   <li>F64 passes (output, ∂L/∂in, ∂L/∂θ per layer block) within {@link #F64_PARITY} of each block's
 *       largest value. Derivation: both sides sum the same ≤ 9·C_in·N²·B products per value in another
 *       order (GEMM blocking, FMA in the BLAS kernels), an error ≤ γ_k·Σ|terms| with k ≤ 9·16·1024·33;
 *       relative to the block's largest value that is ~k·u ≈ 10⁻¹⁰ in the worst case but ~√k·u ≈
 *       10⁻¹³ for sums of mixed signs, which is what the bound asserts; libm's
 *       exp/tanh against fdlibm add ≤ 1 ulp per activation.</li>
 *   <li>whole DSM steps (the tier's {@code dsmStep}) against Adam/Ema/clipping on the Java gradient:
 *       parameters and EMA after k steps within {@link #STEP_PARITY}·max|θ| (the gradient's 10⁻¹²
 *       relative difference moves Adam's m̂/√v̂ by as much relative to its O(1) size, times lr per
 *       step, summed over steps; 10⁻¹⁰ leaves room for coordinates whose gradient is small);</li>
 *   <li>a DSM training run through the trainer (loss curves within 10⁻⁹ relative, as
 *       DsmTierParityTest) and the trained score through the tier within 10⁻¹².</li>
 * </ul>
 * Odd sizes: batch 1, 31, 33; grids 8 and 16 (and 5, 1 sample chunks); channel counts not multiples
 * of 8; F = 2 field channels with no constant channel. Subclasses name the tier: {@link CnnParityTest} (cpu).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CnnParity {
    static final double F64_PARITY = 1e-12, STEP_PARITY = 1e-10;

    abstract ParityTier tier();

    /** tier, n, fields, constants, hidden, batch, activation. */
    Stream<Arguments> passCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        Object[][] nets = {{8, 1, 1, new int[] {5, 3}}, {16, 1, 1, new int[] {16, 16, 16}}, {8, 2, 0, new int[] {7}},
            {5, 1, 2, new int[] {3}}, {16, 1, 1, new int[] {}}};
        for (Object[] net : nets) {
            for (int batch : new int[] {1, 31, 33}) {
                for (Activation a : Activation.values()) b.add(Arguments.of(tier(), net[0], net[1], net[2], net[3], batch, a));
            }
        }
        return b.build();
    }

    static PeriodicCnn net(int n, int f, int k, int[] hidden, Activation a, long seed) {
        PeriodicCnn net = PeriodicCnn.initialised(n, f, k, hidden, 1, a, seed);
        double[] p = net.parameters(), jitter = random(p.length, 9, seed);
        for (int i = 0; i < p.length; i++) p[i] += 0.1 * jitter[i];  // non-zero biases
        return net;
    }

    @ParameterizedTest(name = "{0} n={1} F={2} K={3} hidden={4} batch={5} {6}")
    @MethodSource("passCases")
    void passesMatchJava(ParityTier tier, int n, int f, int k, int[] hidden, int batch, Activation act) {
        Backend b = tier.require();
        PeriodicCnn net = net(n, f, k, hidden, act, 7);
        int inW = net.inputWidth(), outW = net.outputWidth(), np = net.parameterCount();
        double[] in = random(batch * inW, 2, batch), dOut = random(batch * outW, 3, batch);
        double[] want = new double[batch * outW], gradWant = new double[np], dInWant = new double[batch * inW];
        PeriodicCnn.Workspace ws = (PeriodicCnn.Workspace) net.workspace(batch);
        net.forward(in, batch, want, ws);
        net.backward(ws, batch, dOut, gradWant, dInWant);
        Offer<CnnEvaluator> offer = ScoreKernelParity.assertTable(tier, Op.CNN, b.cnn(net, batch, 2));
        if (!offer.offered()) return;  // the table says another tier (or Java) runs it
        try (CnnEvaluator e = offer.value()) {
            double[] out = new double[batch * outW], grad = new double[np], dIn = new double[batch * inW];
            e.forward(in, batch, out);
            e.backward(batch, dOut, grad, dIn);
            String what = tier + " n=" + n + " " + Arrays.toString(hidden) + " batch " + batch + " " + act;
            assertBlock(out, want, 0, out.length, F64_PARITY, what + " output");
            assertBlock(dIn, dInWant, 0, dIn.length, F64_PARITY, what + " ∂L/∂in");
            for (int[] blk : blocks(net)) assertBlock(grad, gradWant, blk[0], blk[1], F64_PARITY, what + " ∂L/∂θ [" + blk[0] + ", " + blk[1] + ")");
        }
    }

    /**
     * [from, to) of each layer's W and b together in the flat parameters: both are sums over the
     * same δ_l of every pixel, so the layer's largest entry is the scale of their rounding (a bias
     * gradient alone may cancel to far below the Σ|δ| its rounding is relative to).
     */
    static List<int[]> blocks(PeriodicCnn net) {
        int[] hidden = net.hiddenChannels();
        int[] ch = new int[hidden.length + 2];
        ch[0] = net.fieldChannels() + net.constantChannels();
        System.arraycopy(hidden, 0, ch, 1, hidden.length);
        ch[ch.length - 1] = net.outChannels();
        List<int[]> out = new ArrayList<>();
        int off = 0;
        for (int l = 0; l + 1 < ch.length; l++) {
            int w = 9 * ch[l + 1] * ch[l];
            out.add(new int[] {off, off + w + ch[l + 1]});
            off += w + ch[l + 1];
        }
        return out;
    }

    Stream<Arguments> stepCases() {
        return Stream.of(Arguments.of(tier(), 8, new int[] {5, 3}, 31, Activation.SILU),
                Arguments.of(tier(), 16, new int[] {16, 16, 16}, 33, Activation.SILU),
                Arguments.of(tier(), 8, new int[] {7}, 1, Activation.TANH));
    }

    /** k DSM steps on the tier against Java's forward/backward, clipping, Adam and EMA on the same minibatches. */
    @ParameterizedTest(name = "{0} n={1} hidden={2} batch={3} {4}")
    @MethodSource("stepCases")
    void dsmStepsMatchJava(ParityTier tier, int n, int[] hidden, int batch, Activation act) {
        Backend b = tier.require();
        PeriodicCnn net = net(n, 1, 1, hidden, act, 11);
        PeriodicCnn ref = net.copy();
        Offer<DeviceDsmStep> offer = ScoreKernelParity.assertTable(tier, Op.CNN_DSM_STEP, b.dsmStep(net, batch, 0.999));
        if (!offer.offered()) return;
        int d = n * n, np = net.parameterCount(), steps = 6;
        double clipNorm = 0.5, lr = 3e-3;
        Adam adam = new Adam(np);
        Ema ema = new Ema(ref.parameters(), 0.999);
        PeriodicCnn.Workspace ws = (PeriodicCnn.Workspace) ref.workspace(batch);
        double[] out = new double[batch * d], grad = new double[np];
        try (DeviceDsmStep step = offer.value()) {
            for (int s = 0; s < steps; s++) {
                double[] in = random(batch * (d + 1), 20 + s, batch), z = random(batch * d, 40 + s, batch);
                for (int r = 0; r < batch; r++) in[r * (d + 1) + d] = 0.3 * s - 0.5;  // the noise feature
                ref.forward(in, batch, out, ws);
                double loss = 0, scale = 2.0 / ((double) batch * d);
                for (int j = 0; j < batch * d; j++) {
                    double e = out[j] + z[j];
                    loss += e * e;
                    out[j] = scale * e;
                }
                loss /= (double) batch * d;
                ref.backward(ws, batch, out, grad, null);
                double norm = Adam.clipGlobalNorm(grad, clipNorm);
                double[] lg = step.lossAndGradient(in, z, batch);
                String what = tier + " step " + s;
                assertEquals(loss, lg[0], 1e-12 * loss, what + " loss");
                assertEquals(norm, lg[1], 1e-12 * norm, what + " gradient norm");
                double rate = Adam.warmup(lr, s, 3);
                adam.step(ref.parameters(), grad, rate);
                ema.update(ref.parameters());
                step.update(rate, clipNorm, lg[1]);
            }
            double[] p = step.parameters(), avg = step.emaAverage();
            assertBlock(p, ref.parameters(), 0, np, STEP_PARITY, tier + " parameters after " + steps + " steps");
            assertBlock(avg, ema.average(), 0, np, STEP_PARITY, tier + " EMA after " + steps + " steps");
        }
    }

    /** The trainer and the trained score through the tier (CNN passes and the tier's DSM step) against Java. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tierList")
    void trainerAndScoreMatchJava(ParityTier tier) {
        Backend b = tier.require();
        int n = 8, d = n * n, rows = 120;
        double[] x = random(rows * d, 70, 0);
        for (int i = 0; i < x.length; i++) x[i] = 0.5 + 0.8 * x[i] + 0.3 * Math.sin(i % n);
        DsmConfig cfg = DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).hiddenWidths(6, 5).batchSize(33)
                .steps(12).learningRate(3e-3).warmupSteps(3).evalEvery(4).patience(100).seed(5).build();
        List<double[]> java = new ArrayList<>(), got = new ArrayList<>();
        DsmResult rj = new DsmTrainer(cfg, NetworkKernels.REFERENCE).train(x, rows, d, (s, t, v) -> java.add(new double[] {s, t, v}));
        DsmResult rg = new DsmTrainer(cfg, b).train(x, rows, d, (s, t, v) -> got.add(new double[] {s, t, v}));
        assertTrue(rj.message().contains("(java passes)"), rj.message());
        assertTrue(rg.message().contains("(native passes)") || rg.message().contains("(cuda passes)"), rg.message());
        assertEquals(java.size(), got.size());
        for (int i = 0; i < java.size(); i++) {
            double[] a = java.get(i), c = got.get(i);
            assertEquals(a[0], c[0]);
            if (i > 0) assertEquals(a[1], c[1], 1e-9 * Math.abs(a[1]), "training loss at step " + a[0]);
            assertEquals(a[2], c[2], 1e-9 * Math.abs(a[2]), "held-out loss at step " + a[0]);
        }
        DsmScore m = rg.model();
        double[] s1 = new double[31 * d], s2 = new double[31 * d];
        m.score(x, s1, 31);
        m.withKernels(NetworkKernels.REFERENCE).score(x, s2, 31);
        assertBlock(s1, s2, 0, s1.length, F64_PARITY, tier + " trained score");
    }

    Stream<Arguments> tierList() {
        return Stream.of(Arguments.of(tier()));
    }

    static double[] random(int n, long member, long step) {
        double[] x = new double[n];
        Philox.normals(29, Streams.TRAINING, member, step, x, 0, n, new Philox.Scratch());
        return x;
    }

    static void assertBlock(double[] got, double[] want, int from, int to, double bound, String what) {
        double diff = 0, scale = 0;
        for (int i = from; i < to; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(diff <= bound * scale, what + ": max |tier − java| = " + diff + " > " + bound + " × " + scale);
    }
}
