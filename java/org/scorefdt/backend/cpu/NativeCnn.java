package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.Loader;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;

/**
 * Forward and backward passes of a periodic CNN on the native CPU library ({@code native/cpu/cnn.cpp}:
 * im2col + OpenBLAS, OpenMP over chunks of the batch), in float64 or float32, with the maths, row
 * layout and flat parameter layout of {@code org.scorefdt.score.nn.PeriodicCnn}. Parameters are set
 * by {@link #setParameters} (rounded once for F32) and stay until set again; off-heap buffers are
 * sized for a batch capacity and double when a call exceeds it. Results do not depend on the thread
 * count. Not thread-safe (one instance per thread). Design and parity bounds: docs/backends.md §1.
 */
public final class NativeCnn implements AutoCloseable {
    private final int n, np, fields, constants, layers, threads, nParams, inW, outW;
    private final int[] channels;
    private final Precision precision;
    private final IntPointer channelsPtr;
    private final Pointer params, gradient;
    private final DoublePointer lossNorm = new DoublePointer(2);
    private final ScoreFdtCpu.CnnParams call = new ScoreFdtCpu.CnnParams();
    private Pointer input, output, workspace, dInput;
    private DoublePointer noise;
    private float[] scratch = new float[0];
    private int capacity, lastBatch = -1;

    /**
     * @param channels   C₀ … C_L with C₀ = fields + constants
     * @param activation {@link NativeMlp#SILU} or {@link NativeMlp#TANH}
     * @param threads    OpenMP threads, 0 = all cores
     * @throws BackendUnavailableException if the native library cannot be loaded
     * @throws IllegalArgumentException    on bad sizes or activation
     */
    public NativeCnn(int n, int fields, int constants, int[] channels, int activation, Precision precision, int capacity, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        if (activation != NativeMlp.SILU && activation != NativeMlp.TANH) throw new IllegalArgumentException("activation id " + activation);
        if (n < 1 || fields < 1 || constants < 0 || channels.length < 2 || channels[0] != fields + constants) {
            throw new IllegalArgumentException("periodic CNN n = " + n + ", fields = " + fields + ", constants = " + constants
                    + ", channels " + Arrays.toString(channels) + ": need n, fields ≥ 1, constants ≥ 0, channels[0] = fields + constants");
        }
        this.n = n;
        this.np = n * n;
        this.fields = fields;
        this.constants = constants;
        this.channels = channels.clone();
        this.layers = channels.length - 1;
        this.precision = precision;
        this.threads = threads > 0 ? threads : Math.max(1, ScoreFdtCpu.sfdt_max_threads());
        this.inW = fields * np + constants;
        this.outW = channels[layers] * np;
        this.channelsPtr = new IntPointer(channels.length).put(this.channels, 0, channels.length);
        long count = ScoreFdtCpu.sfdt_cnn_param_count(channelsPtr, layers);
        if (count < 0 || count > Integer.MAX_VALUE - 8) {
            channelsPtr.close();
            throw new IllegalArgumentException("bad channels " + Arrays.toString(channels));
        }
        this.nParams = (int) count;
        this.params = alloc(nParams);
        this.gradient = alloc(nParams);
        call.precision(NativeCpuBackend.precisionCode(precision)).n(n).fields(fields).constants(constants).layers(layers)
                .activation(activation).channels(channelsPtr).threads(this.threads).params(params).gradient(gradient);
        allocate(Math.max(1, capacity));
    }

    private Pointer alloc(long count) {
        return precision == Precision.F64 ? new DoublePointer(Math.max(1, count)) : new FloatPointer(Math.max(1, count));
    }

    private void allocate(int cap) {
        closeBatchBuffers();
        long ws = ScoreFdtCpu.sfdt_cnn_workspace_size(channelsPtr, layers, n, fields, cap, threads);
        if (ws < 0) throw new IllegalArgumentException("workspace of capacity " + cap + ": status " + ws);
        input = alloc((long) cap * inW);
        output = alloc((long) cap * outW);
        dInput = alloc((long) cap * inW);
        workspace = alloc(ws);
        noise = new DoublePointer((long) cap * outW);
        call.input(input).output(output).workspace(workspace);
        capacity = cap;
        lastBatch = -1;
    }

    private void ensure(int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch " + batch);
        if (batch > capacity) allocate(Math.max(batch, 2 * capacity));
    }

    public Precision precision() {
        return precision;
    }

    public int parameterCount() {
        return nParams;
    }

    public int inputWidth() {
        return inW;
    }

    public int outputWidth() {
        return outW;
    }

    public int capacity() {
        return capacity;
    }

