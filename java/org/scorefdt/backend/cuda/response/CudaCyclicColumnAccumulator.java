package org.scorefdt.backend.cuda.response;

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
 * {@link org.scorefdt.response.CyclicColumnAccumulator} on the device: the GFDT column of a state on a
 * ring of d components averaged over all d impulse positions. The ring of the last L conjugate vectors
 * B(t) per member ([member][L][d]) and the per-block sums [block][lag][offset k = i − j mod d] stay in
 * device memory; each save runs the push kernel (width d) and one thread per (block, lag, offset)
 * ({@code sfdt_lagged_cyclic_f64}, body {@code lagged_cyclic_cell} in lagged.h) that adds
 * x_{(j+k) mod d}(t)·B_j(t−τ) over its block's members in member order and j = 0 … d−1 within a member —
 * the order in which the Java accumulator's loops reach that cell. So the F64 sums, the pair counts
 * ((members in block)·d per lag) and {@link #combine} (the same weighted mean, then the rotation to the
 * column of impulse j₀) are bitwise the Java accumulator's given the same states and B.
 *
 * <p>Two ways in: as an {@link org.scorefdt.ensemble.Observer} (host states, B from the
 * {@link Conjugate} on the host, both uploaded), or {@link #observeDevice} with states and B already on
 * the device. F64 states only (the ring average is the long-run product of ResponseComparison's F64
 * path). Cost per save: M·L·d² multiply-adds over B·L·d threads. Not thread-safe; cannot be normalised.
 */
public final class CudaCyclicColumnAccumulator implements LaggedAccumulator, AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final KernelModule module;
    private final int d, component, lags, blocks;
    private final Conjugate conjugate;
    private final KernelArgs args = new KernelArgs();
    private int members = -1;
    private long[] counts;       // [block][lag]
    private DeviceBuffer ring;   // [member][lags][d]
    private DeviceBuffer sums;   // [block][lag][d]
    private DeviceBuffer xHost;  // upload buffers for the Observer path
    private DeviceBuffer bHost;
    private double[] conj;
    private long saves;

    /**
     * @param conjugate B for the Observer path (may be null when only {@link #observeDevice} is used)
     * @see org.scorefdt.response.CyclicColumnAccumulator#CyclicColumnAccumulator
     */
    public CudaCyclicColumnAccumulator(CudaDevice device, int dimension, Conjugate conjugate, int component, int lags, int blocks) {
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
            ring = DeviceBuffer.allocate(device, Dtype.F64, (long) m * lags * d);
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
            bHost = DeviceBuffer.allocate(device, Dtype.F64, (long) m * d);
            conj = new double[m * d];
        }
        conjugate.apply(states, conj, m);
        xHost.copyFrom(states, 0, m * d, 0);
        bHost.copyFrom(conj, 0, m * d, 0);
        observeDevice(xHost, bHost, m);
    }

    /**
     * One save with everything on the device.
     *
     * @param states {@code [members][d]} F64
     * @param b      {@code [members][d]} F64 conjugate vectors B(x(t)) of every impulse position
     * @param m      members (the same at every save)
     */
    public void observeDevice(DeviceBuffer states, DeviceBuffer b, int m) {
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        start(m);
        long need = (long) m * d;
        if (states.type() != Dtype.F64 || states.elements() < need) {
            throw new IllegalArgumentException("states: need " + m + " × " + d + " F64 values, buffer has " + states.elements()
                    + " " + states.type());
        }
        if (b.type() != Dtype.F64 || b.elements() < need) {
            throw new IllegalArgumentException("conjugates: need " + m + " × " + d + " F64 values, buffer has " + b.elements()
                    + " " + b.type());
        }
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        KernelStructs.laggedPush(args, m, d, d, 0, lags, slot, b.address(), ring.address());
        launch("sfdt_lagged_push", need);
        KernelStructs.laggedColumn(args, m, blocks, saves, d, lags, maxLag, states.address(), ring.address(), sums.address());
        launch("sfdt_lagged_cyclic_f64", (long) blocks * (maxLag + 1) * d);
        for (int blk = 0; blk < blocks; blk++) {
            long n = (blockStart(blk + 1L) - blockStart(blk)) * d;  // every (member, impulse position) pair
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

    /** Pairs at this lag, counting every (member, save, impulse position) triple. */
    @Override
    public long pairs(int lag) {
        return BlockWeightedMean.pairs(counts, blocks, lags, lag);
    }

    @Override
    public boolean canNormalize() {
        return false;
    }

    /**
     * As the Java accumulator: Σ_b w_b S_b(τ, k) / Σ_b w_b n_b(τ) per offset k (BlockSums.weightedMean's
     * order), then H_i(τ) = that at k = (i − j₀) mod d.
     */
    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (normalize) {
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; the cyclic column"
                    + " accumulator keeps one (position-averaged) column only");
        }
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        double[] byOffset = BlockWeightedMean.of(sums.toArray(), counts, blocks, lags, d, weights, saves);
        double[] out = new double[lags * d];
        for (int tau = 0; tau < lags; tau++) {
            for (int i = 0; i < d; i++) out[tau * d + i] = byOffset[tau * d + Math.floorMod(i - component, d)];
        }
        return out;
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
