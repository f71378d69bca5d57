package org.scorefdt.backend.cuda.response;

import org.bytedeco.javacpp.Pointer;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.response.BlockWeightedMean;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.backend.cuda.integrate.DeviceObserver;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CufftPlan2d;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.score.CudaConjugateKernels;
import org.scorefdt.backend.cuda.score.DeviceConjugate;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedModeParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedPushParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralUpdateParams;

/**
 * {@link LaggedGridAccumulator} with the per-save work on the device: sums of û(t)·conj B̂(t−τ) per
 * (block, lag, mode) over a device ring of the last L conjugate spectra, and of û(0) and B̂(0) per
 * (block, lag) to centre them; equal to the Java
 * accumulator to FFT rounding. Conjugates may be formed on the device ({@link #linear},
 * {@link #withConjugate}). Allocation failures name the size; not thread-safe. Design and memory:
 * docs/backends.md §4.1.
 */
public final class CudaLaggedGridAccumulator implements LaggedAccumulator, DeviceObserver, AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final KernelModule module;
    private final Grid grid;
    private final int size, modes, pixel, lags, blocks;
    private final Conjugate conjugate;
    private final LaggedModeParams laggedModeParams = new LaggedModeParams();
    private final LaggedPushParams laggedPushParams = new LaggedPushParams();
    private final SpectralUpdateParams spectralUpdateParams = new SpectralUpdateParams();
    private int members = -1;
    private int stride;
    private long[] counts;
    private double[] conj;
    private DeviceBuffer real, uHat, bHat, ring, sums, marg, packed;
    private CufftPlan2d plan;
    private long saves;
    private long first, run;  // memberRange: this batch's first global member and the run's T; run 0: the batch alone
    private boolean observed;  // any save of any batch: beginMemberBatch clears the per-batch state only
    /** Device conjugate (null: host {@link Conjugate} only): g(k) and c as half spectra, see {@link #linear}. */
    private final double[] gainHalf, offsetHalf;
    private KernelModule spectral;
    private DeviceBuffer gRe, zeros, offRe, unit;
    /** Device conjugate of any other form (null: none), owned. */
    private DeviceConjugate deviceConjugate;
    private CudaConjugateKernels rows;

    /** @see LaggedGridAccumulator#LaggedGridAccumulator */
    public CudaLaggedGridAccumulator(CudaDevice device, Grid grid, Conjugate conjugate, int pixel, int lags, int blocks) {
        this(device, grid, conjugate, pixel, lags, blocks, null, 0);
    }

    /**
     * An accumulator whose conjugate is also formed on the device: B̂(k) = g(k)·û(k) + δ_{k0}·c
     * (unnormalised DFT, as cuFFT's r2c and {@link SpectralTransform}).
     *
     * @param conjugate the same B on the host, for the {@link #observe} path (may be null)
     * @param gain      g(k), N² real values [ky][kx] in FFT order, finite
     * @param dcOffset  c, added to mode 0 only
     */
    public static CudaLaggedGridAccumulator linear(CudaDevice device, Grid grid, Conjugate conjugate, double[] gain,
                                                   double dcOffset, int pixel, int lags, int blocks) {
        if (gain.length != grid.size()) {
            throw new IllegalArgumentException("gain has " + gain.length + " values, grid needs " + grid.size());
        }
        for (int i = 0; i < gain.length; i++) {
            if (!Double.isFinite(gain[i])) throw new IllegalArgumentException("gain[" + i + "] = " + gain[i] + ": must be finite");
        }
        if (!Double.isFinite(dcOffset)) throw new IllegalArgumentException("dcOffset = " + dcOffset + ": must be finite");
        return new CudaLaggedGridAccumulator(device, grid, conjugate, pixel, lags, blocks, gain, dcOffset);
    }

    /**
     * An accumulator whose conjugate {@code deviceConjugate} forms on the device from each save's
     * fields; it takes ownership of {@code deviceConjugate} (closed with this accumulator).
     *
     * @param conjugate the same B on the host, for the {@link #observe} path (may be null)
     */
    public static CudaLaggedGridAccumulator withConjugate(CudaDevice device, Grid grid, Conjugate conjugate,
                                                          DeviceConjugate deviceConjugate, int pixel, int lags, int blocks) {
        if (deviceConjugate.dimension() != grid.size()) {
            throw new IllegalArgumentException("device conjugate of dimension " + deviceConjugate.dimension() + " for a grid of "
                    + grid.size());
        }
        CudaLaggedGridAccumulator a = new CudaLaggedGridAccumulator(device, grid, conjugate, pixel, lags, blocks);
        a.deviceConjugate = deviceConjugate;
        return a;
    }

    /**
     * Device states handed to {@link #observeDevice(DeviceBuffer, int)} are rows of {@code stride}
     * values whose first N² are the observed field (e.g. Navier–Stokes [ζ | phases]); N² by default.
     * Set before the first save.
     *
     * @return this
     */
    public CudaLaggedGridAccumulator withRowStride(int stride) {
        if (stride < size) throw new IllegalArgumentException("row stride " + stride + " < field size " + size);
        if (saves > 0 || counts != null) throw new IllegalStateException("row stride set after the first save");
        this.stride = stride;
        return this;
    }

    private CudaLaggedGridAccumulator(CudaDevice device, Grid grid, Conjugate conjugate, int pixel, int lags, int blocks,
                                      double[] gain, double dcOffset) {
        if (pixel < 0 || pixel >= grid.size()) {
            throw new IllegalArgumentException("pixel = " + pixel + ": must be in 0 … " + (grid.size() - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        this.device = device;
        this.module = KernelModule.load(device, "lagged");
        this.grid = grid;
        this.size = grid.size();
        this.stride = size;
        this.modes = grid.n() * (grid.n() / 2 + 1);
        this.conjugate = conjugate;
        this.pixel = pixel;
        this.lags = lags;
        this.blocks = blocks;
        if (gain == null) {
            gainHalf = offsetHalf = null;
        } else {
            gainHalf = org.scorefdt.integrate.LinearSpectralStep.halfSpectrum(grid, gain);
            offsetHalf = new double[modes];
            offsetHalf[0] = dcOffset;
        }
    }

    /** Whether {@link #observeDevice(DeviceBuffer, int)} can form the conjugate on the device. */
    public boolean conjugateOnDevice() {
        return gainHalf != null || deviceConjugate != null;
    }

    private void start(int m) {
        if (members >= 0) {
            if (m != members) throw new IllegalStateException("saw " + m + " members, earlier saves had " + members);
            return;
        }
        if (run == 0 && m < blocks) {
            throw new IllegalArgumentException("members = " + m + " < blocks = " + blocks
                    + ": every block needs at least one member (use fewer blocks)");
        }
        // The kernel clamps members past the run to the last block: a batch beyond it would add wrong sums silently.
        if (run > 0 && first + m > run) {
            throw new IllegalArgumentException("members " + first + ":" + (first + m) + " of a batch run past the run's " + run + " members");
        }
        observed = true;
        if (sums == null) {
            sums = DeviceBuffer.allocate(device, Dtype.F64, 2L * blocks * lags * modes);
            marg = DeviceBuffer.allocate(device, Dtype.F64, 2L * blocks * lags);
            sums.zero();
            marg.zero();
            counts = new long[blocks * lags];
        }
        real = DeviceBuffer.allocate(device, Dtype.F64, (long) m * size);
        uHat = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);
        bHat = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);
        ring = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * lags * modes);
        ring.zero();
        plan = new CufftPlan2d(device, grid.n(), m, Precision.F64);
        conj = null;
        members = m;
    }

    /**
     * The next saves come from a new batch of members: the ring and the per-member buffers are
     * dropped, the block sums and pair counts kept; under {@link #memberRange} the batch holds the
     * global members after the last batch's ({@link LaggedGridAccumulator#beginMemberBatch}).
     */
    @Override
    public void beginMemberBatch() {
        if (run > 0 && members > 0) first += members;
        releaseBatch();
        saves = 0;
    }

    /** Blocks keyed by global member as {@link LaggedGridAccumulator#memberRange}; the kernel takes the range. */
    @Override
    public void memberRange(long offset, long total) {
        if (observed || members >= 0 || saves > 0) throw new IllegalStateException("memberRange after the first save");
        if (offset < 0 || total < blocks || offset > total) {
            throw new IllegalArgumentException("members from " + offset + " of a run of " + total + " in " + blocks + " blocks");
        }
        first = offset;
        run = total;
    }

    private void releaseBatch() {
        if (plan != null) plan.close();
        plan = null;
        for (DeviceBuffer b : new DeviceBuffer[] {real, uHat, bHat, ring, unit, packed}) {
            if (b != null) b.close();
        }
        real = uHat = bHat = ring = unit = packed = null;
        conj = null;
        members = -1;
    }

    /** The observed fields of {@code states} as [m][N²]: the buffer itself, or its rows packed when they are wider. */
    private DeviceBuffer fields(DeviceBuffer states, int m) {
        if (states.type() != Dtype.F64 || states.elements() < (long) (m - 1) * stride + size) {
            throw new IllegalArgumentException("states: need " + m + " rows of " + stride + " F64 values, buffer has "
                    + states.elements() + " " + states.type());
        }
        if (stride == size) return states;
        if (rows == null) rows = new CudaConjugateKernels(device);
        if (packed == null) packed = DeviceBuffer.allocate(device, Dtype.F64, (long) m * size);
        rows.rowsScale(m, size, states, 0, stride, packed, 0, size, 1.0);
        return packed;
    }

    /**
     * One save with the states on the device ({@code [members][N²]} F64, e.g. the buffer a
     * device-resident integrator advances): r2c of the states, B̂ = g·û + δ_{k0}·c by the mode-update
     * kernel, push, lagged sums. No host copy and no synchronisation.
     *
     * @throws IllegalStateException if this accumulator has no device conjugate ({@link #linear})
     */
    @Override
    public void observeDevice(DeviceBuffer states, int m) {
        if (!conjugateOnDevice()) {
            throw new IllegalStateException("no device conjugate: build the accumulator with linear(…) or withConjugate(…)");
        }
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        start(m);
        DeviceBuffer u = fields(states, m);
        // cuFFT's r2c may overwrite its input: the caller's states (the live state of an ensemble,
        // read again by the integrator and the other observers) are transformed from a copy in
        // `real`, device to device; packed rows are our own scratch and are transformed in place.
        if (deviceConjugate != null) {
            deviceConjugate.apply(u, m, real);
            plan.forward(real, bHat);
            if (u == states) {
                real.copyFromDevice(states, 0, (long) m * size, 0);
                u = real;
            }
            plan.forward(u, uHat);
            accumulate(m);
            return;
        }
        if (gRe == null) {
            spectral = KernelModule.load(device, "spectral");
            gRe = upload(gainHalf);
            zeros = upload(new double[modes]);
            offRe = upload(offsetHalf);
        }
        if (unit == null) {
            unit = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);  // ŵ = 1 at mode 0 of every member
            double[] one = new double[2 * m * modes];
            for (int r = 0; r < m; r++) one[2 * r * modes] = 1;
            unit.copyFrom(one);
        }
        if (u == states) {
            real.copyFromDevice(states, 0, (long) m * size, 0);
            u = real;
        }
        plan.forward(u, uHat);
        bHat.copyFromDevice(uHat, 0, 2L * m * modes, 0);
        spectralUpdateParams.members(m).modes(modes).a_re(gRe.address()).a_im(zeros.address()).b_re(offRe.address())
                .b_im(zeros.address()).u_hat(bHat.address()).w_hat(unit.address());
        spectral.launch("sfdt_spectral_update_f64", ((long) m * modes + THREADS - 1) / THREADS, THREADS, 0, spectralUpdateParams);
        accumulate(m);
    }

    /**
     * One save with both the fields and their conjugates already on the device ({@code [members][N²]}
     * F64 each, contiguous): r2c of each, push, lagged sums — the sums of {@link #observe} with the
     * same values, to FFT rounding. No host copy and no synchronisation; neither buffer is changed
     * (each is transformed from a device copy) and {@code conjugates} may be overwritten afterwards.
     */
    public void observeDevice(DeviceBuffer fields, DeviceBuffer conjugates, int m) {
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        for (DeviceBuffer b : new DeviceBuffer[] {fields, conjugates}) {
            if (b.type() != Dtype.F64 || b.elements() < (long) m * size) {
                throw new IllegalArgumentException("need " + m + " × " + size + " F64 values, buffer has " + b.elements() + " " + b.type());
            }
        }
        start(m);
        // cuFFT's r2c may overwrite its input, and callers hand the same buffers in again
        // (DeviceLaggedFeed): transform device copies in `real`.
        real.copyFromDevice(conjugates, 0, (long) m * size, 0);
        plan.forward(real, bHat);
        real.copyFromDevice(fields, 0, (long) m * size, 0);
        plan.forward(real, uHat);
        accumulate(m);
    }

    private DeviceBuffer upload(double[] v) {
        return DeviceBuffer.upload(device, Dtype.F64, v);
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int m) {
        if (conjugate == null) throw new IllegalStateException("no host Conjugate given: use observeDevice");
        if ((long) m * size > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + m + " × " + size);
        }
        start(m);
        if (conj == null) conj = new double[m * size];
        conjugate.apply(states, conj, m);
        real.copyFrom(conj, 0, m * size, 0);
        plan.forward(real, bHat);
        real.copyFrom(states, 0, m * size, 0);
        plan.forward(real, uHat);
        accumulate(m);
        device.synchronize("sfdt_lagged_modes");  // the host buffers are reused at the next save
    }

    /** Push B̂ into the ring and add this save's lagged products (uHat and bHat hold the save). */
    private void accumulate(int m) {
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        long width = 2L * modes;
        laggedPushParams.members(m).width(width).src_stride(width).src_offset(0).lags(lags).slot(slot).src(bHat.address())
                .ring(ring.address());
        launch("sfdt_lagged_push", m * width, laggedPushParams);
        laggedModeParams.members(m).blocks(blocks).t(saves).modes(modes).lags(lags).max_lag(maxLag).u_hat(uHat.address())
                .ring(ring.address()).sums(sums.address()).marg(marg.address()).first(first).run(run);
        launch("sfdt_lagged_modes", (long) blocks * (maxLag + 1) * modes, laggedModeParams);
        for (int b = 0; b < blocks; b++) {
            long n = blockStart(b + 1L) - blockStart(b);
            for (int tau = 0; tau <= maxLag; tau++) counts[b * lags + tau] += n;
        }
        saves++;
    }

    /** As the kernel's member_batch_block_start (lagged.h) and MemberBlocks: ⌈b·M/B⌉, or ⌈b·T/B⌉ − first clamped to the batch. */
    private long blockStart(long b) {
        if (run == 0) return (b * members + blocks - 1) / blocks;
        return Math.max(0, Math.min(members, (b * run + blocks - 1) / blocks - first));
    }

    private void launch(String fn, long threads, Pointer params) {
        module.launch(fn, (threads + THREADS - 1) / THREADS, THREADS, 0, params);
    }

    /**
     * Σ over blocks of the lagged sums at {@code lag}: 2·N(N/2+1) values (interleaved half spectrum),
     * Σ û(t)·conj B̂(t − lag) over every pair so far (see {@link #pairs}).
     */
    double[] sumsAtLag(int lag) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        if (lag < 0 || lag >= lags) throw new IllegalArgumentException("lag = " + lag + ": must be in 0 … " + (lags - 1));
        double[] s = sums.toArray();
        int width = 2 * modes;
        double[] out = new double[width];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < width; i++) out[i] += s[(b * lags + lag) * width + i];
        }
        return out;
    }

    @Override
    public int lags() {
        return lags;
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public int impulseComponent() {
        return pixel;
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
        return true;
    }

    @Override
    public double[] combine(double[] weights, boolean normalize, boolean centred) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        double[] s = sums.toArray(), mean = centred
                ? BlockWeightedMean.centred(s, marg.toArray(), counts, blocks, lags, 2 * modes, 1, 1, weights, saves)
                : BlockWeightedMean.of(s, counts, blocks, lags, 2 * modes, weights, saves);
        return LaggedGridAccumulator.columnFromHalfSpectra(grid, pixel, lags, mean, normalize, new SpectralTransform(grid),
                new double[2 * size]);
    }

    /** As {@link LaggedGridAccumulator#conjugateMean}. */
    @Override
    public double conjugateMean(double[] weights) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        return BlockWeightedMean.conjugateMean(marg.toArray(), counts, blocks, lags, 1, weights, saves) / size;
    }

    @Override
    public void close() {
        releaseBatch();
        for (DeviceBuffer b : new DeviceBuffer[] {sums, marg, gRe, zeros, offRe}) {
            if (b != null) b.close();
        }
        sums = marg = gRe = zeros = offRe = null;
        if (deviceConjugate != null) deviceConjugate.close();
        deviceConjugate = null;
        if (rows != null) rows.close();
        rows = null;
        laggedModeParams.close();
        laggedPushParams.close();
        spectralUpdateParams.close();
    }
}
