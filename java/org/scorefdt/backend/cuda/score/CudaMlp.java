package org.scorefdt.backend.cuda.score;

import java.util.Arrays;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.Cublas;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.LayerParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.MlpFusedParams;

/**
 * A dense network on the GPU, the CUDA twin of {@code org.scorefdt.backend.cpu.NativeMlp} (maths and
 * flat layout of {@code org.scorefdt.score.nn.Mlp}); {@link #forward}/{@link #backward} through cuBLAS,
 * {@link #evaluate} fused for small nets. Agrees with the other tiers to rounding. Not thread-safe.
 * Design: docs/backends.md §6.
 */
public final class CudaMlp implements AutoCloseable, DeviceNetwork {
    public static final String MODULE = "mlp";
    /** Activation ids ({@code sfdt::NnActivation}, the ordinals of {@code org.scorefdt.score.nn.Activation}). */
    public static final int SILU = 0, TANH = 1;
    static final int MAX_FUSED_LAYERS = 8;
    private static final int FUSED_THREADS = 128;

    private final CudaDevice device;
    private final KernelModule module;
    private final Cublas blas;
    private final Precision precision;
    private final Dtype type;
    private final int[] widths;
    private final int layers, activation, nParams, maxHidden;
    private final long[] wOff, bOff;
    private final DeviceBuffer params, gradient;
    private final LayerParams layerParams = new LayerParams();
    private final MlpFusedParams mlpFusedParams = new MlpFusedParams();
    private DeviceBuffer input, output, dOutput, dInput, ones, deltaA, deltaB;
    private DeviceBuffer[] act, aux;
    private int capacity, lastBatch = -1;
    private final int fusedRows; // 32·RT rows per block of the fused kernel, 0 when it does not fit

