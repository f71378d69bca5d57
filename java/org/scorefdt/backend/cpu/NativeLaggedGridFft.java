package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;

/**
 * The lagged grid sums of {@link NativeLaggedGrid} by FFT over time ({@code sfdt_lagged_fft_push} /
 * {@code _sums}): saves are taken in time blocks of P = {@link #blockLength} saves; when a block is
 * full (or the member batch ends) each member's block of û is cross-correlated with B̂ of its
 * P + L − 1 saves, per mode, by complex FFTs of length F = {@link #fftLength} ≥ P + L − 1 (exact linear
 * correlation, no wrap), summed over each member block in the frequency domain and inverse-transformed
 * once per (block, mode). Work per member, mode and save ≈ (10·F·log₂F + 8F)/P flops against 8L for the
 * direct sums. The same pairs (t, t − τ) of each batch's series as the direct sums, saves before 0
 * having no partner; the sums differ from the direct ones by FFT rounding only (docs/backends.md §1).
 * Reading the sums mid-block adds the partial block to a copy, so the result never depends on when
 * or how often the sums are read, nor on the thread count. Off-heap memory: û of the block,
 * members × h × P, and the B̂ ring, members × h × (L − 1 + P), complex in the run's precision (h =
 * N(N/2+1) modes; at N = 32, 128 members, L = 100, F64: ≈ 0.34 GB, about 2.6× the direct ring), plus
 * the sums B × L half spectra (double) and, after a mid-block read, a second copy of them. Not
 * thread-safe.
 */
public final class NativeLaggedGridFft extends NativeLaggedGridBase {
    private final int blockLength, fftLength;
    private Pointer uBlock, bRing;
    private int filled;
    private long blockFrom;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws org.scorefdt.backend.BackendUnavailableException if the native library cannot be loaded
     */
    public NativeLaggedGridFft(Grid grid, int lags, int blocks, Precision precision, int threads) {
        super(grid, lags, blocks, precision, threads);
        this.fftLength = fftLength(lags);
        this.blockLength = fftLength - lags + 1;
    }

    /**
     * The time transform's length F for L lags: the smallest 2^a·3^b·5^c ≥ 2L − 1 and ≥ L + 15 (FFTW's
     * fast sizes), giving blocks of P = F − L + 1 ≥ max(L, 16) saves: P ≈ L balances the transforms'
     * cost per save, ∝ F·log F / P, against the ring's size L − 1 + P.
     */
    static int fftLength(int lags) {
        int want = Math.max(2 * lags - 1, lags + 15);
        for (int f = want; ; f++) {
            if (fftwFast(f)) return f;
        }
    }

    int blockLength() {
        return blockLength;
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        prepare(members, blockStart);
        if (filled == blockLength) flushPending();
        if (filled == 0) blockFrom = save;
        if (save != blockFrom + filled) throw new IllegalArgumentException("save " + save + " after " + (blockFrom + filled - 1));
        if (filled == 0 && save % blockLength != 0) {
            throw new IllegalArgumentException("save " + save + " starts no time block (a batch counts saves from 0)");
        }
        stage(states, conjugates, blockStart);
        try (ScoreFdtCpu.LaggedFftParams p = params()) {
            p.save(save).states(this.states).conjugates(this.conjugates);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_fft_push(p), "sfdt_lagged_fft_push");
        }
        filled++;
    }

    @Override
    public void sumsInto(double[] into) {
        sumsInto(into, filled > 0, this::addBlock);
    }

    @Override
    public void beginMemberBatch() {
        flushPending();
    }

    /** Adds the current (full, or last of its batch) time block to the sums and starts a new one. */
    @Override
    protected void flushPending() {
        if (filled == 0) return;
        addBlock(sums);
        filled = 0;
    }

    private void addBlock(DoublePointer into) {
        try (ScoreFdtCpu.LaggedFftParams p = params()) {
            p.filled(filled).sums(into).block_start(blockStart);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_fft_sums(p), "sfdt_lagged_fft_sums");
        }
    }

    private ScoreFdtCpu.LaggedFftParams params() {
        return new ScoreFdtCpu.LaggedFftParams().n(n).precision(NativeCpuBackend.precisionCode(precision)).lags(lags)
                .block_len(blockLength).fft_len(fftLength).blocks(blocks).threads(threads).members(members)
                .block_from(blockFrom).u_block(uBlock).b_ring(bRing);
    }

    @Override
    protected void allocateOwn(int members) {
        long series = (long) members * 2 * half;
        long ring = series * (lags - 1 + blockLength), block = series * blockLength;
        uBlock = precision == Precision.F64 ? new DoublePointer(block) : new FloatPointer(block);
        bRing = precision == Precision.F64 ? new DoublePointer(ring) : new FloatPointer(ring);
    }

    @Override
    protected void freeOwn() {
        if (uBlock != null) uBlock.close();
        if (bRing != null) bRing.close();
        uBlock = bRing = null;
    }

    @Override
    public void close() {
        super.close();
        filled = 0;
    }

    @Override
    public String toString() {
        return "native lagged grid sums by FFT over time (" + n + "×" + n + ", " + precision + ", blocks of " + blockLength
                + " saves, F = " + fftLength + ")";
    }
}