    /** Copies the flat parameter vector ({@link #parameterCount()} values; rounded once for F32). */
    public void setParameters(double[] p) {
        put(params, p, nParams);
    }

    /** out = net(in) for {@code batch} rows, keeping what {@link #backward} needs. */
    public void forward(double[] in, int batch, double[] out) {
        ensure(batch);
        put(input, in, batch * inW);
        run(batch);
        get(output, out, batch * outW);
    }

    /** {@link #forward} on float rows (F32 only: no conversion). */
    public void forward(float[] in, int batch, float[] out) {
        if (precision != Precision.F32) throw new IllegalStateException("float rows need an F32 network");
        ensure(batch);
        ((FloatPointer) input).put(in, 0, batch * inW);
        run(batch);
        ((FloatPointer) output).get(out, 0, batch * outW);
    }

    private void run(int batch) {
        call.batch(batch);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_cnn_forward(call), "sfdt_cnn_forward");
        lastBatch = batch;
    }

    /**
     * Back-propagates ∂L/∂out through the last {@link #forward} (same batch).
     *
     * @param gradient receives ∂L/∂θ (overwritten), {@link #parameterCount()} values
     * @param dIn      receives ∂L/∂in {@code [batch][inputWidth]}, or null when not needed
     */
    public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) {
        if (batch != lastBatch) {
            throw new IllegalArgumentException("backward of batch " + batch + " after a forward of " + lastBatch
                    + (lastBatch < 0 ? " (no forward since the buffers were (re)allocated)" : ""));
        }
        put(output, dOut, batch * outW);  // the output buffer is free after the forward: it holds ∂L/∂out
        call.d_output(output).d_input(dIn == null ? null : dInput);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_cnn_backward(call), "sfdt_cnn_backward");
        get(this.gradient, gradient, nParams);
        if (dIn != null) get(dInput, dIn, batch * inW);
    }

    /**
     * One DSM minibatch on the current parameters: forward, residual out + z, backward; the gradient
     * stays in the native buffer ({@link #gradientPointer}).
     *
     * @return {mean loss Σ(out + z)²/(B·d), ‖∂loss/∂θ‖₂}
     */
    public double[] dsmGradient(double[] in, double[] z, int batch) {
        ensure(batch);
        put(input, in, batch * inW);
        noise.put(z, 0, batch * outW);
        call.batch(batch);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_cnn_dsm_gradient(call, noise, lossNorm), "sfdt_cnn_dsm_gradient");
        lastBatch = -1;  // the output buffer now holds ∂loss/∂out
        return new double[] {lossNorm.get(0), lossNorm.get(1)};
    }

    /** {@link #dsmGradient} on float rows (F32 only). */
    public double[] dsmGradient(float[] in, double[] z, int batch) {
        if (precision != Precision.F32) throw new IllegalStateException("float rows need an F32 network");
        ensure(batch);
        ((FloatPointer) input).put(in, 0, batch * inW);
        noise.put(z, 0, batch * outW);
        call.batch(batch);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_cnn_dsm_gradient(call, noise, lossNorm), "sfdt_cnn_dsm_gradient");
        lastBatch = -1;
        return new double[] {lossNorm.get(0), lossNorm.get(1)};
    }

    /** The gradient of the last backward or DSM minibatch (a host copy). */
    public double[] gradient() {
        double[] g = new double[nParams];
        get(gradient, g, nParams);
        return g;
    }

    /** The native parameter buffer (for the DSM update, which writes it in place). */
    Pointer parameterPointer() {
        return params;
    }

    Pointer gradientPointer() {
        return gradient;
    }

    private void put(Pointer dst, double[] src, int count) {
        if (dst instanceof DoublePointer d) {
            d.put(src, 0, count);
            return;
        }
        float[] f = floats(count);
        for (int i = 0; i < count; i++) f[i] = (float) src[i];
        ((FloatPointer) dst).put(f, 0, count);
    }

    private void get(Pointer src, double[] dst, int count) {
        if (src instanceof DoublePointer d) {
            d.get(dst, 0, count);
            return;
        }
        float[] f = floats(count);
        ((FloatPointer) src).get(f, 0, count);
        for (int i = 0; i < count; i++) dst[i] = f[i];
    }

    private float[] floats(int count) {
        if (scratch.length < count) scratch = new float[count];
        return scratch;
    }

    private void closeBatchBuffers() {
        for (Pointer p : new Pointer[] {input, output, workspace, dInput, noise}) {
            if (p != null) p.close();
        }
    }

    @Override
    public void close() {
        closeBatchBuffers();
        input = output = workspace = dInput = noise = null;
        params.close();
        gradient.close();
        lossNorm.close();
        channelsPtr.close();
        call.close();
    }
}
