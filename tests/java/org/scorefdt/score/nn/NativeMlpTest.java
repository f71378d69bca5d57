package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.cpu.NativeMlp;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.testing.NativeTier;

/**
 * The native MLP (libscorefdt_cpu: OpenBLAS dgemm + nn.h) against the Java reference {@link Mlp},
 * and against central finite differences; skipped, with the loader's reason, where the native tier
 * cannot load.
 *
 * <p><b>Parity tolerance.</b> Both tiers compute every product element as a sum of k terms (k = a
 * layer width for z and ∂L/∂a, k = batch for ∂L/∂W) but in different orders (OpenBLAS blocks and
 * FMA-contracts), so each element differs by at most 2γ_k Σ|terms| ≈ 2kε Σ|terms|, and exp/tanh
 * (libm against fdlibm) by an ulp or two; these propagate through at most three layers with
 * Lipschitz factors |W| = O(1). With k ≤ 257, 2kε ≈ 6·10⁻¹⁴, and for these zero-mean random
 * operands Σ|terms| is at most ~√k ≈ 16 times the block's largest value, so we require, per block
 * (the output, ∂L/∂in, and each layer's W and b gradient separately),
 * <pre>  max |native − java| ≤ 10⁻¹² · max |java| </pre>
 * (measured: ≲ 10⁻¹⁵, printed per case). A wrong term (a missing bias, a transposed product, an
 * off-by-one row) is off by O(max), 12 orders above.
 */
class NativeMlpTest {
    private static final double PARITY = 1e-12;

    private static double[] random(int n, long member, long step) {
        double[] x = new double[n];
        Philox.normals(23, Streams.TRAINING, member, step, x, 0, n, new Philox.Scratch());
        return x;
    }

    private static Mlp network(int[] widths, Activation act) {
        Mlp net = Mlp.initialised(widths, act, 7);
        double[] p = net.parameters(), jitter = random(p.length, 1, 0);
        for (int i = 0; i < p.length; i++) p[i] += 0.3 * jitter[i]; // non-zero biases
        return net;
    }

    private static int nativeId(Activation act) {
        return act == Activation.SILU ? NativeMlp.SILU : NativeMlp.TANH;
    }

    /** max |a − b| / max |b| over [from, to), 0 for an all-zero reference block equal to a. */
    private static double blockError(double[] a, double[] b, int from, int to) {
        double diff = 0, scale = 0;
        for (int i = from; i < to; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff == 0 ? 0 : diff / scale;
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        int[][] shapes = {{3, 17, 33, 2}, {40, 64, 64, 40}, {5, 3}, {1, 1, 1}};
        for (int[] w : shapes) {
            for (int batch : new int[] {1, 31, 257}) {
                for (Activation a : Activation.values()) b.add(Arguments.of(w, batch, a));
            }
        }
        return b.build();
    }

    /** The native backward against central differences of L = Σ c·out, as MlpGradientTest does for Java. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void nativeGradientsMatchCentralDifferences(Activation act) {
        NativeTier.require();
        final double h = 1e-6, rel = 1e-6; // truncation ~h² ≈ 1e-12, rounding ~ε|L|/h ≈ 1e-9 (MlpGradientTest)
        int[] widths = {3, 17, 33, 2};
        int batch = 5;
        Mlp net = network(widths, act);
        double[] p = net.parameters().clone();
        double[] in = random(batch * 3, 4, 0), c = random(batch * 2, 5, 0);
        double[] out = new double[batch * 2], grad = new double[p.length], dIn = new double[in.length];
        try (NativeMlp nat = new NativeMlp(widths, nativeId(act), batch, 1)) {
            nat.forward(p, in, batch, out);
            nat.backward(batch, c, grad, dIn);
            for (int k = 0; k < p.length; k++) {
                double saved = p[k];
                p[k] = saved + h;
                double lp = loss(nat, p, in, batch, c);
                p[k] = saved - h;
                double lm = loss(nat, p, in, batch, c);
                p[k] = saved;
                int kk = k;
                assertEquals((lp - lm) / (2 * h), grad[k], rel * Math.max(1, Math.abs(grad[k])), () -> act + " parameter " + kk);
            }
            for (int k = 0; k < in.length; k++) {
                double saved = in[k];
                in[k] = saved + h;
                double lp = loss(nat, p, in, batch, c);
                in[k] = saved - h;
                double lm = loss(nat, p, in, batch, c);
                in[k] = saved;
                int kk = k;
                assertEquals((lp - lm) / (2 * h), dIn[k], rel * Math.max(1, Math.abs(dIn[k])), () -> act + " input " + kk);
            }
        }
    }

    private static double loss(NativeMlp nat, double[] p, double[] in, int batch, double[] c) {
        double[] out = new double[c.length];
        nat.forward(p, in, batch, out);
        double s = 0;
        for (int i = 0; i < out.length; i++) s += c[i] * out[i];
        return s;
    }

    /**
     * 1 and 2 threads give the same bits, at a size where OpenBLAS does split the products
     * (batch 4096, 40 → 64 → 64 → 40) and at an awkward one.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void resultsDoNotDependOnThreadCount(Activation act) {
        NativeTier.require();
        for (int[] shape : new int[][] {{40, 64, 64, 40, 4096}, {3, 17, 33, 2, 257}}) {
            int[] widths = java.util.Arrays.copyOf(shape, 4);
            int batch = shape[4];
            Mlp net = network(widths, act);
            double[] in = random(batch * widths[0], 6, 0), dOut = random(batch * widths[3], 7, 0);
            double[][] out = new double[2][batch * widths[3]], grad = new double[2][net.parameterCount()],
                    dIn = new double[2][batch * widths[0]];
            for (int t = 0; t < 2; t++) {
                try (NativeMlp nat = new NativeMlp(widths, nativeId(act), batch, t + 1)) {
                    nat.forward(net.parameters(), in, batch, out[t]);
                    nat.backward(batch, dOut, grad[t], dIn[t]);
                }
            }
            assertArrayEquals(out[0], out[1], 0.0, "output");
            assertArrayEquals(grad[0], grad[1], 0.0, "gradient");
            assertArrayEquals(dIn[0], dIn[1], 0.0, "dIn");
        }
    }

    /** The evaluators: same interface, both tiers, buffers growing past the initial capacity. */
    @Test
    void evaluatorsAgreeAndGrow() {
        NativeTier.require();
        Mlp net = network(new int[] {3, 17, 33, 2}, Activation.SILU);
        int batch = 31;
        double[] in = random(batch * 3, 8, 0), dOut = random(batch * 2, 9, 0);
        double[] oj = new double[batch * 2], on = new double[batch * 2];
        double[] gj = new double[net.parameterCount()], gn = new double[net.parameterCount()];
        try (MlpEvaluator j = MlpEvaluator.java(net, 4); MlpEvaluator n = NativeTier.require().mlp(net, 4, 1).value()) {
            assertEquals("native", n.tier());
            for (int round = 0; round < 2; round++) {
                j.forward(in, batch, oj);
                n.forward(in, batch, on);
                j.backward(batch, dOut, gj, null);
                n.backward(batch, dOut, gn, null);
                assertTrue(blockError(on, oj, 0, oj.length) <= PARITY);
                assertTrue(blockError(gn, gj, 0, gj.length) <= PARITY);
                net.parameters()[0] += 0.25; // live parameters: the next forward sees the change
            }
            n.forward(in, 3, on);
            assertThrows(IllegalArgumentException.class, () -> n.backward(4, dOut, gn, null));
        }
    }
}
