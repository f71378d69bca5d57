package org.scorefdt.backend.cuda.score;

import java.util.Arrays;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.CnnInputGradParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.CnnLayerParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.CnnParamGradParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.CnnTrainLayerParams;

/**
 * Inference and (F64) training gradient of a periodic CNN ({@code org.scorefdt.score.nn.PeriodicCnn}:
 * 3×3 circular convolutions, fields {@code [y][x]}) on the GPU, in PeriodicCnn's row and parameter
 * layout; exactly translation-equivariant, equal to Java to rounding. Not thread-safe. Design:
 * docs/backends.md §6.
 */
public final class CudaCnn implements AutoCloseable, DeviceNetwork {
    public static final String MODULE = "cnn";

    private final CudaDevice device;
    private final KernelModule module;
    private final Dtype type;
    private final int n, np, fields, constants, activation, nParams;
    private final int[] channels;
    private final long[] wOff, bOff;
    private final DeviceBuffer params;
    private final CnnInputGradParams cnnInputGradParams = new CnnInputGradParams();
    private final CnnLayerParams cnnLayerParams = new CnnLayerParams();
    private final CnnParamGradParams cnnParamGradParams = new CnnParamGradParams();
    private final CnnTrainLayerParams cnnTrainLayerParams = new CnnTrainLayerParams();
    private DeviceBuffer input, output, actA, actB;
    private DeviceBuffer dOutput, deltaA, deltaB, gradient;
    private DeviceBuffer[] kept, keptAux;
    private int capacity, trainingCapacity;

