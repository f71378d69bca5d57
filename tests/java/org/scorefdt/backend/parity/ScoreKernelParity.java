package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.parity.ParityTier.Answer;
import org.scorefdt.backend.parity.ParityTier.Op;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.KdePairLoop;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.KdeTerms;
import org.scorefdt.score.ScoreKernels;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.MlpEvaluator;
import org.scorefdt.util.Offer;

/**
 * One score- and network-kernel parity suite for every tier (the tier is each case's first
 * argument), against the Java reference: the KDE pair loop (score, divergence, log-sum, leave-one-out)
 * bit for bit, and the MLP forward and backward passes within NativeMlpTest's and CudaMlpTest's
 * stated bound (10⁻¹² of each block's largest value). Sizes straddle the lane groups, tiles and
 * blocks (1, 31, 33, 255, 257), with odd dimensions and widths. Each operation is first asked of the
 * tier and its answer checked against the tier's table ({@link ParityTier#expected}): where the
 * tier answers "reference" (Java runs it), that is what is asserted. Subclasses name the tier:
 * {@link ScoreKernelParityTest} (cpu), {@link ScoreKernelParityGpuTest} (cuda, tagged gpu).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScoreKernelParity {
    /** NativeMlpTest.PARITY, CudaMlpTest.PARITY: per block, max |tier − java| ≤ 10⁻¹²·max |java|. */
    private static final double MLP_PARITY = 1e-12;

    abstract ParityTier tier();

    /** tier, n, queries, d, threads. */
    Stream<Arguments> kdeCases() {
        // n and queries around the 16-query lane groups and the 128-point tiles; d = 1, 3, 8, 16, 11 and 2 (the
        // generic kernel), with 1 and 2 threads
        int[][] cases = {{1, 1, 1, 1}, {31, 33, 1, 2}, {33, 31, 3, 1}, {257, 33, 3, 2}, {257, 257, 8, 2}, {31, 257, 8, 1},
            {129, 17, 8, 2}, {300, 1, 3, 1}, {255, 257, 3, 2}, {257, 33, 11, 2}, {257, 255, 8, 1}, {31, 257, 11, 2},
            {129, 33, 2, 2}, {257, 300, 3, 2}, {300, 129, 8, 2}, {1000, 257, 8, 2}, {513, 70, 11, 2}, {200, 64, 16, 1}};
        return Stream.of(cases).map(c -> Arguments.of(tier(), c[0], c[1], c[2], c[3]));
    }

    Stream<Arguments> mlpCases() {
        Stream.Builder<Arguments> b = Stream.builder();
        // NativeMlpTest's and CudaMlpTest's shapes
        int[][] shapes = {{3, 17, 33, 2}, {40, 64, 64, 40}, {41, 64, 64, 40}, {8, 128, 128, 8}, {5, 3}, {1, 1, 1}};
        for (int[] w : shapes) {
            for (int batch : Parity.MEMBERS) {
                for (Activation a : Activation.values()) b.add(Arguments.of(tier(), w, batch, a));
            }
        }
        return b.build();
    }

    /** The offer's answer must be the tier's table entry; a declined answer must say why. */
    static <T> Offer<T> assertTable(ParityTier tier, Op op, Offer<T> offer) {
        Answer got = Answer.of(offer);
        if (got == Answer.DECLINED) assertTrue(offer.reason() != null && !offer.reason().isBlank(), tier + " " + op + ": blank reason");
        assertEquals(tier.expected(op), got, () -> tier + " " + op + ": " + offer);
        return offer;
    }

    @ParameterizedTest(name = "{0} n={1} queries={2} d={3} threads={4}")
    @MethodSource("kdeCases")
    void kdeIsBitwiseTheJavaLoop(ParityTier tier, int n, int queries, int d, int threads) {
        Backend b = tier.require();
        SplittableRandom r = new SplittableRandom(31L * n + d);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = 3 + r.nextDouble(-1, 1) * (1 + i % 3);
        double[] y = new double[queries * d];
        for (int i = 0; i < y.length; i++) y[i] = 3 + r.nextDouble(-4, 4);
        y[0] = 1e3;  // far from every data point: the log-sum-exp path
        double h = 0.37;
        double[] sq = new double[n];
        for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) sq[j] += x[j * d + k] * x[j * d + k];
        Offer<KdePairLoop> offer = assertTable(tier, Op.KDE, b.kde(new KdeTerms(x, sq, n, d, -0.5 / (h * h), 1 / (h * h)), threads));
        if (offer.offered()) offer.value().close();
        if (offer.byReference()) return;  // the table says the Java loop runs it: nothing else to compare
        try (KdeScore java = KdeScore.of(x, n, d, h, ScoreKernels.REFERENCE, 1); KdeScore got = KdeScore.of(x, n, d, h, b, threads)) {
            assertEquals("java", java.tier());
            assertTrue(!got.tier().equals("java"), tier + " KDE fell back to Java");
            double[] sj = new double[queries * d], sg = new double[queries * d], dj = new double[queries], dg = new double[queries];
            java.scoreAndDivergence(y, sj, dj, queries);
            got.scoreAndDivergence(y, sg, dg, queries);
            Parity.assertBitwise(sj, sg, tier + " score");
            Parity.assertBitwise(dj, dg, tier + " divergence");
            double[] lj = new double[queries], lg = new double[queries];
            java.logDensity(y, lj, queries);
            got.logDensity(y, lg, queries);
            Parity.assertBitwise(lj, lg, tier + " log density");
            if (n >= 2) {
                int count = Math.min(n, queries);
                double[] aj = new double[count * d], ag = new double[count * d], bj = new double[count], bg = new double[count];
                java.scoreAtData(0, count, aj, bj);
                got.scoreAtData(0, count, ag, bg);
                Parity.assertBitwise(aj, ag, tier + " leave-one-out score");
                Parity.assertBitwise(bj, bg, tier + " leave-one-out divergence");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} batch={2} {3}")
    @MethodSource("mlpCases")
    void mlpPassesMatchJava(ParityTier tier, int[] widths, int batch, Activation act) {
        Backend b = tier.require();
        Mlp net = Mlp.initialised(widths, act, 7);
        double[] p = net.parameters(), jitter = random(p.length, 1, 0);
        for (int i = 0; i < p.length; i++) p[i] += 0.3 * jitter[i];  // non-zero biases
        int w0 = widths[0], wl = widths[widths.length - 1], np = net.parameterCount();
        double[] in = random(batch * w0, 2, batch), dOut = random(batch * wl, 3, batch);
        double[] want = new double[batch * wl], gradWant = new double[np], dInWant = new double[batch * w0];
        Mlp.Workspace ws = net.workspace(batch);
        net.forward(in, batch, want, ws);
        net.backward(ws, batch, dOut, gradWant, dInWant);
        Offer<MlpEvaluator> offer = assertTable(tier, Op.MLP, b.mlp(net, batch, 1));
        if (offer.byReference()) return;  // the table says Mlp's own passes run it
        try (MlpEvaluator e = offer.value()) {
            assertEquals(tier.toString().equals("cpu") ? "native" : tier.toString(), e.tier());
            double[] out = new double[batch * wl], grad = new double[np], dIn = new double[batch * w0];
            e.forward(in, batch, out);
            e.backward(batch, dOut, grad, dIn);
            String what = tier + " " + java.util.Arrays.toString(widths) + " batch " + batch + " " + act;
            assertBlock(out, want, 0, out.length, what + " output");
            assertBlock(dIn, dInWant, 0, dIn.length, what + " ∂L/∂in");
            int off = 0;
            for (int l = 0; l + 1 < widths.length; l++) {
                int nw = widths[l + 1] * widths[l];
                assertBlock(grad, gradWant, off, off + nw, what + " ∂L/∂W of layer " + l);
                assertBlock(grad, gradWant, off + nw, off + nw + widths[l + 1], what + " ∂L/∂b of layer " + l);
                off += nw + widths[l + 1];
            }
        }
    }

    private static double[] random(int n, long member, long step) {
        double[] x = new double[n];
        Philox.normals(23, Streams.TRAINING, member, step, x, 0, n, new Philox.Scratch());
        return x;
    }

    private static void assertBlock(double[] got, double[] want, int from, int to, String what) {
        double diff = 0, scale = 0;
        for (int i = from; i < to; i++) {
            diff = Math.max(diff, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        assertTrue(diff <= MLP_PARITY * scale, what + ": max |tier − java| = " + diff + " > " + MLP_PARITY + " × " + scale);
    }
}
