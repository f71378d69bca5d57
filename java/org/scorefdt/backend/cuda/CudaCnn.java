package org.scorefdt.backend.cuda;

import java.util.Arrays;
import org.scorefdt.integrate.Precision;

/**
 * Forward pass (inference) of a periodic CNN ({@code org.scorefdt.score.nn.PeriodicCnn}: 3×3
 * circular convolutions on the N×N grid, fields {@code [y][x]} row-major) on the GPU, one launch of
 * {@code cuda/kernels/cnn.cu} per layer. Rows as in PeriodicCnn: input {@code [F][N][N]} field
 * channels followed by K scalars (constant channels), output {@code [C_L][N][N]}; parameters in
 * PeriodicCnn's flat layout (per layer W {@code [C_l][C_{l−1}][3][3]}, then b). Every pixel runs the
 * same operation sequence, so the output is exactly translation-equivariant; against Java it agrees
 * to rounding (another summation order). Buffers are kept and grow on demand. Not thread-safe.
 */
public final class CudaCnn implements AutoCloseable {
    static final String MODULE = "cnn";
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final KernelModule module;
    private final Dtype type;
    private final int n, np, fields, constants, activation, nParams;
    private final int[] channels;
    private final long[] wOff, bOff;
    private final DeviceBuffer params;
    private final KernelArgs args = new KernelArgs();
    private DeviceBuffer input, output, actA, actB;
    private int capacity;

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

    public int parameterCount() {
        return nParams;
    }

    private void allocate(int cap) {
        for (DeviceBuffer b : new DeviceBuffer[] {input, output, actA, actB}) if (b != null) b.close();
        int maxC = 1;
        for (int l = 1; l + 1 < channels.length; l++) maxC = Math.max(maxC, channels[l]);
        input = DeviceBuffer.allocate(device, type, (long) cap * inputWidth());
        output = DeviceBuffer.allocate(device, type, (long) cap * outputWidth());
        actA = DeviceBuffer.allocate(device, type, (long) cap * maxC * np);
        actB = DeviceBuffer.allocate(device, type, (long) cap * maxC * np);
        capacity = cap;
    }

    /** Uploads the flat parameter vector (rounded once for F32). */
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
        if (batch > capacity) allocate(Math.max(batch, (int) Math.min(Integer.MAX_VALUE / 2, 2L * capacity)));
        input.copyFrom(in, 0, batch * inputWidth(), 0);
        int layers = channels.length - 1;
        DeviceBuffer src = input;
        for (int l = 0; l < layers; l++) {
            boolean last = l + 1 == layers;
            DeviceBuffer dst = last ? output : (l % 2 == 0 ? actA : actB);
            int cout = channels[l + 1];
            long total = (long) batch * cout * np;
            args.clear().ptr(src).ptr(dst).ptr(params, wOff[l]).ptr(params, bOff[l]).i64(batch).i32(n)
                    .i32(l == 0 ? inputWidth() : channels[l] * np).i32(l == 0 ? fields : channels[l]).i32(channels[l])
                    .i32(cout).i32(l == 0 ? constants : 0).i32(last ? 0 : 1).i32(activation);
            module.launch("sfdt_cnn_layer_" + (type == Dtype.F64 ? "f64" : "f32"),
                    Math.max(1, Math.min((total + THREADS - 1) / THREADS, 65_535)), THREADS, 0, args);
            src = dst;
        }
        output.copyTo(out, 0, batch * outputWidth(), 0);
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {input, output, actA, actB}) if (b != null) b.close();
        params.close();
        args.close();
    }
}
