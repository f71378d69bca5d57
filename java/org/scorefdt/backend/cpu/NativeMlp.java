package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.Loader;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;

/**
 * Forward and backward passes of a dense network on the native CPU library (OpenBLAS), with the
 * maths and flat parameter layout of {@code org.scorefdt.score.nn.Mlp}:
 * z_l = a_{l−1} W_lᵀ + b_l, a_l = φ(z_l), out = z_L. Reuses buffers sized for a batch capacity; not
 * thread-safe (one instance per thread). Design: docs/backends.md §1.
 */
public final class NativeMlp implements AutoCloseable {
    /** Activation ids ({@code SFDT_ACT_*}, the ordinals of {@code org.scorefdt.score.nn.Activation}). */
    public static final int SILU = 0, TANH = 1;

    private final int[] widths;
    private final int layers, activation, threads, nParams;
    private final IntPointer widthsPtr;
    private final DoublePointer params, gradient;
    private final ScoreFdtCpu.MlpParams call;
    private DoublePointer input, output, workspace, dOutput, dInput;
    private int capacity;
    private int lastBatch = -1;

    /**
     * @param widths     w₀ … w_L, at least two, each ≥ 1
     * @param activation {@link #SILU} or {@link #TANH}
     * @param capacity   initial batch capacity (grows on demand)
     * @param threads    OpenBLAS and OpenMP threads, 0 = library defaults
     * @throws BackendUnavailableException if the native library cannot be loaded
     * @throws IllegalArgumentException    on bad widths or activation
     */
    public NativeMlp(int[] widths, int activation, int capacity, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        if (activation != SILU && activation != TANH) throw new IllegalArgumentException("activation id " + activation);
        this.widths = widths.clone();
        this.layers = widths.length - 1;
        this.activation = activation;
        this.threads = threads;
        this.widthsPtr = new IntPointer(widths.length).put(this.widths, 0, widths.length);
        long n = layers < 1 ? -2 : ScoreFdtCpu.sfdt_mlp_param_count(widthsPtr, layers);
        if (n < 0 || n > Integer.MAX_VALUE - 8) {
            widthsPtr.close();
            throw new IllegalArgumentException("bad network widths " + Arrays.toString(widths));
        }
        this.nParams = (int) n;
        this.params = new DoublePointer(n);
        this.gradient = new DoublePointer(n);
        this.call = new ScoreFdtCpu.MlpParams();
        call.layers(layers).activation(activation).widths(widthsPtr).threads(threads).params(params).gradient(gradient);
        allocate(Math.max(1, capacity));
    }

    private void allocate(int cap) {
        closeBatchBuffers();
        long ws = ScoreFdtCpu.sfdt_mlp_workspace_size(widthsPtr, layers, cap);
        input = new DoublePointer((long) cap * widths[0]);
        output = new DoublePointer((long) cap * widths[layers]);
        dOutput = new DoublePointer((long) cap * widths[layers]);
        dInput = new DoublePointer((long) cap * widths[0]);
        workspace = new DoublePointer(Math.max(1, ws));
        call.input(input).output(output).workspace(workspace).d_output(dOutput);
        capacity = cap;
        lastBatch = -1;
    }

    public int parameterCount() {
        return nParams;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * out = net(in) for {@code batch} rows, keeping what {@link #backward} needs.
     *
     * @param parameters the flat parameter vector ({@link #parameterCount()} values), copied
     * @param in         {@code [batch][w₀]}
     * @param out        {@code [batch][w_L]}
     */
    public void forward(double[] parameters, double[] in, int batch, double[] out) {
        if (batch < 0) throw new IllegalArgumentException("batch " + batch);
        if (batch > capacity) allocate(Math.max(batch, 2 * capacity));
        params.put(parameters, 0, nParams);
        input.put(in, 0, batch * widths[0]);
        call.batch(batch);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_mlp_forward(call), "sfdt_mlp_forward");
        output.get(out, 0, batch * widths[layers]);
        lastBatch = batch;
    }

    /**
     * Back-propagates ∂L/∂out through the last {@link #forward} (same batch).
     *
     * @param dOut     ∂L/∂out {@code [batch][w_L]}
     * @param gradient receives ∂L/∂θ (overwritten), {@link #parameterCount()} values
     * @param dIn      receives ∂L/∂in {@code [batch][w₀]}, or null when not needed
     */
    public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) {
        if (batch != lastBatch) {
            throw new IllegalArgumentException("backward of batch " + batch + " after a forward of " + lastBatch
                    + (lastBatch < 0 ? " (no forward since the buffers were (re)allocated)" : ""));
        }
        dOutput.put(dOut, 0, batch * widths[layers]);
        call.batch(batch).d_input(dIn == null ? null : dInput);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_mlp_backward(call), "sfdt_mlp_backward");
        this.gradient.get(gradient, 0, nParams);
        if (dIn != null) dInput.get(dIn, 0, batch * widths[0]);
    }

    private void closeBatchBuffers() {
        for (DoublePointer p : new DoublePointer[] {input, output, workspace, dOutput, dInput}) {
            if (p != null) p.close();
        }
    }

    @Override
    public void close() {
        closeBatchBuffers();
        input = output = workspace = dOutput = dInput = null;
        params.close();
        gradient.close();
        widthsPtr.close();
        call.close();
    }
}
