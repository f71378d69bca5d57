package org.scorefdt.backend.cuda.score;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.KdeF32Params;
import org.scorefdt.backend.cuda.runtime.KernelParams.KdeF64Params;

/**
 * The Gaussian-KDE pair loop on the GPU, the CUDA twin of {@code org.scorefdt.backend.cpu.NativeKde}
 * (same outputs): {@link Precision#F64} bitwise equal to the CPU and Java tiers,
 * {@link Precision#F32} a throughput kernel within a stated bound. {@link #evaluate} is synchronized.
 * Design: docs/backends.md §6.
 */
public final class CudaKde implements AutoCloseable {
    public static final String MODULE = "kde";
    private static final int THREADS = 128;
    private static final double LOG2E = 1.4426950408889634;

    private final CudaDevice device;
    private final KernelModule module;
    private final Precision precision;
    private final int n, d;
    private final double negInv2h2, invH2, sqrtC;
    private final DeviceBuffer data, dataSq;
    private final KdeF32Params kdeF32Params = new KdeF32Params();
    private final KdeF64Params kdeF64Params = new KdeF64Params();
    private DeviceBuffer query, self, score, div, lse, scratch;
    private int capacity;
    private String lastKernel;
    private long lastBlocks;

    /**
     * @param data      centred data {@code [n][d]}
     * @param dataSq    |x_j|² {@code [n]} (for F64; F32 recomputes it from the rounded scaled data)
     * @param negInv2h2 −1/(2h²), exactly as the Java reference computes it
     * @param invH2     1/h²
     * @throws IllegalArgumentException on bad shapes or a non-negative negInv2h2
     * @throws CudaException            if the device has no room or the kernels cannot be loaded
     */
    public CudaKde(CudaDevice device, double[] data, double[] dataSq, int n, int d, double negInv2h2, double invH2,
                   Precision precision) {
        if (d < 1) throw new IllegalArgumentException("KDE dimension d = " + d + ": must be >= 1");
        if (n < 1) throw new IllegalArgumentException("KDE data points n = " + n + ": must be >= 1");
        if (data.length < (long) n * d) throw new IllegalArgumentException("data hold " + data.length + " values, need n × d = " + (long) n * d);
        if (dataSq.length < n) throw new IllegalArgumentException("dataSq holds " + dataSq.length + " values, need n = " + n);
        if (!(negInv2h2 < 0) || Double.isInfinite(negInv2h2)) throw new IllegalArgumentException("negInv2h2 = " + negInv2h2 + ": must be finite and < 0");
        this.device = device;
        this.module = KernelModule.load(device, MODULE);
        this.precision = precision;
        this.n = n;
        this.d = d;
        this.negInv2h2 = negInv2h2;
        this.invH2 = invH2;
        this.sqrtC = Math.sqrt(-negInv2h2 * LOG2E);
        if (precision == Precision.F64) {
            this.data = DeviceBuffer.allocate(device, Dtype.F64, (long) n * d);
            this.dataSq = DeviceBuffer.allocate(device, Dtype.F64, n);
            this.data.copyFrom(data, 0, n * d, 0);
            this.dataSq.copyFrom(dataSq, 0, n, 0);
        } else {
            this.data = DeviceBuffer.allocate(device, Dtype.F32, (long) n * d);
            this.dataSq = DeviceBuffer.allocate(device, Dtype.F32, n);
            try (FloatPointer x = new FloatPointer((long) n * d); FloatPointer q = new FloatPointer(n)) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        float v = (float) (data[j * d + k] * sqrtC);
                        x.put((long) j * d + k, v);
                        s += (double) v * v;
                    }
                    q.put(j, (float) s);
                }
                this.data.copyFromHost(x, 4L * n * d);
                this.dataSq.copyFromHost(q, 4L * n);
            }
        }
    }

    public Precision precision() {
        return precision;
    }

    /** The kernel that runs for this d and request (for logs and tests). */
    public String kernelName(boolean wantDivergence) {
        if (precision == Precision.F64) return d <= 8 ? "sfdt_kde_f64_d" + d : "sfdt_kde_f64_any";
        if (d <= 8 || d == 16) return (wantDivergence ? "sfdt_kde_f32_div_d" : "sfdt_kde_f32_d") + d;
        return "sfdt_kde_f32_any";
    }

    /** Queries per thread of the specialised F32 kernels (kde.cu KdeQ). */
    private static int queriesPerThread(int d) {
        return d <= 8 ? 4 : (d <= 16 ? 2 : 1);
    }

    private void ensure(int m) {
        if (m <= capacity) return;
        int cap = Math.max(m, Math.min(Integer.MAX_VALUE / 2, 2 * capacity));
        closeBatch();
        Dtype t = precision == Precision.F64 ? Dtype.F64 : Dtype.F32;
        query = DeviceBuffer.allocate(device, t, (long) cap * d);
        self = DeviceBuffer.allocate(device, Dtype.I64, cap);
        score = DeviceBuffer.allocate(device, Dtype.F64, (long) cap * d);
        div = DeviceBuffer.allocate(device, Dtype.F64, cap);
        lse = DeviceBuffer.allocate(device, Dtype.F64, cap);
        scratch = DeviceBuffer.allocate(device, t, (precision == Precision.F64 ? 1L : 2L) * cap * d);
        capacity = cap;
    }

    /**
     * Evaluates m queries; any of {@code score} ({@code [m][d]}), {@code divergence} ({@code [m]}),
     * {@code logSum} ({@code [m]}) may be null. {@code selfIndex} (nullable, {@code [m]}): query q
     * skips data row selfIndex[q] (leave-one-out), negative for none.
     *
     * @throws IllegalArgumentException when an array is shorter than m rows
     */
    public synchronized void evaluate(double[] queries, int m, long[] selfIndex, double[] score, double[] divergence,
                                      double[] logSum) {
        if (m < 0) throw new IllegalArgumentException("queries m = " + m + ": must be >= 0");
        need("queries", queries, (long) m * d);
        if (selfIndex != null && selfIndex.length < m) throw new IllegalArgumentException("selfIndex holds " + selfIndex.length + " values, need " + m);
        if (score != null) need("score", score, (long) m * d);
        if (divergence != null) need("divergence", divergence, m);
        if (logSum != null) need("logSum", logSum, m);
        if (m == 0) return;
        ensure(m);
        device.makeCurrent();
        if (precision == Precision.F64) {
            query.copyFrom(queries, 0, m * d, 0);
        } else {
            try (FloatPointer y = new FloatPointer((long) m * d)) {
                for (int i = 0; i < m * d; i++) y.put(i, (float) (queries[i] * sqrtC));
                query.copyFromHost(y, 4L * m * d);
            }
        }
        if (selfIndex != null) {
            try (LongPointer s = new LongPointer(m).put(selfIndex, 0, m)) {
                self.copyFromHost(s, 8L * m);
            }
        }
        boolean wantDiv = divergence != null;
        String fn = kernelName(wantDiv);
        long blocks;
        long selfAt = selfIndex == null ? 0 : self.address(), scoreAt = score == null ? 0 : this.score.address();
        long divAt = wantDiv ? div.address() : 0, lseAt = logSum == null ? 0 : lse.address();
        if (precision == Precision.F64) {
            kdeF64Params.n_data(n).n_query(m).dim(d).want_div(wantDiv ? 1 : 0).neg_inv_2h2(negInv2h2).inv_h2(invH2)
                    .data(data.address()).data_sq(dataSq.address()).query(query.address()).self_index(selfAt)
                    .scratch(scratch.address()).score(scoreAt).divergence(divAt).log_sum(lseAt);
            blocks = KernelModule.blocks(m, THREADS);
        } else {
            kdeF32Params.n_data(n).n_query(m).dim(d).inv_scale(1.0 / sqrtC).inv_h2(invH2).data(data.address())
                    .data_sq(dataSq.address()).query(query.address()).self_index(selfAt).scratch(scratch.address())
                    .score(scoreAt).divergence(divAt).log_sum(lseAt);
            int per = fn.endsWith("_any") ? THREADS : THREADS * queriesPerThread(d);
            blocks = ((long) m + per - 1) / per;
        }
        module.launch(fn, blocks, THREADS, 0, params());
        lastKernel = fn;
        lastBlocks = blocks;
        if (score != null) this.score.copyTo(score, 0, m * d, 0);
        if (wantDiv) div.copyTo(divergence, 0, m, 0);
        if (logSum != null) lse.copyTo(logSum, 0, m, 0);
        if (score == null && !wantDiv && logSum == null) device.synchronize(fn);
    }

    /**
     * s(y) for {@code m} centred queries already on the device (F64 only): the kernel of
     * {@link #evaluate} reading {@code centredQueries} {@code [m][d]} and writing {@code score}
     * {@code [m][d]}, no host copy. Bitwise equal to {@link #evaluate}'s scores for the same queries.
     *
     * @throws IllegalStateException    for an F32 instance
     * @throws IllegalArgumentException when a buffer is not F64 or shorter than m rows
     */
    public synchronized void scoreOnDevice(DeviceBuffer centredQueries, int m, DeviceBuffer score) {
        if (precision != Precision.F64) throw new IllegalStateException("device queries need the F64 kernel, this KDE is " + precision);
        if (m < 0) throw new IllegalArgumentException("queries m = " + m + ": must be >= 0");
        for (DeviceBuffer b : new DeviceBuffer[] {centredQueries, score}) {
            if (b.type() != Dtype.F64 || b.elements() < (long) m * d) {
                throw new IllegalArgumentException("device buffer holds " + b.elements() + " " + b.type() + " values, need "
                        + (long) m * d + " F64");
            }
        }
        if (m == 0) return;
        ensure(m);
        device.makeCurrent();
        String fn = kernelName(false);
        long blocks = KernelModule.blocks(m, THREADS);
        kdeF64Params.n_data(n).n_query(m).dim(d).want_div(0).neg_inv_2h2(negInv2h2).inv_h2(invH2).data(data.address())
                .data_sq(dataSq.address()).query(centredQueries.address()).self_index(0).scratch(scratch.address())
                .score(score.address()).divergence(0).log_sum(0);
        module.launch(fn, blocks, THREADS, 0, kdeF64Params);
        lastKernel = fn;
        lastBlocks = blocks;
    }

    private Pointer params() {
        return precision == Precision.F64 ? kdeF64Params : kdeF32Params;
    }

    /**
     * Runs the kernel of the last {@link #evaluate} again on the same device buffers and waits for
     * it: the kernel time alone, without the copies (throughput measurements).
     *
     * @return wall seconds of the launch and the wait
     */
    synchronized double relaunch() {
        if (lastKernel == null) throw new IllegalStateException("relaunch before any evaluate");
        long t0 = System.nanoTime();
        module.launch(lastKernel, lastBlocks, THREADS, 0, params());
        device.synchronize(lastKernel);
        return (System.nanoTime() - t0) * 1e-9;
    }

    private static void need(String what, double[] a, long values) {
        if (a.length < values) throw new IllegalArgumentException(what + " holds " + a.length + " values, need " + values);
    }

    private void closeBatch() {
        DeviceBuffer.closeAll(query, self, score, div, lse, scratch);
        query = self = score = div = lse = scratch = null;
        capacity = 0;
    }

    @Override
    public synchronized void close() {
        closeBatch();
        data.close();
        dataSq.close();
        kdeF32Params.close();
        kdeF64Params.close();
    }
}
