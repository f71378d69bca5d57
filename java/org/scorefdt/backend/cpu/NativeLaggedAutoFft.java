package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;

/**
 * The field's lagged autocorrelation sums Σ û(t)·conj û(t − τ) ({@link #observeField}) by FFT over
 * time ({@code sfdt_lagged_auto_push} / {@code _sums}, native/cpu/lagged_auto_fft.cpp): time blocks of
 * P = {@link #blockLength} ≥ L − 1 saves and transforms of length 2P, so a block's transform, kept,
 * supplies the earlier partners of the next block by a sign per frequency: one forward transform per
 * member, mode and block, where {@link NativeLaggedGridFft}'s cross sums need two. The same pairs as
 * the direct sums with B = u, to FFT rounding (docs/backends.md §1); reading mid-block adds the partial
 * block to a copy, so the result never depends on when the sums are read, nor on the thread count.
 * Off-heap: the block's û (members × h × P, the run's precision) and the previous block's transforms
 * (members × h × 2P, complex double) — at N = 32, 128 members, L = 100, F64 ≈ 0.32 GB, as
 * {@link NativeLaggedGridFft}'s buffers — plus the sums and, after a mid-block read, a copy of them.
 * Takes no conjugates ({@link #observe} throws). Not thread-safe.
 */
public final class NativeLaggedAutoFft extends NativeLaggedGridBase {
    private static final int MODES = 8;  // sfdt_cpu::kTimeModes: modes per chunk of the layout
    private final int blockLength, chunks;
    private DoublePointer xPrev;
    private Pointer uBlock;
    private int filled;
    private long blockFrom;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws org.scorefdt.backend.BackendUnavailableException if the native library cannot be loaded
     */
    public NativeLaggedAutoFft(Grid grid, int lags, int blocks, Precision precision, int threads) {
        super(grid, lags, blocks, precision, threads);
        this.blockLength = blockLength(lags);
        this.chunks = (half + MODES - 1) / MODES;
    }

    /**
     * P for L lags: the smallest P ≥ max(L − 1, 16) whose 2P is 2^a·3^b·5^c (FFTW's fast sizes). The
     * work per save, ∝ 2P·log(2P)/P, grows only with log P, so the smallest P that reaches every lag
     * is the cheapest; 16 keeps the per-block calls few at small L.
     */
    static int blockLength(int lags) {
        for (int p = Math.max(lags - 1, 16); ; p++) {
            if (fftwFast(2 * p)) return p;
        }
    }

    int blockLength() {
        return blockLength;
    }

    /** @throws IllegalStateException always: these sums take the field alone ({@link #observeField}) */
    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        throw new IllegalStateException("the autocorrelation sums take no conjugates: use observeField");
    }

    @Override
    public void observeField(long save, double[] states, int members, int[] blockStart) {
        prepare(members, blockStart);
        if (filled == blockLength) addBlock(sums, true);
        if (filled == 0) blockFrom = save;
        if (save != blockFrom + filled) throw new IllegalArgumentException("save " + save + " after " + (blockFrom + filled - 1));
        if (filled == 0 && save % blockLength != 0) {
            throw new IllegalArgumentException("save " + save + " starts no time block (a batch counts saves from 0)");
        }
        stage(states, null, blockStart);
        try (ScoreFdtCpu.LaggedAutoParams p = params()) {
            p.save(save).states(this.states);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_auto_push(p), "sfdt_lagged_auto_push");
        }
        filled++;
    }

    @Override
    public void sumsInto(double[] into) {
        sumsInto(into, filled > 0, copy -> {
            try (ScoreFdtCpu.LaggedAutoParams p = params()) {
                p.filled(filled).commit(0).sums(copy).block_start(blockStart);
                NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_auto_sums(p), "sfdt_lagged_auto_sums");
            }
        });
    }

    @Override
    public void beginMemberBatch() {
        flushPending();
    }

    /** Adds the current block (the batch's last, or before buffers change size) to the sums; keeps nothing. */
    @Override
    protected void flushPending() {
        if (filled > 0) addBlock(sums, false);
    }

    /** Adds the block's {@code filled} saves to {@code into}; with {@code commit} (a full block) keeps its transforms. */
    private void addBlock(DoublePointer into, boolean commit) {
        try (ScoreFdtCpu.LaggedAutoParams p = params()) {
            p.filled(filled).commit(commit ? 1 : 0).sums(into).block_start(blockStart);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_auto_sums(p), "sfdt_lagged_auto_sums");
        }
        filled = 0;
    }

    private ScoreFdtCpu.LaggedAutoParams params() {
        return new ScoreFdtCpu.LaggedAutoParams().n(n).precision(NativeCpuBackend.precisionCode(precision)).lags(lags)
                .block_len(blockLength).blocks(blocks).threads(threads).members(members).block_from(blockFrom)
                .u_block(uBlock).x_prev(xPrev);
    }

    @Override
    protected void allocateOwn(int members) {
        long series = (long) members * chunks * 2 * MODES * blockLength;
        uBlock = precision == Precision.F64 ? new DoublePointer(series) : new FloatPointer(series);
        xPrev = new DoublePointer(2 * series);
    }

    @Override
    protected void freeOwn() {
        if (uBlock != null) uBlock.close();
        if (xPrev != null) xPrev.close();
        uBlock = null;
        xPrev = null;
    }

    @Override
    public void close() {
        super.close();
        filled = 0;
    }

    @Override
    public String toString() {
        return "native lagged autocorrelation sums by FFT over time (" + n + "×" + n + ", " + precision + ", blocks of "
                + blockLength + " saves)";
    }
}
