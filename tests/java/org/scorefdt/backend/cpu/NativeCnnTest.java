package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.testing.NativeTier;

/**
 * {@link NativeCnn} beyond the Java parity suite ({@code backend/parity/CnnParity}): its backward
 * against central differences of its own forward, results independent of the thread count, and
 * float32 against float64 within a derived a-priori bound.
 */
class NativeCnnTest {

    private static double[] random(int n, long member) {
        double[] x = new double[n];
        Philox.normals(41, Streams.TRAINING, member, 0, x, 0, n, new Philox.Scratch());
        return x;
    }

    private static PeriodicCnn net(int n, int f, int k, int[] hidden, Activation a) {
        PeriodicCnn net = PeriodicCnn.initialised(n, f, k, hidden, 1, a, 3);
        double[] p = net.parameters(), j = random(p.length, 99);
        for (int i = 0; i < p.length; i++) p[i] += 0.1 * j[i];
        return net;
    }

    private static NativeCnn nat(PeriodicCnn net, Precision p, int batch, int threads) {
        return new NativeCnn(net.gridSize(), net.fieldChannels(), net.constantChannels(), NativeCnnEvaluator.channels(net),
                NativeCnnEvaluator.activation(net), p, batch, threads);
    }

    /**
     * L = Σ c·out; ∂L/∂θ_i and ∂L/∂in_j against (L(x + h) − L(x − h))/2h, h = 10⁻⁵ relative. The
     * central difference's error is O(h²·L''') + O(u·|L|/h) ≈ 10⁻¹⁰·|L|, so 10⁻⁶ relative to the
     * largest gradient entry (as GradientCheck) fails only on a wrong backward.
     */
    @ParameterizedTest(name = "n={0} F={1} K={2} {3}")
    @CsvSource({"5,1,1,SILU", "8,2,0,TANH", "4,1,2,SILU"})
    void backwardMatchesFiniteDifferences(int n, int f, int k, Activation act) {
        NativeTier.require();
        PeriodicCnn net = net(n, f, k, new int[] {3, 5}, act);
        int batch = 3, inW = net.inputWidth(), outW = net.outputWidth(), np = net.parameterCount();
        double[] in = random(batch * inW, 1), c = random(batch * outW, 2);
        try (NativeCnn cnn = nat(net, Precision.F64, batch, 2)) {
            double[] p = net.parameters().clone(), out = new double[batch * outW], g = new double[np], dIn = new double[batch * inW];
            cnn.setParameters(p);
            cnn.forward(in, batch, out);
            cnn.backward(batch, c, g, dIn);
            double gMax = 0, dMax = 0, gErr = 0, dErr = 0;
            for (double v : g) gMax = Math.max(gMax, Math.abs(v));
            for (double v : dIn) dMax = Math.max(dMax, Math.abs(v));
            for (int i = 0; i < np; i++) {
                double h = 1e-5 * Math.max(1, Math.abs(p[i])), keep = p[i];
                p[i] = keep + h;
                double up = loss(cnn, p, in, batch, c);
                p[i] = keep - h;
                double down = loss(cnn, p, in, batch, c);
                p[i] = keep;
                gErr = Math.max(gErr, Math.abs((up - down) / (2 * h) - g[i]));
            }
            for (int j = 0; j < batch * inW; j++) {
                double h = 1e-5 * Math.max(1, Math.abs(in[j])), keep = in[j];
                in[j] = keep + h;
                double up = loss(cnn, p, in, batch, c);
                in[j] = keep - h;
                double down = loss(cnn, p, in, batch, c);
                in[j] = keep;
                dErr = Math.max(dErr, Math.abs((up - down) / (2 * h) - dIn[j]));
            }
            assertTrue(gErr <= 1e-6 * gMax, "∂L/∂θ: max error " + gErr + " vs max |g| " + gMax);
            assertTrue(dErr <= 1e-6 * dMax, "∂L/∂in: max error " + dErr + " vs max |dIn| " + dMax);
        }
    }

    private static double loss(NativeCnn cnn, double[] p, double[] in, int batch, double[] c) {
        double[] out = new double[c.length];
        cnn.setParameters(p);
        cnn.forward(in, batch, out);
        double s = 0;
        for (int i = 0; i < out.length; i++) s += c[i] * out[i];
        return s;
    }

