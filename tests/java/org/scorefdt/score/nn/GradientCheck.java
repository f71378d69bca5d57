package org.scorefdt.score.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Back-propagation of any {@link Network} against central finite differences, every parameter and
 * every input. Test loss L = Σ_{r,i} c_{ri} out_{ri} with fixed random c (so ∂L/∂out = c). With
 * h = 10⁻⁶ the truncation error h²|L'''|/6 ≈ 10⁻¹² and the rounding error ≈ ε|L|/h ≈ 10⁻⁹ for
 * |L| ~ 10, so we require |g_fd − g| ≤ 10⁻⁶ · max(1, |g|): a wrong term in any block is off by O(|g|).
 */
final class GradientCheck {
    static final double H = 1e-6, REL = 1e-6;

    private GradientCheck() {}

    /** Standard normals keyed by (seed, member): fixed test data. */
    static double[] random(long seed, int n, long member) {
        double[] x = new double[n];
        Philox.normals(seed, Streams.TRAINING, member, 5, x, 0, n, new Philox.Scratch());
        return x;
    }

    /**
     * Jitters the parameters (non-zero biases, away from the initial point), then checks every
     * parameter and input gradient, and that backward without the input gradient gives the same
     * parameter gradient.
     */
    static void check(Network net, int batch, long seed, String what) {
        double[] p = net.parameters();
        double[] jitter = random(seed, p.length, 1);
        for (int i = 0; i < p.length; i++) p[i] += 0.3 * jitter[i];
        double[] in = random(seed, batch * net.inputWidth(), 2), c = random(seed, batch * net.outputWidth(), 3);
        Network.Workspace ws = net.workspace(batch);
        double[] out = new double[c.length], grad = new double[p.length], dIn = new double[in.length];
        net.forward(in, batch, out, ws);
        net.backward(ws, batch, c, grad, dIn);
        for (int k = 0; k < p.length; k++) {
            double saved = p[k];
            p[k] = saved + H;
            double lp = loss(net, in, batch, c);
            p[k] = saved - H;
            double lm = loss(net, in, batch, c);
            p[k] = saved;
            int kk = k;
            assertEquals((lp - lm) / (2 * H), grad[k], REL * Math.max(1, Math.abs(grad[k])), () -> what + " parameter " + kk);
        }
        for (int k = 0; k < in.length; k++) {
            double saved = in[k];
            in[k] = saved + H;
            double lp = loss(net, in, batch, c);
            in[k] = saved - H;
            double lm = loss(net, in, batch, c);
            in[k] = saved;
            int kk = k;
            assertEquals((lp - lm) / (2 * H), dIn[k], REL * Math.max(1, Math.abs(dIn[k])), () -> what + " input " + kk);
        }
        double[] g2 = new double[p.length];
        net.forward(in, batch, out, ws);
        net.backward(ws, batch, c, g2, null);
        assertArrayEquals(grad, g2, 0.0);
    }

    static double loss(Network net, double[] in, int batch, double[] c) {
        double[] out = new double[batch * net.outputWidth()];
        net.forward(in, batch, out, net.workspace(batch));
        double s = 0;
        for (int i = 0; i < out.length; i++) s += c[i] * out[i];
        return s;
    }
}
