package org.scorefdt.score.nn;

import java.util.Arrays;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * A translation-equivariant float64 network of 3×3 circular convolutions on the periodic N×N grid
 * (docs/systems.md §0, fields {@code [y][x]}), exactly equivariant bit for bit. Rows are
 * {@code [F][N][N]} fields then K constant channels ({@link #inputWidth()} = F·N² + K), output
 * {@code [C_L][N][N]}; parameters per layer W_l {@code [C_l][C_{l−1}][3][3]}, then b_l. Concurrent
 * forwards need fixed parameters and a workspace per thread. Design: docs/score-models.md §7.
 */
public final class PeriodicCnn implements Network {
    /** Pixels per im2col panel (bounding its memory: 9·C_in·this doubles). */
    static final int CHUNK_COLUMNS = 4096;

    private final int n, np, fieldChannels, constantChannels;
    private final int[] channels;
    private final Activation activation;
    private final double[] params;
    private final int[] wOff, bOff;

    private PeriodicCnn(int n, int fieldChannels, int constantChannels, int[] channels, Activation activation, double[] params) {
        this.n = n;
        this.np = n * n;
        this.fieldChannels = fieldChannels;
        this.constantChannels = constantChannels;
        this.channels = channels;
        this.activation = activation;
        int layers = channels.length - 1;
        wOff = new int[layers];
        bOff = new int[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = (int) off;
            off += 9L * channels[l + 1] * channels[l];
            bOff[l] = (int) off;
            off += channels[l + 1];
        }
        if (params.length != off) {
            throw new IllegalArgumentException("periodic CNN " + Arrays.toString(channels) + " needs " + off + " parameters, got " + params.length);
        }
        this.params = params;
    }

    /**
     * A network with LeCun-normal weights and zero biases drawn from {@code seed}.
     *
     * @param n                grid points per side, ≥ 1
     * @param fieldChannels    F ≥ 1 input fields
     * @param constantChannels K ≥ 0 scalar inputs broadcast as constant channels
     * @param hiddenChannels   C₁ … C_{L−1}, each ≥ 1 (may be empty: one linear convolution)
     * @param outChannels      C_L ≥ 1
     * @throws IllegalArgumentException on a bad size (names it) or more than 2³¹ − 1 parameters
     */
    public static PeriodicCnn initialised(int n, int fieldChannels, int constantChannels, int[] hiddenChannels,
                                          int outChannels, Activation activation, long seed) {
        int[] ch = checkedChannels(n, fieldChannels, constantChannels, hiddenChannels, outChannels, activation);
        PeriodicCnn net = new PeriodicCnn(n, fieldChannels, constantChannels, ch, activation, new double[(int) count(ch)]);
        Philox.Scratch scratch = new Philox.Scratch();
        for (int l = 0; l < ch.length - 1; l++) {
            int m = 9 * ch[l + 1] * ch[l];
            Philox.normals(seed, Streams.TRAINING, l, 0, net.params, net.wOff[l], m, scratch);
            double scale = 1 / Math.sqrt(9.0 * ch[l]);
            for (int i = 0; i < m; i++) net.params[net.wOff[l] + i] *= scale;
        }
        return net;
    }

    /** A network with the given parameters (copied), laid out as in the class comment. */
    public static PeriodicCnn of(int n, int fieldChannels, int constantChannels, int[] hiddenChannels, int outChannels,
                                 Activation activation, double[] params) {
        int[] ch = checkedChannels(n, fieldChannels, constantChannels, hiddenChannels, outChannels, activation);
        return new PeriodicCnn(n, fieldChannels, constantChannels, ch, activation, params.clone());
    }

    private static int[] checkedChannels(int n, int f, int k, int[] hidden, int out, Activation activation) {
        if (n < 1) throw new IllegalArgumentException("grid size n = " + n + ": must be >= 1");
        if (f < 1) throw new IllegalArgumentException("fieldChannels = " + f + ": must be >= 1");
        if (k < 0) throw new IllegalArgumentException("constantChannels = " + k + ": must be >= 0");
        if (out < 1) throw new IllegalArgumentException("outChannels = " + out + ": must be >= 1");
        if (activation == null) throw new IllegalArgumentException("activation: must be given");
        int[] ch = new int[hidden.length + 2];
        ch[0] = f + k;
        for (int i = 0; i < hidden.length; i++) {
            if (hidden[i] < 1) throw new IllegalArgumentException("hidden channels " + i + " = " + hidden[i] + ": must be >= 1");
            ch[i + 1] = hidden[i];
        }
        ch[ch.length - 1] = out;
        long maxC = Arrays.stream(ch).max().orElse(1);
        if (count(ch) > Integer.MAX_VALUE - 8 || (long) n * n * Math.max(9 * maxC, f + k) > Integer.MAX_VALUE / 16) {
            throw new IllegalArgumentException("periodic CNN " + Arrays.toString(ch) + " on " + n + "×" + n + " is too large");
        }
        return ch;
    }

    private static long count(int[] ch) {
        long c = 0;
        for (int l = 0; l + 1 < ch.length; l++) c += (long) ch[l + 1] * (9L * ch[l] + 1);
        return c;
    }

    @Override
    public String architecture() {
        return "periodic-cnn";
    }

    /** Grid points per side N. */
    public int gridSize() {
        return n;
    }

    public int fieldChannels() {
        return fieldChannels;
    }

    public int constantChannels() {
        return constantChannels;
    }

    /** C₁ … C_{L−1} (a copy). */
    public int[] hiddenChannels() {
        return Arrays.copyOfRange(channels, 1, channels.length - 1);
    }

    public int outChannels() {
        return channels[channels.length - 1];
    }

    @Override
    public int inputWidth() {
        return fieldChannels * np + constantChannels;
    }

    @Override
    public int outputWidth() {
        return outChannels() * np;
    }

    @Override
    public Activation activation() {
        return activation;
    }

    @Override
    public int parameterCount() {
        return params.length;
    }

    @Override
    public double[] parameters() {
        return params;
    }

    @Override
    public PeriodicCnn copy() {
        return new PeriodicCnn(n, fieldChannels, constantChannels, channels, activation, params.clone());
    }

    @Override
    public PeriodicCnn withParameters(double[] p) {
        return new PeriodicCnn(n, fieldChannels, constantChannels, channels, activation, p.clone());
    }

    @Override
    public Workspace workspace(int capacity) {
        return new Workspace(this, capacity);
    }

    private int chunkSamples() {
        return Math.max(1, CHUNK_COLUMNS / np);
    }

    @Override
    public void forward(double[] in, int batch, double[] out, Network.Workspace w) {
        Workspace ws = (Workspace) w;
        ws.ensure(batch);
        ws.batch = batch;
        int layers = channels.length - 1, ld = batch * np, inW = inputWidth(), outW = outputWidth();
        int f = fieldChannels, k = constantChannels;
        double[] a0 = ws.act[0];
        for (int r = 0; r < batch; r++) {
            for (int c = 0; c < f; c++) System.arraycopy(in, r * inW + c * np, a0, c * ld + r * np, np);
            for (int c = 0; c < k; c++) ws.consts[r * k + c] = in[r * inW + f * np + c];
        }
        int chunk = chunkSamples();
        for (int l = 0; l < layers; l++) {
            int cin = channels[l], cout = channels[l + 1], convIn = l == 0 ? f : cin, kk = 9 * convIn, ldw = 9 * cin;
            boolean hidden = l < layers - 1;
            double[] src = ws.act[l], z = hidden ? ws.pre[l] : ws.act[l + 1];
            for (int b0 = 0; b0 < batch; b0 += chunk) {
                int cb = Math.min(chunk, batch - b0), cols = cb * np;
                im2col(src, convIn, ld, b0, cb, ws.col);
                Gemm.gemm(false, false, cout, cols, kk, params, wOff[l], ldw, ws.col, 0, cols, false, z, b0 * np, ld);
            }
            double[] a = ws.act[l + 1];
            for (int o = 0; o < cout; o++) {
                double bias = params[bOff[l] + o];
                for (int r = 0; r < batch; r++) {
                    double base = bias;
                    if (l == 0) {
                        for (int c = 0; c < k; c++) base += ws.consts[r * k + c] * tapSum(o, f + c);
                    }
                    int p0 = o * ld + r * np;
                    if (hidden) {
                        for (int p = p0; p < p0 + np; p++) {
                            double v = z[p] + base;
                            double aux = activation.aux(v);
                            z[p] = aux; // what backward needs in place of z
                            a[p] = activation.apply(v, aux);
                        }
                    } else {
                        for (int p = p0; p < p0 + np; p++) a[p] = z[p] + base;
                    }
                }
            }
        }
        double[] last = ws.act[layers];
        int oc = outChannels();
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < oc; o++) System.arraycopy(last, o * ld + r * np, out, r * outW + o * np, np);
        }
    }

    /** Σ over the 9 taps of W_1[o][c] (layer 1: the response of output o to a constant plane c). */
    private double tapSum(int o, int c) {
        int w = wOff[0] + (o * channels[0] + c) * 9;
        double s = 0;
        for (int t = 0; t < 9; t++) s += params[w + t];
        return s;
    }

    @Override
    public void backward(Network.Workspace w, int batch, double[] dOut, double[] gradient, double[] dIn) {
        Workspace ws = (Workspace) w;
        if (batch != ws.batch) throw new IllegalArgumentException("batch " + batch + " differs from the workspace's last forward (" + ws.batch + ")");
        int layers = channels.length - 1, ld = batch * np, inW = inputWidth(), outW = outputWidth();
        int f = fieldChannels, k = constantChannels, chunk = chunkSamples();
        double[] delta = ws.deltaA, next = ws.deltaB;
        int oc = outChannels();
        for (int r = 0; r < batch; r++) {
            for (int o = 0; o < oc; o++) System.arraycopy(dOut, r * outW + o * np, delta, o * ld + r * np, np);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int cin = channels[l], cout = channels[l + 1], convIn = l == 0 ? f : cin, kk = 9 * convIn, ldw = 9 * cin;
            Arrays.fill(gradient, wOff[l], bOff[l], 0.0);
            for (int o = 0; o < cout; o++) {
                double s = 0;
                for (int p = o * ld; p < (o + 1) * ld; p++) s += delta[p];
                gradient[bOff[l] + o] = s;
            }
            boolean needIn = l > 0 || dIn != null;
            for (int b0 = 0; b0 < batch; b0 += chunk) {
                int cb = Math.min(chunk, batch - b0), cols = cb * np;
                im2col(ws.act[l], convIn, ld, b0, cb, ws.col);
                // ∂L/∂W (field taps) += δ·colᵀ.
                Gemm.gemm(false, true, cout, kk, cols, delta, b0 * np, ld, ws.col, 0, cols, true, gradient, wOff[l], ldw);
                if (needIn) {
                    // ∂L/∂col = Wᵀ·δ, then scattered back through the circular shifts.
                    Gemm.gemm(true, false, kk, cols, cout, params, wOff[l], ldw, delta, b0 * np, ld, false, ws.col, 0, cols);
                    col2im(ws.col, convIn, ld, b0, cb, next);
                }
            }
            if (l == 0) {
                if (k > 0) constantGradients(ws, batch, delta, gradient, dIn);
                if (dIn != null) {
                    for (int r = 0; r < batch; r++) {
                        for (int c = 0; c < f; c++) System.arraycopy(next, c * ld + r * np, dIn, r * inW + c * np, np);
                    }
                }
                break;
            }
            double[] aux = ws.pre[l - 1], a = ws.act[l];
            for (int i = 0; i < cin * ld; i++) next[i] *= activation.derivative(aux[i], a[i]);
            double[] t = delta;
            delta = next;
            next = t;
        }
    }

    /** Layer-1 gradients through the constant channels: weights (all 9 taps alike) and the scalar inputs. */
    private void constantGradients(Workspace ws, int batch, double[] delta, double[] gradient, double[] dIn) {
        int ld = batch * np, f = fieldChannels, k = constantChannels, c0 = channels[0], cout = channels[1], inW = inputWidth();
        if (dIn != null) {
            for (int r = 0; r < batch; r++) for (int c = 0; c < k; c++) dIn[r * inW + f * np + c] = 0;
        }
        for (int o = 0; o < cout; o++) {
            double[] g = new double[k];
            for (int r = 0; r < batch; r++) {
                double s = 0;
                for (int p = o * ld + r * np; p < o * ld + (r + 1) * np; p++) s += delta[p];
                for (int c = 0; c < k; c++) {
                    g[c] += ws.consts[r * k + c] * s;
                    if (dIn != null) dIn[r * inW + f * np + c] += s * tapSum(o, f + c);
                }
            }
            for (int c = 0; c < k; c++) Arrays.fill(gradient, wOff[0] + (o * c0 + f + c) * 9, wOff[0] + (o * c0 + f + c + 1) * 9, g[c]);
        }
    }

    /**
     * col[(c·9 + t)][s·N² + y·N + x] = src[c][(b0+s)·N² + ((y+dy) mod N)·N + (x+dx) mod N],
     * t = (dy+1)·3 + (dx+1), for samples s &lt; cb.
     */
    private void im2col(double[] src, int cIn, int ld, int b0, int cb, double[] col) {
        int cols = cb * np;
        for (int c = 0; c < cIn; c++) {
            for (int t = 0; t < 9; t++) {
                int dy = t / 3 - 1, dx = t % 3 - 1, row = (c * 9 + t) * cols;
                for (int s = 0; s < cb; s++) {
                    int sBase = c * ld + (b0 + s) * np, dBase = row + s * np;
                    for (int y = 0; y < n; y++) {
                        int sr = sBase + Math.floorMod(y + dy, n) * n, dr = dBase + y * n;
                        if (dx == 0) {
                            System.arraycopy(src, sr, col, dr, n);
                        } else if (dx == 1) {
                            System.arraycopy(src, sr + 1, col, dr, n - 1);
                            col[dr + n - 1] = src[sr];
                        } else {
                            col[dr] = src[sr + n - 1];
                            System.arraycopy(src, sr, col, dr + 1, n - 1);
                        }
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: dst[c][sample s of the chunk] = Σ_t shift_t⁻¹(col rows), overwriting. */
    private void col2im(double[] col, int cIn, int ld, int b0, int cb, double[] dst) {
        int cols = cb * np;
        for (int c = 0; c < cIn; c++) {
            for (int s = 0; s < cb; s++) {
                int dBase = c * ld + (b0 + s) * np;
                Arrays.fill(dst, dBase, dBase + np, 0.0);
                for (int t = 0; t < 9; t++) {
                    int dy = t / 3 - 1, dx = t % 3 - 1, sBase = (c * 9 + t) * cols + s * np;
                    for (int y = 0; y < n; y++) {
                        int dr = dBase + Math.floorMod(y + dy, n) * n, sr = sBase + y * n;
                        if (dx == 0) {
                            for (int x = 0; x < n; x++) dst[dr + x] += col[sr + x];
                        } else if (dx == 1) {
                            for (int x = 0; x < n - 1; x++) dst[dr + x + 1] += col[sr + x];
                            dst[dr] += col[sr + n - 1];
                        } else {
                            dst[dr + n - 1] += col[sr];
                            for (int x = 1; x < n; x++) dst[dr + x - 1] += col[sr + x];
                        }
                    }
                }
            }
        }
    }

    /** Activations of one forward pass, the im2col panel and two gradient buffers. One per thread. */
    public static final class Workspace implements Network.Workspace {
        private final int[] channels;
        private final int np, fieldChannels, constantChannels, chunkSamples;
        private int capacity, batch = -1;
        private double[][] act, pre;
        private double[] col, deltaA, deltaB, consts;

        private Workspace(PeriodicCnn net, int capacity) {
            this.channels = net.channels;
            this.np = net.np;
            this.fieldChannels = net.fieldChannels;
            this.constantChannels = net.constantChannels;
            this.chunkSamples = net.chunkSamples();
            allocate(Math.max(1, capacity));
        }

        private void allocate(int cap) {
            int layers = channels.length - 1, maxC = fieldChannels, maxK = 9 * fieldChannels;
            act = new double[layers + 1][];
            pre = new double[layers][];
            act[0] = new double[fieldChannels * cap * np];
            for (int l = 0; l < layers; l++) {
                act[l + 1] = new double[channels[l + 1] * cap * np];
                if (l < layers - 1) pre[l] = new double[channels[l + 1] * cap * np];
                maxC = Math.max(maxC, channels[l + 1]);
                if (l > 0) maxK = Math.max(maxK, 9 * channels[l]);
            }
            col = new double[maxK * Math.min(cap, chunkSamples) * np];
            deltaA = new double[maxC * cap * np];
            deltaB = new double[maxC * cap * np];
            consts = new double[cap * constantChannels];
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
