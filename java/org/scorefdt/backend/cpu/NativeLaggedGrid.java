package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;

/**
 * The lagged grid sums on the native CPU library ({@code sfdt_lagged_grid_push} / {@code _sums}):
 * FFTW r2c per member, OpenMP over members for the transforms and over (block, lag) rows for the
 * products. Up to {@link #BATCH} saves are held and then added in one pass over the ring. Off-heap:
 * the ring (members × (L − 1 + BATCH) half spectra), the held spectra (members × BATCH), the fields
 * and conjugates of one save, and the sums (B × L half spectra, double). F64 equals the Java loop to
 * FFT rounding; F32 within the bound of docs/backends.md §1. The reference for {@link NativeLaggedGridFft},
 * which the tier offers instead from L = 32 ({@link LaggedSumsMethod}). Not thread-safe. Design:
 * docs/backends.md §1.
 */
public final class NativeLaggedGrid extends NativeLaggedGridBase {
    /** Saves held before their products are added: one pass over the ring serves this many saves. */
    static final int BATCH = 16;

    private final int slots;
    private Pointer ring, held;
    private int heldCount;
    private long heldFrom;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws org.scorefdt.backend.BackendUnavailableException if the native library cannot be loaded
     */
    public NativeLaggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        super(grid, lags, blocks, precision, threads);
        this.slots = lags - 1 + BATCH;
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        push(save, states, conjugates, members, blockStart);
    }

    /** One transform per member: its spectrum serves as û and as B̂. */
    @Override
    public void observeField(long save, double[] states, int members, int[] blockStart) {
        push(save, states, null, members, blockStart);
    }

    private void push(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        prepare(members, blockStart);
        if (heldCount == BATCH) flushPending();
        if (heldCount == 0) heldFrom = save;
        if (save != heldFrom + heldCount) throw new IllegalArgumentException("save " + save + " after " + (heldFrom + heldCount - 1));
        stage(states, conjugates, blockStart);
        try (ScoreFdtCpu.LaggedGridParams p = params()) {
            p.save(save).states(this.states).conjugates(conjugates == null ? null : this.conjugates);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_grid_push(p), "sfdt_lagged_grid_push");
        }
        heldCount++;
    }

    @Override
    public void sumsInto(double[] into) {
        flushPending();
        copySums(sums, into);
    }

    @Override
    public void beginMemberBatch() {
        flushPending();
    }

    /** Adds the held saves' products to the sums. */
    @Override
    protected void flushPending() {
        if (heldCount == 0) return;
        try (ScoreFdtCpu.LaggedGridParams p = params()) {
            p.held(heldCount).sums(sums).block_start(blockStart);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_grid_sums(p), "sfdt_lagged_grid_sums");
        }
        heldCount = 0;
    }

    private ScoreFdtCpu.LaggedGridParams params() {
        return new ScoreFdtCpu.LaggedGridParams().n(n).precision(NativeCpuBackend.precisionCode(precision)).lags(lags).slots(slots)
                .batch(BATCH).blocks(blocks).threads(threads).members(members).held_from(heldFrom)
                .ring(ring).held_spectra(held);
    }

    @Override
    protected void allocateOwn(int members) {
        long spectra = (long) members * 2 * half;
        ring = precision == Precision.F64 ? new DoublePointer(spectra * slots) : new FloatPointer(spectra * slots);
        held = precision == Precision.F64 ? new DoublePointer(spectra * BATCH) : new FloatPointer(spectra * BATCH);
    }

    @Override
    protected void freeOwn() {
        if (ring != null) ring.close();
        if (held != null) held.close();
        ring = held = null;
    }

    @Override
    public void close() {
        super.close();
        heldCount = 0;
    }

    @Override
    public String toString() {
        return "native lagged grid sums (" + n + "×" + n + ", " + precision + ")";
    }
}