    /**
     * @param widths     w₀ … w_L, at least two, each ≥ 1
     * @param activation {@link #SILU} or {@link #TANH}
     * @param precision  F64 (training and parity) or F32 (inference)
     * @param capacity   initial batch capacity (grows on demand)
     * @throws IllegalArgumentException on bad widths or activation
     * @throws CudaException            if the device has no room or cuBLAS / the kernels cannot load
     */
    public CudaMlp(CudaDevice device, int[] widths, int activation, Precision precision, int capacity) {
        if (widths.length < 2) throw new IllegalArgumentException("network needs at least input and output widths, got " + Arrays.toString(widths));
        long count = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) throw new IllegalArgumentException("network width " + i + " = " + widths[i] + ": must be >= 1");
            if (i > 0) count += (long) widths[i] * (widths[i - 1] + 1);
        }
        if (count > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("network " + Arrays.toString(widths) + " has too many parameters");
        if (activation != SILU && activation != TANH) throw new IllegalArgumentException("activation id " + activation + ": must be 0 (SiLU) or 1 (tanh)");
        this.device = device;
        this.module = KernelModule.load(device, MODULE);
        this.precision = precision;
        this.type = Dtype.of(precision);
        this.widths = widths.clone();
        this.layers = widths.length - 1;
        this.activation = activation;
        this.nParams = (int) count;
        int mh = 1;
        for (int l = 1; l < layers; l++) mh = Math.max(mh, widths[l]);
        this.maxHidden = mh;
        this.wOff = new long[layers];
        this.bOff = new long[layers];
        long off = 0;
        for (int l = 0; l < layers; l++) {
            wOff[l] = off;
            off += (long) widths[l + 1] * widths[l];
            bOff[l] = off;
            off += widths[l + 1];
        }
        this.fusedRows = fusedRows(device.maxSharedPerBlockOptin());
        this.blas = new Cublas(device);
        this.params = DeviceBuffer.allocate(device, type, nParams);
        this.gradient = DeviceBuffer.allocate(device, Dtype.F64, nParams);
        allocate(Math.max(1, capacity));
    }

    /**
     * Rows per block of the fused kernel that fit {@code sharedLimit} bytes (largest RT ∈ {4, 2, 1}),
     * or 0. 1 KiB of the limit is left for the kernel's static shared memory (the widths).
     */
    int fusedRows(int sharedLimit) {
        if (layers > MAX_FUSED_LAYERS) return 0;
        for (int rt = 4; rt >= 1; rt /= 2) {
            if (fusedSharedBytes(rt) + 1024 <= sharedLimit) return 32 * rt;
        }
        return 0;
    }

    /** Dynamic shared memory of the fused kernel with RT row groups: parameters + two activation tiles. */
    long fusedSharedBytes(int rt) {
        return ((long) nParams + 2L * 32 * rt * stride()) * type.bytes;
    }

    /** Odd activation row stride ≥ the widest layer: consecutive rows fall in different banks. */
    private int stride() {
        int w = 0;
        for (int x : widths) w = Math.max(w, x);
        return w | 1;
    }

    /** Whether {@link #evaluate} runs the fused kernel (else the cuBLAS path). */
    public boolean fused() {
        return fusedRows > 0;
    }

    @Override
    public int parameterCount() {
        return nParams;
    }

    public Precision precision() {
        return precision;
    }

    private void allocate(int cap) {
        closeBatchBuffers();
        input = DeviceBuffer.allocate(device, type, (long) cap * widths[0]);
        output = DeviceBuffer.allocate(device, type, (long) cap * widths[layers]);
        dOutput = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * widths[layers]);
        dInput = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * widths[0]);
        deltaA = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * maxHidden);
        deltaB = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * maxHidden);
        ones = DeviceBuffer.allocate(device, Dtype.F64, cap);
        double[] one = new double[cap];
        Arrays.fill(one, 1.0);
        ones.copyFrom(one);
        act = new DeviceBuffer[layers - 1];
        aux = new DeviceBuffer[layers - 1];
        for (int h = 0; h + 1 < layers; h++) {
            act[h] = DeviceBuffer.allocate(device, type, (long) cap * widths[h + 1]);
            aux[h] = DeviceBuffer.allocate(device, type, (long) cap * widths[h + 1]);
        }
        capacity = cap;
        lastBatch = -1;
    }

    private void ensure(int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch = " + batch + ": must be >= 0");
        if (batch > capacity) allocate(Math.max(batch, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity)));
    }

    /** Uploads the flat parameter vector ({@link #parameterCount()} values; rounded once for F32). */
    @Override
    public void setParameters(double[] parameters) {
        if (parameters.length != nParams) throw new IllegalArgumentException("parameters hold " + parameters.length + " values, need " + nParams);
        params.copyFrom(parameters, 0, nParams, 0);
    }

    /** out = net(in) for inference ({@code [batch][w₀]} → {@code [batch][w_L]}); fused where it fits. */
    public void evaluate(double[] in, int batch, double[] out) {
        if (!fused()) {
            forward(in, batch, out);
            return;
        }
        checkRows(in, out, batch);
        ensure(batch);
        if (batch == 0) return;
        input.copyFrom(in, 0, batch * widths[0], 0);
        int rt = fusedRows / 32;
        mlpFusedParams.layers(layers).activation(activation).stride(stride()).batch(batch).params(params.address())
                .input(input.address()).output(output.address());
        for (int i = 0; i <= MAX_FUSED_LAYERS; i++) mlpFusedParams.widths(i, i <= layers ? widths[i] : 0);
        String fn = "sfdt_mlp_fused_" + (type == Dtype.F64 ? "f64" : "f32") + "_r" + rt;
        module.launch(fn, (batch + fusedRows - 1) / fusedRows, FUSED_THREADS, (int) fusedSharedBytes(rt), mlpFusedParams);
        output.copyTo(out, 0, batch * widths[layers], 0);
        lastBatch = -1; // the fused pass keeps nothing for backward
    }

    /** out = net(in), keeping what {@link #backward} needs (cuBLAS path). */
    public void forward(double[] in, int batch, double[] out) {
        checkRows(in, out, batch);
        ensure(batch);
        input.copyFrom(in, 0, batch * widths[0], 0);
        forwardOnDevice(batch);
        output.copyTo(out, 0, batch * widths[layers], 0);
    }

    /** The forward pass from the device input buffer to the device output buffer (the trainer's entry). */
    @Override
    public void forwardOnDevice(int batch) {
        lastBatch = batch;
        if (batch == 0) return;
        DeviceBuffer in = input;
        for (int l = 0; l < layers; l++) {
            int nIn = widths[l], nOut = widths[l + 1];
            boolean hidden = l + 1 < layers;
            DeviceBuffer z = hidden ? act[l] : output;
            blas.gemm(type, false, true, batch, nOut, nIn, in.address(), params.address(wOff[l]), z.address());
            long count = (long) batch * nOut;
            layerParams.z(z.address()).aux(hidden ? aux[l].address() : 0).b(params.address(bOff[l])).a(0).count(count)
                    .n(nOut).act(activation);
            module.launchCapped((hidden ? "sfdt_mlp_hidden_" : "sfdt_mlp_output_") + suffix(), count, MAX_ELEMENT_BLOCKS, layerParams);
            in = z;
        }
    }

    /**
     * Back-propagates ∂L/∂out through the last {@link #forward} (same batch): ∂L/∂θ into
     * {@code gradient} (overwritten), ∂L/∂in into {@code dIn} unless null. F64 only.
     */
    public void backward(int batch, double[] dOut, double[] gradient, double[] dIn) {
        checkBackward(batch);
        if (dOut.length < (long) batch * widths[layers]) throw new IllegalArgumentException("dOut holds " + dOut.length + " values, need " + (long) batch * widths[layers]);
        if (gradient.length < nParams) throw new IllegalArgumentException("gradient holds " + gradient.length + " values, need " + nParams);
        dOutput.copyFrom(dOut, 0, batch * widths[layers], 0);
        backwardOnDevice(batch, dIn != null);
        this.gradient.copyTo(gradient, 0, nParams, 0);
        if (dIn != null) dInput.copyTo(dIn, 0, batch * widths[0], 0);
    }

    private void checkBackward(int batch) {
        if (type != Dtype.F64) throw new IllegalStateException("backward runs in F64 only (this network is " + precision + ")");
        if (batch != lastBatch) {
            throw new IllegalArgumentException("backward of batch " + batch + " after a forward of " + lastBatch
                    + (lastBatch < 0 ? " (no cuBLAS forward since the buffers were (re)allocated or an evaluate)" : ""));
        }
    }

    /** The backward pass from the device ∂L/∂out buffer into the device gradient (the trainer's entry). */
    @Override
    public void backwardOnDevice(int batch) {
        backwardOnDevice(batch, false);
    }

    void backwardOnDevice(int batch, boolean wantDInput) {
        checkBackward(batch);
        if (batch == 0) {
            gradient.zero();
            return;
        }
        DeviceBuffer delta = dOutput, next = deltaA;
        for (int l = layers - 1; l >= 0; l--) {
            int nIn = widths[l], nOut = widths[l + 1];
            DeviceBuffer aPrev = l == 0 ? input : act[l - 1];
            blas.gemm(Dtype.F64, true, false, nOut, nIn, batch, delta.address(), aPrev.address(), gradient.address(wOff[l]));
            blas.columnSums(batch, nOut, delta.address(), ones.address(), gradient.address(bOff[l]));
            if (l == 0 && !wantDInput) break;
            DeviceBuffer target = l == 0 ? dInput : next;
            blas.gemm(Dtype.F64, false, false, batch, nIn, nOut, delta.address(), params.address(wOff[l]), target.address());
            if (l == 0) break;
            long count = (long) batch * nIn;
            layerParams.z(target.address()).aux(aux[l - 1].address()).b(0).a(act[l - 1].address()).count(count).n(nIn)
                    .act(activation);
            module.launchCapped("sfdt_mlp_delta_f64", count, MAX_ELEMENT_BLOCKS, layerParams);
            delta = target;
            next = target == deltaA ? deltaB : deltaA;
        }
    }

    private void checkRows(double[] in, double[] out, int batch) {
        if (batch < 0) throw new IllegalArgumentException("batch = " + batch + ": must be >= 0");
        if (in.length < (long) batch * widths[0]) throw new IllegalArgumentException("input holds " + in.length + " values, need " + (long) batch * widths[0]);
        if (out.length < (long) batch * widths[layers]) throw new IllegalArgumentException("output holds " + out.length + " values, need " + (long) batch * widths[layers]);
    }

    private String suffix() {
        return type == Dtype.F64 ? "f64" : "f32";
    }

    /** Most blocks of an element-wise launch (the kernels stride over the rest). */
    private static final long MAX_ELEMENT_BLOCKS = 8192;

    // The trainer's view of the device buffers.
    @Override public DeviceBuffer inputBuffer() { return input; }
    @Override public DeviceBuffer outputBuffer() { return output; }
    @Override public DeviceBuffer dOutputBuffer() { return dOutput; }
    @Override public DeviceBuffer parameterBuffer() { return params; }
    @Override public DeviceBuffer gradientBuffer() { return gradient; }
    KernelModule module() { return module; }
    @Override public void reserve(int batch) { ensure(batch); }
    int[] widths() { return widths.clone(); }

    private void closeBatchBuffers() {
        DeviceBuffer.closeAll(input, output, dOutput, dInput, ones, deltaA, deltaB);
        if (act != null) {
            for (DeviceBuffer b : act) b.close();
            for (DeviceBuffer b : aux) b.close();
        }
        input = output = dOutput = dInput = ones = deltaA = deltaB = null;
        act = aux = null;
    }

    @Override
    public void close() {
        closeBatchBuffers();
        params.close();
        gradient.close();
        blas.close();
        layerParams.close();
        mlpFusedParams.close();
    }
}
