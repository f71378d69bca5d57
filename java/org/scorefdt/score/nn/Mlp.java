package org.scorefdt.score.nn;

import java.util.Arrays;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * A fully connected float64 network, z_l = a_{l−1} W_lᵀ + b_l, a_l = φ(z_l), out = z_L, batched
 * row-major ({@code [B][w₀]} in, {@code [B][w_L]} out), with all parameters in one flat
 * {@link #parameters() live} array (per layer W_l {@code [w_l][w_{l−1}]}, then b_l) and a
 * seed-determined LeCun-normal start. Concurrent forwards need fixed parameters and a
 * {@link Workspace} per thread. Design: docs/score-models.md §6.
 */
public final class Mlp implements Network {
    private final int[] widths;
    private final Activation activation;
    private final double[] params;
    private final int[] wOff, bOff; // per layer (0-based): offset of W_l and b_l in params

    private Mlp(int[] widths, Activation activation, double[] params) {
        this.widths = widths;
        this.activation = activation;
        int layers = widths.length - 1;
        wOff = new int[layers];
        bOff = new int[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = (int) off;
            off += (long) widths[l + 1] * widths[l];
            bOff[l] = (int) off;
            off += widths[l + 1];
        }
        if (params.length != off) {
            throw new IllegalArgumentException("network " + Arrays.toString(widths) + " needs " + off
                    + " parameters, got " + params.length);
        }
        this.params = params;
    }

    /**
     * A network with LeCun-normal weights and zero biases drawn from {@code seed}.
     *
     * @param widths w₀ … w_L, at least two entries, each ≥ 1
     * @throws IllegalArgumentException on bad widths (names the entry) or more than 2³¹ − 1 parameters
     */
    public static Mlp initialised(int[] widths, Activation activation, long seed) {
        Mlp net = new Mlp(checkWidths(widths), activation, new double[(int) count(widths)]);
        Philox.Scratch scratch = new Philox.Scratch();
        for (int l = 0; l < widths.length - 1; l++) {
            int n = widths[l + 1] * widths[l];
            Philox.normals(seed, Streams.TRAINING, l, 0, net.params, net.wOff[l], n, scratch);
            double scale = 1 / Math.sqrt(widths[l]);
            for (int i = 0; i < n; i++) net.params[net.wOff[l] + i] *= scale;
        }
        return net;
    }

    /** A network with the given parameters (copied), laid out as described in the class comment. */
    public static Mlp of(int[] widths, Activation activation, double[] params) {
        checkWidths(widths);
        return new Mlp(widths.clone(), activation, params.clone());
    }

    private static int[] checkWidths(int[] widths) {
        if (widths.length < 2) throw new IllegalArgumentException("network needs at least input and output widths, got " + Arrays.toString(widths));
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) throw new IllegalArgumentException("network width " + i + " = " + widths[i] + ": must be >= 1");
        }
        if (count(widths) > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("network " + Arrays.toString(widths) + " has too many parameters");
        return widths.clone();
    }

    private static long count(int[] w) {
        long n = 0;
        for (int l = 0; l + 1 < w.length; l++) n += (long) w[l + 1] * (w[l] + 1);
        return n;
    }

    /** w₀ … w_L (a copy). */
    public int[] widths() {
        return widths.clone();
    }

    @Override
    public String architecture() {
        return "mlp";
    }

    @Override
    public int inputWidth() {
        return widths[0];
    }

    @Override
    public int outputWidth() {
        return widths[widths.length - 1];
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public int parameterCount() {
        return params.length;
    }

    /** The live parameter vector (not a copy): writes change the network. */
    @Override
    public double[] parameters() {
        return params;
    }

    /** An independent network with a copy of the parameters. */
    @Override
    public Mlp copy() {
        return new Mlp(widths, activation, params.clone());
    }

    @Override
    public Mlp withParameters(double[] params) {
        return new Mlp(widths, activation, params.clone());
    }

    /** Scratch for a batch of up to {@code capacity} rows (grows on demand). */
    @Override
    public Workspace workspace(int capacity) {
        return new Workspace(widths, capacity);
    }

    /**
     * out = net(in) for {@code batch} rows, keeping in {@code ws} what {@link #backward} needs.
     *
     * @param in  {@code [batch][w₀]}, read-only (copied into the workspace)
     * @param out {@code [batch][w_L]}
     */
    public void forward(double[] in, int batch, double[] out, Workspace ws) {
        ws.ensure(batch);
        int layers = widths.length - 1;
        System.arraycopy(in, 0, ws.act[0], 0, batch * widths[0]);
        for (int l = 0; l < layers; l++) {
            int nIn = widths[l], nOut = widths[l + 1];
            double[] z = ws.pre[l];
            // z = a_{l−1} W_lᵀ: rows of both operands are contiguous (dot-product form).
            Gemm.gemm(false, true, batch, nOut, nIn, ws.act[l], 0, nIn, params, wOff[l], nIn, false, z, 0, nOut);
            int bo = bOff[l];
            double[] a = ws.act[l + 1];
            boolean hidden = l < layers - 1;
            for (int r = 0; r < batch; r++) {
                int row = r * nOut;
                for (int i = 0; i < nOut; i++) {
                    double v = z[row + i] + params[bo + i];
                    if (hidden) {
                        double aux = activation.aux(v);
                        z[row + i] = aux; // what backward needs in place of z
                        a[row + i] = activation.apply(v, aux);
                    } else {
                        a[row + i] = v;
                    }
                }
            }
        }
        System.arraycopy(ws.act[layers], 0, out, 0, batch * outputWidth());
    }

    /**
     * Back-propagates ∂L/∂out through the last {@link #forward} on {@code ws}.
     *
     * @param dOut      ∂L/∂out, {@code [batch][w_L]}, read-only
     * @param gradient  receives ∂L/∂θ (overwritten), {@link #parameterCount()} values
     * @param dIn       receives ∂L/∂in {@code [batch][w₀]}, or null when not needed
     */
    @Override
    public void forward(double[] in, int batch, double[] out, Network.Workspace ws) {
        forward(in, batch, out, (Workspace) ws);
    }

    @Override
    public void backward(Network.Workspace ws, int batch, double[] dOut, double[] gradient, double[] dIn) {
        backward((Workspace) ws, batch, dOut, gradient, dIn);
    }

    public void backward(Workspace ws, int batch, double[] dOut, double[] gradient, double[] dIn) {
        if (batch > ws.capacity) throw new IllegalArgumentException("batch " + batch + " exceeds the workspace's last forward");
        int layers = widths.length - 1;
        double[] delta = ws.deltaA, next = ws.deltaB;
        System.arraycopy(dOut, 0, delta, 0, batch * outputWidth());
        for (int l = layers - 1; l >= 0; l--) {
            int nIn = widths[l], nOut = widths[l + 1];
            // ∂L/∂W_l = δᵀ a_{l−1}  ([nOut][B]·[B][nIn]).
            Gemm.gemm(true, false, nOut, nIn, batch, delta, 0, nOut, ws.act[l], 0, nIn, false, gradient, wOff[l], nIn);
            int bo = bOff[l];
            Arrays.fill(gradient, bo, bo + nOut, 0.0);
            for (int r = 0; r < batch; r++) {
                int row = r * nOut;
                for (int i = 0; i < nOut; i++) gradient[bo + i] += delta[row + i];
            }
            if (l == 0 && dIn == null) break;
            // ∂L/∂a_{l−1} = δ W_l  ([B][nOut]·[nOut][nIn]).
            double[] target = l == 0 ? dIn : next;
            Gemm.gemm(false, false, batch, nIn, nOut, delta, 0, nOut, params, wOff[l], nIn, false, target, 0, nIn);
            if (l == 0) break;
            double[] aux = ws.pre[l - 1], a = ws.act[l];
            for (int k = 0; k < batch * nIn; k++) next[k] *= activation.derivative(aux[k], a[k]);
            double[] t = delta;
            delta = next;
            next = t;
        }
    }

    /**
     * Activations of one forward pass and two gradient buffers, sized for a batch capacity.
     * One per thread.
     */
    public static final class Workspace implements Network.Workspace {
        private final int[] widths;
        private int capacity;
        private double[][] pre, act; // pre[l]: Gemm output, then the activation's aux value (hidden layers)
        private double[] deltaA, deltaB;

        private Workspace(int[] widths, int capacity) {
            this.widths = widths;
            allocate(Math.max(1, capacity));
        }

        private void allocate(int cap) {
            int layers = widths.length - 1, max = 0;
            pre = new double[layers][];
            act = new double[layers + 1][];
            act[0] = new double[cap * widths[0]];
            for (int l = 0; l < layers; l++) {
                pre[l] = new double[cap * widths[l + 1]];
                act[l + 1] = new double[cap * widths[l + 1]];
            }
            for (int w : widths) max = Math.max(max, w);
            deltaA = new double[cap * max];
            deltaB = new double[cap * max];
            capacity = cap;
        }

        void ensure(int batch) {
            if (batch > capacity) allocate(Math.max(batch, 2 * capacity));
        }

        @Override
        public int capacity() {
            return capacity;
        }
    }
}