    /** The batch is cut into chunks fixed by the grid alone, and partial gradients summed in chunk order. */
    @Test
    void resultsDoNotDependOnThreads() {
        NativeTier.require();
        for (Precision prec : Precision.values()) {
            PeriodicCnn net = net(16, 1, 1, new int[] {16, 16}, Activation.SILU);
            int batch = 33, inW = net.inputWidth(), outW = net.outputWidth(), np = net.parameterCount();
            double[] in = random(batch * inW, 5), dOut = random(batch * outW, 6);
            double[][] out = new double[2][batch * outW], g = new double[2][np], dIn = new double[2][batch * inW];
            for (int t = 0; t < 2; t++) {
                try (NativeCnn cnn = nat(net, prec, batch, t + 1)) {
                    cnn.setParameters(net.parameters());
                    cnn.forward(in, batch, out[t]);
                    cnn.backward(batch, dOut, g[t], dIn[t]);
                }
            }
            assertArrayEquals(out[0], out[1], 0.0, prec + " output");
            assertArrayEquals(g[0], g[1], 0.0, prec + " gradient");
            assertArrayEquals(dIn[0], dIn[1], 0.0, prec + " ∂L/∂in");
        }
    }

    /**
     * F32 against F64, within an a-priori forward error bound (Higham, running bounds per layer).
     * With u = 2⁻²⁴, per layer l: k_l = 9·C_{l−1} + 2 accumulated operations per value (the 3×3
     * dot product, the bias, the constant-channel term), M_l = max_o Σ|W_l[o]| + |b_l|, A_l a bound
     * on |a_l| (A_0 = max|in|, A_l = M_l·A_{l−1} since |φ(z)| ≤ |z| for SiLU and tanh). Then
     * e_0 = u·A_0 (the inputs' rounding) and
     *   e_l = φ'_max·(M_l·e_{l−1} + (k_l + 1)·u·M_l·A_{l−1}) + 4u·A_l   (hidden layers),
     * with φ'_max = 1.1 (SiLU; 1 for tanh) and 4u for float exp/tanh and the activation's products;
     * the weights' own rounding is inside the (k_l + 1). The output layer has no activation term.
     * The measured error is checked against e_L.
     */
    @ParameterizedTest(name = "n={0} hidden={1}")
    @CsvSource({"16,16", "8,5", "32,16"})
    void float32WithinDerivedBound(int n, int width) {
        NativeTier.require();
        PeriodicCnn net = net(n, 1, 1, new int[] {width, width, width}, Activation.SILU);
        int batch = 31, inW = net.inputWidth(), outW = net.outputWidth();
        double[] in = random(batch * inW, 7);
        double[] o64 = new double[batch * outW], o32 = new double[batch * outW];
        try (NativeCnn a = nat(net, Precision.F64, batch, 2); NativeCnn b = nat(net, Precision.F32, batch, 2)) {
            a.setParameters(net.parameters());
            b.setParameters(net.parameters());
            a.forward(in, batch, o64);
            b.forward(in, batch, o32);
        }
        double u = 0x1.0p-24, amax = 0;
        for (double v : in) amax = Math.max(amax, Math.abs(v));
        int[] ch = NativeCnnEvaluator.channels(net);
        double[] p = net.parameters();
        double e = u * amax, A = amax;
        int off = 0;
        for (int l = 0; l + 1 < ch.length; l++) {
            int cin = ch[l], cout = ch[l + 1], wEnd = off + 9 * cout * cin;
            double m = 0;
            for (int o = 0; o < cout; o++) {
                double s = Math.abs(p[wEnd + o]);
                for (int i = 0; i < 9 * cin; i++) s += Math.abs(p[off + o * 9 * cin + i]);
                m = Math.max(m, s);
            }
            boolean hidden = l + 2 < ch.length;
            double k = 9.0 * cin + 2, next = m * A;
            e = (hidden ? 1.1 : 1) * (m * e + (k + 1) * u * m * A) + (hidden ? 4 * u * next : 0);
            A = next;
            off = wEnd + cout;
        }
        double err = 0;
        for (int i = 0; i < o64.length; i++) err = Math.max(err, Math.abs(o32[i] - o64[i]));
        assertTrue(err <= e, "F32 max error " + err + " > derived bound " + e);
        System.out.printf("F32 n=%d C=%d: max |f32 − f64| = %.3g, derived bound %.3g%n", n, width, err, e);
    }
}
