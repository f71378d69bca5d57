package org.scorefdt.backend.cuda;

import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedAccumulator;
import org.scorefdt.response.LaggedGridAccumulator;

/**
 * {@link LaggedGridAccumulator} with the per-save work on the device: each save's states and
 * conjugates are transformed by one batched cuFFT r2c each, the conjugate half spectra go into a
 * device ring of the last L saves, and one thread per (block, lag, mode) adds û(t)·conj B̂(t−τ) over
 * its block's members in member order ({@code lagged.h}). The final step (Hermitian expansion,
 * inverse FFT, shift) is the Java accumulator's own
 * ({@link LaggedGridAccumulator#columnFromHalfSpectra}). Results equal the Java accumulator's to FFT
 * rounding (cuFFT vs JTransforms), not bitwise.
 *
 * <p>Device memory: the ring holds M·L half spectra (M·L·N(N+2) doubles: 110 MB for M = 128,
 * L = 100, N = 32) plus two per member for the transforms; allocation failures name the size. Not
 * thread-safe.
 */
public final class CudaLaggedGridAccumulator implements LaggedAccumulator, AutoCloseable {
    private static final int THREADS = 256;

    private final CudaDevice device;
    private final KernelModule module;
    private final Grid grid;
    private final int size, modes, pixel, lags, blocks;
    private final Conjugate conjugate;
    private final KernelArgs args = new KernelArgs();
    private int members = -1;
    private long[] counts;
    private double[] conj;
    private DeviceBuffer real, uHat, bHat, ring, sums;
    private CufftPlan2d plan;
    private long saves;

    /** @see LaggedGridAccumulator#LaggedGridAccumulator */
    public CudaLaggedGridAccumulator(CudaDevice device, Grid grid, Conjugate conjugate, int pixel, int lags, int blocks) {
        if (pixel < 0 || pixel >= grid.size()) {
            throw new IllegalArgumentException("pixel = " + pixel + ": must be in 0 … " + (grid.size() - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        this.device = device;
        this.module = KernelModule.load(device, "lagged");
        this.grid = grid;
        this.size = grid.size();
        this.modes = grid.n() * (grid.n() / 2 + 1);
        this.conjugate = conjugate;
        this.pixel = pixel;
        this.lags = lags;
        this.blocks = blocks;
    }

    private void start(int m) {
        if (members >= 0) {
            if (m != members) throw new IllegalStateException("saw " + m + " members, earlier saves had " + members);
            return;
        }
        if (m < blocks) {
            throw new IllegalArgumentException("members = " + m + " < blocks = " + blocks
                    + ": every block needs at least one member (use fewer blocks)");
        }
        real = DeviceBuffer.allocate(device, Dtype.F64, (long) m * size);
        uHat = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);
        bHat = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);
        ring = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * lags * modes);
        sums = DeviceBuffer.allocate(device, Dtype.F64, 2L * blocks * lags * modes);
        ring.zero();
        sums.zero();
        plan = new CufftPlan2d(device, grid.n(), m, Precision.F64);
        counts = new long[blocks * lags];
        conj = new double[m * size];
        members = m;
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int m) {
        if ((long) m * size > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + m + " × " + size);
        }
        start(m);
        conjugate.apply(states, conj, m);
        real.copyFrom(conj, 0, m * size, 0);
        plan.forward(real, bHat);
        real.copyFrom(states, 0, m * size, 0);
        plan.forward(real, uHat);
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        long width = 2L * modes;
        KernelStructs.laggedPush(args, m, width, width, 0, lags, slot, bHat.address(), ring.address());
        launch("sfdt_lagged_push", m * width);
        KernelStructs.laggedModes(args, m, blocks, saves, modes, lags, maxLag, uHat.address(), ring.address(), sums.address());
        launch("sfdt_lagged_modes", (long) blocks * (maxLag + 1) * modes);
        device.synchronize("sfdt_lagged_modes");  // the host buffers are reused at the next save
        for (int b = 0; b < blocks; b++) {
            long n = blockStart(b + 1L) - blockStart(b);
            for (int tau = 0; tau <= maxLag; tau++) counts[b * lags + tau] += n;
        }
        saves++;
    }

    private long blockStart(long b) {
        return (b * members + blocks - 1) / blocks;  // MemberBlocks: ⌈b·M/B⌉
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
        if (counts == null) return 0;
        long n = 0;
        for (int b = 0; b < blocks; b++) n += counts[b * lags + lag];
        return n;
    }

    @Override
    public boolean canNormalize() {
        return true;
    }

    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (counts == null) throw new IllegalStateException("nothing observed yet");
        if (weights.length != blocks) throw new IllegalArgumentException(weights.length + " weights for " + blocks + " blocks");
        double[] s = sums.toArray();
        int width = 2 * modes;
        double[] mean = new double[lags * width];
        for (int tau = 0; tau < lags; tau++) {
            double n = 0;
            for (int b = 0; b < blocks; b++) {
                if (weights[b] == 0) continue;
                n += weights[b] * counts[b * lags + tau];
                int base = (b * lags + tau) * width;
                for (int i = 0; i < width; i++) mean[tau * width + i] += weights[b] * s[base + i];
            }
            if (!(n > 0)) throw new IllegalStateException("lag " + tau + " has no pairs (run has " + saves + " saves)");
            for (int i = 0; i < width; i++) mean[tau * width + i] /= n;
        }
        return LaggedGridAccumulator.columnFromHalfSpectra(grid, pixel, lags, mean, normalize, new SpectralTransform(grid),
                new double[2 * size]);
    }

    @Override
    public void close() {
        if (plan != null) plan.close();
        plan = null;
        for (DeviceBuffer b : new DeviceBuffer[] {real, uHat, bHat, ring, sums}) {
            if (b != null) b.close();
        }
        real = uHat = bHat = ring = sums = null;
        args.close();
    }
}
