package org.scorefdt.backend.cuda.response;

import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedColumnParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedPushParams;
import org.scorefdt.integrate.Precision;
import org.scorefdt.response.BlockWeightedMean;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.response.LaggedColumnAccumulator;

/**
 * {@link LaggedColumnAccumulator} on the device, with its {@link #cyclic} option: the ring of the last
 * L conjugate values per member (B_j, or cyclic all of B), the per-block product sums [block][lag][d]
 * and the sums of A and B that centre them in device memory ({@code cuda/kernels/lagged.cu}), the pair counts on the host; fed as an
 * {@link org.scorefdt.ensemble.Observer} or through {@link #observeDevice}. With F64 states the sums
 * and {@link #combine} are bitwise the Java accumulator's. Not thread-safe. Design: docs/backends.md §4.2.
 */
public final class CudaLaggedColumnAccumulator implements LaggedAccumulator, AutoCloseable {
    private final CudaDevice device;
    private final KernelModule module;
    private final int d, component, lags, blocks, ringWidth, wa;
    private final boolean cyclic;
    private final Conjugate conjugate;
    private final LaggedColumnParams laggedColumnParams = new LaggedColumnParams();
    private final LaggedPushParams laggedPushParams = new LaggedPushParams();
    private int members = -1;
    private long[] counts;          // [block][lag]
    private DeviceBuffer ring;      // [member][lags][ringWidth]
    private DeviceBuffer sums;      // [block][lag][d]
    private DeviceBuffer marg;      // [block][lag][wa + 1]: Σ A | Σ B
    private DeviceBuffer xHost;     // upload buffers for the Observer path
    private DeviceBuffer bHost;     // [member][d]
    private long saves;
    private double[] conj;

    /**
     * @param conjugate B for the Observer path (may be null when only {@link #observeDevice} is used)
     * @see LaggedColumnAccumulator#LaggedColumnAccumulator
     */
    public CudaLaggedColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        this(device, dimension, conjugate, component, lags, blocks, false);
    }

    /**
     * The column averaged over impulse positions on a ring (F64 states only).
     *
     * @see LaggedColumnAccumulator#cyclic
     */
    public static CudaLaggedColumnAccumulator cyclic(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags,
                                                     int blocks) {
        return new CudaLaggedColumnAccumulator(device, dimension, conjugate, component, lags, blocks, true);
    }

    private CudaLaggedColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks,
                                        boolean cyclic) {
        LaggedColumnAccumulator.checkShape(dimension, component, lags, blocks);
        this.device = device;
        this.module = KernelModule.load(device, "lagged");
        this.d = dimension;
        this.conjugate = conjugate;
        this.component = component;
        this.lags = lags;
        this.blocks = blocks;
        this.cyclic = cyclic;
        this.ringWidth = cyclic ? dimension : 1;
        this.wa = cyclic ? 1 : dimension;
    }

    private void start(int m) {
        if (members < 0) {
            if (m < blocks) {
                throw new IllegalArgumentException("members = " + m + " < blocks = " + blocks
                        + ": every block needs at least one member (use fewer blocks)");
            }
            members = m;
            counts = new long[blocks * lags];
            ring = DeviceBuffer.allocate(device, Dtype.F64, (long) m * lags * ringWidth);
            sums = DeviceBuffer.allocate(device, Dtype.F64, (long) blocks * lags * d);
            marg = DeviceBuffer.allocate(device, Dtype.F64, (long) blocks * lags * (wa + 1));
            ring.zero();
            sums.zero();
            marg.zero();
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
            bHost = DeviceBuffer.allocate(device, Dtype.F64, (long) m * d);
            conj = new double[m * d];
        }
        conjugate.apply(states, conj, m);
        xHost.copyFrom(states, 0, m * d, 0);
        bHost.copyFrom(conj, 0, m * d, 0);
        observeDevice(xHost, bHost, d, cyclic ? 0 : component, m);
    }

    /**
     * One save with everything on the device: pushes this save's B into ring slot t mod L and adds the
     * lagged products, one thread per (block, lag, component or offset), members in order.
     *
     * @param states {@code [members][d]}, F64 or (not cyclic) F32
     * @param b      F64 values holding B_j of member r at {@code b[r·stride + offset]} (a [member][d]
     *               conjugate block: stride d, offset j; a column: 1, 0); cyclic: member r's B vector
     *               at {@code b[r·stride + offset …]}, d values
     * @param stride values between members in {@code b}
     * @param offset index of member 0's first value in {@code b}
     * @param m      members (the same at every save)
     */
    public void observeDevice(DeviceBuffer states, DeviceBuffer b, long stride, long offset, int m) {
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        start(m);
        boolean f64 = states.type() == Dtype.F64;
        if (states.elements() < (long) m * d || !(f64 || !cyclic && states.type() == Dtype.F32)) {
            throw new IllegalArgumentException("states: need " + m + " × " + d + (cyclic ? " F64" : " floating") + " values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (b.type() != Dtype.F64 || b.elements() < (m - 1) * stride + offset + ringWidth) {
            throw new IllegalArgumentException("conjugates: need F64 values up to index " + ((m - 1) * stride + offset + ringWidth - 1));
        }
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        laggedPushParams.members(m).width(ringWidth).src_stride(stride).src_offset(offset).lags(lags).slot(slot)
                .src(b.address()).ring(ring.address());
        module.launch("sfdt_lagged_push", (long) m * ringWidth, laggedPushParams);
        laggedColumnParams.members(m).blocks(blocks).t(saves).d(d).lags(lags).max_lag(maxLag).x(states.address())
                .ring(ring.address()).sums(sums.address()).marg(marg.address());
        String cell = cyclic ? "sfdt_lagged_cyclic_f64" : f64 ? "sfdt_lagged_column_f64" : "sfdt_lagged_column_f32";
        module.launch(cell, (long) blocks * (maxLag + 1) * d, laggedColumnParams);
        for (int blk = 0; blk < blocks; blk++) {
            long n = (blockStart(blk + 1L) - blockStart(blk)) * ringWidth;
            for (int tau = 0; tau <= maxLag; tau++) counts[blk * lags + tau] += n;
        }
        saves++;
    }

    private long blockStart(long blk) {
        return (blk * members + blocks - 1) / blocks;  // MemberBlocks: ⌈b·M/B⌉
    }

    /** The state precision {@link #observe} uploads in (F64: bitwise equal to the Java accumulator). */
    public Precision precision() {
        return Precision.F64;
    }

    /** As the Java accumulator, in the same order of operations. */
    @Override
    public double[] combine(double[] weights, boolean normalize, boolean centred) {
        if (normalize) throw new UnsupportedOperationException(LaggedColumnAccumulator.NO_NORMALIZATION);
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        double[] s = sums.toArray(), mean = centred
                ? BlockWeightedMean.centred(s, marg.toArray(), counts, blocks, lags, d, wa, d, weights, saves)
                : BlockWeightedMean.of(s, counts, blocks, lags, d, weights, saves);
        return LaggedColumnAccumulator.finish(mean, cyclic, component, lags, d);
    }

    @Override
    public double conjugateMean(double[] weights) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        return BlockWeightedMean.conjugateMean(marg.toArray(), counts, blocks, lags, wa, weights, saves);
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

    @Override
    public void close() {
        DeviceBuffer.closeAll(ring, sums, marg, xHost, bHost);
        ring = sums = marg = xHost = bHost = null;
        laggedColumnParams.close();
        laggedPushParams.close();
    }
}
