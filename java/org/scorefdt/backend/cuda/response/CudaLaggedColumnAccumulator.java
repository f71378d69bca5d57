package org.scorefdt.backend.cuda.response;

import org.scorefdt.integrate.Precision;
import org.scorefdt.response.BlockWeightedMean;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelArgs;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelStructs;

/**
 * {@link org.scorefdt.response.LaggedColumnAccumulator} on the device: the ring of the last L
 * conjugate values B_j per member and the per-block sums [block][lag][d] stay in device memory; each
 * save runs a push kernel and one thread per (block, lag, component) adding its block's members in
 * member order ({@code cuda/kernels/lagged.cu}, body in {@code lagged.h}). Same summation order as
 * the Java accumulator, so with F64 states the sums — and {@link #combine} — are bitwise equal.
 *
 * <p>Two ways in: as an {@link org.scorefdt.ensemble.Observer} (host states, B from the
 * {@link Conjugate} on the host, both uploaded), or {@link #observeDevice} with states and B already
 * on the device (no host copies, for device-resident pipelines). Not thread-safe.
 */
public final class CudaLaggedColumnAccumulator implements LaggedAccumulator, AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final KernelModule module;
    private final int d, component, lags, blocks;
    private final Conjugate conjugate;
    private final KernelArgs args = new KernelArgs();
    private int members = -1;
    private long[] counts;       // [block][lag]
    private DeviceBuffer ring;   // [member][lags]
    private DeviceBuffer sums;   // [block][lag][d]
    private DeviceBuffer xHost;  // upload buffers for the Observer path
    private DeviceBuffer bHost;
    private double[] conj;
    private double[] column;
    private long saves;

    /**
     * @param conjugate B for the Observer path (may be null when only {@link #observeDevice} is used)
     * @see org.scorefdt.response.LaggedColumnAccumulator#LaggedColumnAccumulator
     */
    public CudaLaggedColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        if (component < 0 || component >= dimension) {
            throw new IllegalArgumentException("component = " + component + ": must be in 0 … " + (dimension - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        this.device = device;
        this.module = KernelModule.load(device, "lagged");
        this.d = dimension;
        this.conjugate = conjugate;
        this.component = component;
        this.lags = lags;
        this.blocks = blocks;
    }

    private void start(int m) {
        if (members < 0) {
            if (m < blocks) {
                throw new IllegalArgumentException("members = " + m + " < blocks = " + blocks
                        + ": every block needs at least one member (use fewer blocks)");
            }
            members = m;
            counts = new long[blocks * lags];
            ring = DeviceBuffer.allocate(device, Dtype.F64, (long) m * lags);
            sums = DeviceBuffer.allocate(device, Dtype.F64, (long) blocks * lags * d);
            ring.zero();
            sums.zero();
        } else if (m != members) {
            throw new IllegalStateException("saw " + m + " members, earlier saves had " + members);
        }
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int m) {
        if (conjugate == null) throw new IllegalStateException("no Conjugate given: use observeDevice");
        if ((long) m * d > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + m + " × " + d);
        }
        start(m);
        if (xHost == null) {
            xHost = DeviceBuffer.allocate(device, Dtype.F64, (long) m * d);
            bHost = DeviceBuffer.allocate(device, Dtype.F64, m);
            conj = new double[m * d];
            column = new double[m];
        }
        conjugate.apply(states, conj, m);
        for (int r = 0; r < m; r++) column[r] = conj[r * d + component];
        xHost.copyFrom(states, 0, m * d, 0);
        bHost.copyFrom(column, 0, m, 0);
        observeDevice(xHost, bHost, 1, 0, m);
    }

    /**
     * One save with everything on the device.
     *
     * @param states   {@code [members][d]}, F64 or F32
     * @param b        F64 values holding B_j of member r at {@code b[r·stride + offset]}
     *                 (a [member][d] conjugate block: stride d, offset j; a column: 1, 0)
     * @param stride   values between members in {@code b}
     * @param offset   index of member 0's B_j in {@code b}
     * @param m        members (the same at every save)
     */
    public void observeDevice(DeviceBuffer states, DeviceBuffer b, long stride, long offset, int m) {
        start(m);
        if (states.elements() < (long) m * d || states.type() == Dtype.I32 || states.type() == Dtype.I64) {
            throw new IllegalArgumentException("states: need " + m + " × " + d + " floating values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (b.type() != Dtype.F64 || b.elements() < (m - 1) * stride + offset + 1) {
            throw new IllegalArgumentException("conjugates: need F64 values up to index " + ((m - 1) * stride + offset));
        }
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        KernelStructs.laggedPush(args, m, 1, stride, offset, lags, slot, b.address(), ring.address());
        launch("sfdt_lagged_push", m);
        KernelStructs.laggedColumn(args, m, blocks, saves, d, lags, maxLag, states.address(), ring.address(), sums.address());
        launch(states.type() == Dtype.F64 ? "sfdt_lagged_column_f64" : "sfdt_lagged_column_f32", (long) blocks * (maxLag + 1) * d);
        for (int blk = 0; blk < blocks; blk++) {
            long n = blockStart(blk + 1L) - blockStart(blk);
            for (int tau = 0; tau <= maxLag; tau++) counts[blk * lags + tau] += n;
        }
        saves++;
    }

    private long blockStart(long blk) {
        return (blk * members + blocks - 1) / blocks;  // MemberBlocks: ⌈b·M/B⌉
    }

    private void launch(String fn, long threads) {
        module.launch(fn, (threads + THREADS - 1) / THREADS, THREADS, 0, args);
    }

    /** The state precision {@link #observe} uploads in (F64: bitwise equal to the Java accumulator). */
    public Precision precision() {
        return Precision.F64;
    }

    @Override
    public int lags() {
        return lags;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int impulseComponent() {
        return component;
    }

    @Override
    public int blocks() {
        return blocks;
    }

    @Override
    public long pairs(int lag) {
        return BlockWeightedMean.pairs(counts, blocks, lags, lag);
    }

    @Override
    public boolean canNormalize() {
        return false;
    }

    /** As the Java accumulator: Σ_b w_b S_b(τ) / Σ_b w_b n_b(τ), in the same order of operations. */
    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (normalize) {
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; a low-dimensional column"
                    + " accumulator holds one column only (normalise on grids)");
        }
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        return BlockWeightedMean.of(sums.toArray(), counts, blocks, lags, d, weights, saves);
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {ring, sums, xHost, bHost}) {
            if (b != null) b.close();
        }
        ring = sums = xHost = bHost = null;
        args.close();
    }
}