    /**
     * @param n          grid side N ≥ 1
     * @param fields     F ≥ 1 field channels
     * @param constants  K ≥ 0 constant channels
     * @param channels   C₀ = F + K, C₁ … C_L (each ≥ 1)
     * @param activation {@link CudaMlp#SILU} or {@link CudaMlp#TANH}
     */
    public CudaCnn(CudaDevice device, int n, int fields, int constants, int[] channels, int activation, Precision precision,
                   int capacity) {
        if (n < 1) throw new IllegalArgumentException("grid size n = " + n + ": must be >= 1");
        if (fields < 1 || constants < 0) throw new IllegalArgumentException("fields = " + fields + ", constants = " + constants + ": need F >= 1, K >= 0");
        if (channels.length < 2 || channels[0] != fields + constants) {
            throw new IllegalArgumentException("channels " + Arrays.toString(channels) + ": need C₀ = F + K = " + (fields + constants) + " and at least one layer");
        }
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] < 1) throw new IllegalArgumentException("channels[" + i + "] = " + channels[i] + ": must be >= 1");
        }
        if (activation != CudaMlp.SILU && activation != CudaMlp.TANH) throw new IllegalArgumentException("activation id " + activation);
        this.device = device;
        this.module = KernelModule.load(device, MODULE);
        this.type = Dtype.of(precision);
        this.n = n;
        this.np = n * n;
        this.fields = fields;
        this.constants = constants;
        this.channels = channels.clone();
        this.activation = activation;
        int layers = channels.length - 1;
        wOff = new long[layers];
        bOff = new long[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = off;
            off += 9L * channels[l + 1] * channels[l];
            bOff[l] = off;
            off += channels[l + 1];
        }
        if (off > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("periodic CNN " + Arrays.toString(channels) + " has too many parameters");
        this.nParams = (int) off;
        this.params = DeviceBuffer.allocate(device, type, nParams);
        allocate(Math.max(1, capacity));
    }

    private int inputWidth() {
        return fields * np + constants;
    }

    private int outputWidth() {
        return channels[channels.length - 1] * np;
    }

    @Override
    public int parameterCount() {
        return nParams;
    }

    private void allocate(int cap) {
        DeviceBuffer.closeAll(input, output, actA, actB);
        int maxC = 1;
        for (int l = 1; l + 1 < channels.length; l++) maxC = Math.max(maxC, channels[l]);
        input = DeviceBuffer.allocate(device, type, (long) cap * inputWidth());
        output = DeviceBuffer.allocate(device, type, (long) cap * outputWidth());
        actA = DeviceBuffer.allocate(device, type, (long) cap * maxC * np);
        actB = DeviceBuffer.allocate(device, type, (long) cap * maxC * np);
        capacity = cap;
    }

    private void allocateTraining(int cap) {
        closeTraining();
        int layers = channels.length - 1, maxC = fields;
        for (int l = 1; l < channels.length; l++) maxC = Math.max(maxC, channels[l]);
        dOutput = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * outputWidth());
        deltaA = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * maxC * np);
        deltaB = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * maxC * np);
        kept = new DeviceBuffer[layers - 1];
        keptAux = new DeviceBuffer[layers - 1];
        for (int h = 0; h + 1 < layers; h++) {
            kept[h] = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * channels[h + 1] * np);
            keptAux[h] = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * channels[h + 1] * np);
        }
        if (gradient == null) gradient = DeviceBuffer.allocate(device, Dtype.F64, nParams);
        trainingCapacity = cap;
    }

    private void closeTraining() {
        DeviceBuffer.closeAll(dOutput, deltaA, deltaB);
        if (kept != null) {
            DeviceBuffer.closeAll(kept);
            DeviceBuffer.closeAll(keptAux);
        }
        dOutput = deltaA = deltaB = null;
        kept = keptAux = null;
        trainingCapacity = 0;
    }

    /** Makes room for {@code batch} training rows (F64 only). */
    @Override
    public void reserve(int batch) {
        if (type != Dtype.F64) throw new IllegalStateException("CNN training runs in F64; this network is " + type);
        if (batch < 0) throw new IllegalArgumentException("batch = " + batch + ": must be >= 0");
        if (batch > capacity) allocate(Math.max(batch, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity)));
        if (batch > trainingCapacity || dOutput == null) allocateTraining(Math.max(batch, capacity));
    }

    /**
     * The parameter gradient Σ_rows (∂out/∂θ)ᵀ·dOut of the current parameters at {@code in}, as
     * {@code PeriodicCnn.backward} with the same rows computes it (F64).
     *
     * @param in   {@code [batch][F·N² + K]}
     * @param dOut ∂L/∂out {@code [batch][C_L·N²]}
     * @return the gradient in the flat parameter layout
     */
    public double[] gradient(double[] in, double[] dOut, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch = " + batch + ": must be >= 1");
        if (in.length < (long) batch * inputWidth()) throw new IllegalArgumentException("input holds " + in.length + " values, need " + (long) batch * inputWidth());
        if (dOut.length < (long) batch * outputWidth()) throw new IllegalArgumentException("dOut holds " + dOut.length + " values, need " + (long) batch * outputWidth());
        reserve(batch);
        input.copyFrom(in, 0, batch * inputWidth(), 0);
        forwardOnDevice(batch);
        dOutput.copyFrom(dOut, 0, batch * outputWidth(), 0);
        backwardOnDevice(batch);
        return gradient.toArray();
    }

    /** Training forward of the rows in {@link #inputBuffer()}: keeps the hidden layers, output to {@link #outputBuffer()}. */
    @Override
    public void forwardOnDevice(int batch) {
        int layers = channels.length - 1;
        for (int l = 0; l < layers; l++) {
            boolean last = l + 1 == layers;
            int cout = channels[l + 1];
            long total = (long) batch * cout * np;
            cnnTrainLayerParams.layer(layerArgs(l, batch, l == 0 ? input : kept[l - 1], last ? output : kept[l]))
                    .aux(last ? 0 : keptAux[l].address());
            module.launchCapped("sfdt_cnn_train_layer_f64", total, MAX_BLOCKS, cnnTrainLayerParams);
        }
    }

    /** Backward from ∂L/∂out in {@link #dOutputBuffer()} to the parameter gradient in {@link #gradientBuffer()}. */
    @Override
    public void backwardOnDevice(int batch) {
        int layers = channels.length - 1;
        DeviceBuffer delta = dOutput, next = deltaA;
        for (int l = layers - 1; l >= 0; l--) {
            int cout = channels[l + 1];
            int convIn = l == 0 ? fields : channels[l];
            long entries = (long) cout * channels[l] * 9 + cout;
            cnnParamGradParams.delta(delta.address()).in((l == 0 ? input : kept[l - 1]).address())
                    .gw(gradient.address(wOff[l])).batch(batch).n(n).in_stride(l == 0 ? inputWidth() : channels[l] * np)
                    .cin_conv(convIn).cin_total(channels[l]).cout(cout);
            module.launchCapped("sfdt_cnn_param_grad_f64", entries, MAX_BLOCKS, cnnParamGradParams);
            if (l == 0) break;
            long total = (long) batch * convIn * np;
            cnnInputGradParams.delta(delta.address()).dst(next.address()).w(params.address(wOff[l]))
                    .aux(keptAux[l - 1].address()).a(kept[l - 1].address()).batch(batch).n(n).cin_conv(convIn)
                    .cin_total(channels[l]).cout(cout).act(activation);
            module.launchCapped("sfdt_cnn_input_grad_f64", total, MAX_BLOCKS, cnnInputGradParams);
            delta = next;
            next = next == deltaA ? deltaB : deltaA;
        }
    }

    private CnnLayerParams layerArgs(int l, int batch, DeviceBuffer src, DeviceBuffer dst) {
        boolean last = l + 2 == channels.length;
        return cnnLayerParams.in(src.address()).out(dst.address()).w(params.address(wOff[l])).b(params.address(bOff[l]))
                .batch(batch).n(n).in_stride(l == 0 ? inputWidth() : channels[l] * np)
                .cin_conv(l == 0 ? fields : channels[l]).cin_total(channels[l]).cout(channels[l + 1])
                .constants(l == 0 ? constants : 0).hidden(last ? 0 : 1).act(activation);
    }

    /** Most blocks per launch (the kernels stride over the rest). */
    private static final long MAX_BLOCKS = 65_535;

    @Override public DeviceBuffer inputBuffer() { return input; }
    @Override public DeviceBuffer outputBuffer() { return output; }
    @Override public DeviceBuffer dOutputBuffer() { return dOutput; }
    @Override public DeviceBuffer parameterBuffer() { return params; }
    @Override public DeviceBuffer gradientBuffer() { return gradient; }

    /** Uploads the flat parameter vector (rounded once for F32). */
    @Override
    public void setParameters(double[] p) {
        if (p.length != nParams) throw new IllegalArgumentException("parameters hold " + p.length + " values, need " + nParams);
        params.copyFrom(p, 0, nParams, 0);
    }

    /** out = net(in) for {@code batch} rows ({@code [batch][F·N² + K]} → {@code [batch][C_L·N²]}). */
    public void forward(double[] in, int batch, double[] out) {
        if (batch < 0) throw new IllegalArgumentException("batch = " + batch + ": must be >= 0");
        if (in.length < (long) batch * inputWidth()) throw new IllegalArgumentException("input holds " + in.length + " values, need " + (long) batch * inputWidth());
        if (out.length < (long) batch * outputWidth()) throw new IllegalArgumentException("output holds " + out.length + " values, need " + (long) batch * outputWidth());
        if (batch == 0) return;
        ensureCapacity(batch);
        input.copyFrom(in, 0, batch * inputWidth(), 0);
        inferOnDevice(batch);
        output.copyTo(out, 0, batch * outputWidth(), 0);
    }

    /** Rows {@link #inputBuffer()} and {@link #outputBuffer()} hold at least {@code batch} rows (they may be reallocated). */
    public void ensureCapacity(int batch) {
        if (batch > capacity) allocate(Math.max(batch, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity)));
    }

    /** Rows the inference buffers hold now. */
    public int capacity() {
        return capacity;
    }

    /**
     * Inference of {@code batch} rows already in {@link #inputBuffer()} ({@code [batch][F·N² + K]}) into
     * {@link #outputBuffer()} ({@code [batch][C_L·N²]}), in this network's precision; nothing crosses
     * to the host and nothing synchronises (the launches are ordered on the default stream).
     */
    public void inferOnDevice(int batch) {
        if (batch < 1 || batch > capacity) throw new IllegalArgumentException("batch = " + batch + ": must be in 1 … capacity " + capacity);
        int layers = channels.length - 1;
        DeviceBuffer src = input;
        for (int l = 0; l < layers; l++) {
            boolean last = l + 1 == layers;
            DeviceBuffer dst = last ? output : (l % 2 == 0 ? actA : actB);
            int cout = channels[l + 1];
            long total = (long) batch * cout * np;
            layerArgs(l, batch, src, dst);
            module.launchCapped("sfdt_cnn_layer_" + (type == Dtype.F64 ? "f64" : "f32"), total, MAX_BLOCKS, cnnLayerParams);
            src = dst;
        }
    }

    @Override
    public void close() {
        DeviceBuffer.closeAll(input, output, actA, actB);
        closeTraining();
        if (gradient != null) gradient.close();
        params.close();
        cnnInputGradParams.close();
        cnnLayerParams.close();
        cnnParamGradParams.close();
        cnnTrainLayerParams.close();
    }
}
