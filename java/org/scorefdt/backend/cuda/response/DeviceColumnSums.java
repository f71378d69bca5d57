package org.scorefdt.backend.cuda.response;

import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.response.BlockWeightedMean;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedColumnParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedPushParams;

/**
 * What the device accumulators of low-dimensional columns share ({@code cuda/kernels/lagged.cu}): the
 * ring of the last L conjugate values per member ({@code ringWidth} values a save: 1 for one column,
 * d for all impulse positions), the per-block sums [block][lag][d] on the device, the pair counts per
 * block and lag on the host, the upload buffers of the {@link org.scorefdt.ensemble.Observer} path,
 * and each save's push and per-cell launches. Not thread-safe.
 */
abstract class DeviceColumnSums implements LaggedAccumulator, AutoCloseable {
    final CudaDevice device;
    final KernelModule module;
    final int d, component, lags, blocks;
    final Conjugate conjugate;
    final LaggedColumnParams laggedColumnParams = new LaggedColumnParams();
    final LaggedPushParams laggedPushParams = new LaggedPushParams();
    private final int ringWidth;
    int members = -1;
    long[] counts;          // [block][lag]
    DeviceBuffer ring;      // [member][lags][ringWidth]
    DeviceBuffer sums;      // [block][lag][d]
    DeviceBuffer xHost;     // upload buffers for the Observer path
    DeviceBuffer bHost;     // [member][ringWidth]
    long saves;
    private double[] conj;

    DeviceColumnSums(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks, boolean allPositions) {
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
        this.ringWidth = allPositions ? dimension : 1;
    }

    final void start(int m) {
        if (members < 0) {
            if (m < blocks) {
                throw new IllegalArgumentException("members = " + m + " < blocks = " + blocks
                        + ": every block needs at least one member (use fewer blocks)");
            }
            members = m;
            counts = new long[blocks * lags];
            ring = DeviceBuffer.allocate(device, Dtype.F64, (long) m * lags * ringWidth);
            sums = DeviceBuffer.allocate(device, Dtype.F64, (long) blocks * lags * d);
            ring.zero();
            sums.zero();
        } else if (m != members) {
            throw new IllegalStateException("saw " + m + " members, earlier saves had " + members);
        }
    }

    @Override
    public final void observe(long saveIndex, double time, double[] states, int m) {
        if (conjugate == null) throw new IllegalStateException("no Conjugate given: use observeDevice");
        if ((long) m * d > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + m + " × " + d);
        }
        start(m);
        if (xHost == null) {
            xHost = DeviceBuffer.allocate(device, Dtype.F64, (long) m * d);
            bHost = DeviceBuffer.allocate(device, Dtype.F64, (long) m * ringWidth);
            conj = new double[m * d];
        }
        conjugate.apply(states, conj, m);
        xHost.copyFrom(states, 0, m * d, 0);
        observeUploaded(conj, m);
    }

    /** The Observer path's save after the states went to {@link #xHost}: upload B from {@code conj} and accumulate. */
    abstract void observeUploaded(double[] conj, int m);

    /**
     * Pushes this save's B ({@code b[r·stride + offset …]}, {@code ringWidth} values a member) into ring
     * slot t mod L, adds the lagged products by {@code cellKernel} (one thread per block, lag and
     * component) and counts {@code pairsPerMember} pairs per member at every lag reached.
     */
    final void accumulate(DeviceBuffer states, DeviceBuffer b, int m, long stride, long offset, String cellKernel,
                          long pairsPerMember) {
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        laggedPushParams.members(m).width(ringWidth).src_stride(stride).src_offset(offset).lags(lags).slot(slot)
                .src(b.address()).ring(ring.address());
        module.launch("sfdt_lagged_push", (long) m * ringWidth, laggedPushParams);
        laggedColumnParams.members(m).blocks(blocks).t(saves).d(d).lags(lags).max_lag(maxLag).x(states.address())
                .ring(ring.address()).sums(sums.address());
        module.launch(cellKernel, (long) blocks * (maxLag + 1) * d, laggedColumnParams);
        for (int blk = 0; blk < blocks; blk++) {
            long n = (blockStart(blk + 1L) - blockStart(blk)) * pairsPerMember;
            for (int tau = 0; tau <= maxLag; tau++) counts[blk * lags + tau] += n;
        }
        saves++;
    }

    private long blockStart(long blk) {
        return (blk * members + blocks - 1) / blocks;  // MemberBlocks: ⌈b·M/B⌉
    }

    /** Σ_b w_b S_b(τ) / Σ_b w_b n_b(τ) over the device sums, in the Java accumulators' order. */
    final double[] weightedMean(double[] weights) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        return BlockWeightedMean.of(sums.toArray(), counts, blocks, lags, d, weights, saves);
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
        DeviceBuffer.closeAll(ring, sums, xHost, bHost);
        ring = sums = xHost = bHost = null;
        laggedColumnParams.close();
        laggedPushParams.close();
    }
}
