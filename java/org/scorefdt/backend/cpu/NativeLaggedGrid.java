package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridKernel;

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
public final class NativeLaggedGrid implements LaggedGridKernel {
    /** Saves held before their products are added: one pass over the ring serves this many saves. */
    static final int BATCH = 16;

    private final int n, size, half, lags, blocks, slots, threads;
    private final Precision precision;
    private final DoublePointer sums;
    private DoublePointer states, conjugates;
    private Pointer ring, held;
    private LongPointer blockStart;
    private int members = -1, heldCount;
    private long heldFrom;
    private double[] chunk;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws BackendUnavailableException if the native library cannot be loaded
     */
    public NativeLaggedGrid(Grid grid, int lags, int blocks, Precision precision, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        if (lags < 1 || blocks < 1) throw new IllegalArgumentException("lags = " + lags + ", blocks = " + blocks + ": must be >= 1");
        this.n = grid.n();
        this.size = grid.size();
        this.half = n * (n / 2 + 1);
        this.lags = lags;
        this.blocks = blocks;
        this.slots = lags - 1 + BATCH;
        this.precision = precision;
        this.threads = threads;
        this.sums = new DoublePointer((long) blocks * lags * 2 * half).zero();
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        if (members != this.members) allocate(members);
        if (blockStart.length != blocks + 1 || blockStart[blocks] != members) {
            throw new IllegalArgumentException("block starts " + java.util.Arrays.toString(blockStart) + " for " + members
                    + " members in " + blocks + " blocks");
        }
        if (heldCount == BATCH) flush();
        if (heldCount == 0) heldFrom = save;
        if (save != heldFrom + heldCount) throw new IllegalArgumentException("save " + save + " after " + (heldFrom + heldCount - 1));
        int count = members * size;
        this.states.put(states, 0, count);
        this.conjugates.put(conjugates, 0, count);
        for (int b = 0; b <= blocks; b++) this.blockStart.put(b, blockStart[b]);
        try (ScoreFdtCpu.LaggedGridParams p = params()) {
            p.save(save).states(this.states).conjugates(this.conjugates);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_grid_push(p), "sfdt_lagged_grid_push");
        }
        heldCount++;
    }

    @Override
    public void sumsInto(double[] into) {
        flush();
        int width = 2 * half, row = lags * width;
        if (chunk == null) chunk = new double[row];
        for (int b = 0; b < blocks; b++) {
            sums.position((long) b * row).get(chunk, 0, row);
            for (int tau = 0; tau < lags; tau++) {
                int o = tau * width, to = b * row + o;
                for (int k = 0; k < half; k++) {
                    into[to + 2 * k] = chunk[o + k];
                    into[to + 2 * k + 1] = chunk[o + half + k];
                }
            }
        }
        sums.position(0);
    }

    @Override
    public void beginMemberBatch() {
        flush();
    }

    /** Adds the held saves' products to the sums. */
    private void flush() {
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

    private void allocate(int members) {
        flush();
        freeBuffers();
        long spectra = (long) members * 2 * half;
        long count = (long) members * size;
        states = new DoublePointer(count);
        conjugates = new DoublePointer(count);
        ring = precision == Precision.F64 ? new DoublePointer(spectra * slots) : new FloatPointer(spectra * slots);
        held = precision == Precision.F64 ? new DoublePointer(spectra * BATCH) : new FloatPointer(spectra * BATCH);
        blockStart = new LongPointer(blocks + 1);
        this.members = members;
    }

    private void freeBuffers() {
        for (Pointer p : new Pointer[] {states, conjugates, ring, held, blockStart}) {
            if (p != null) p.close();
        }
        states = conjugates = null;
        ring = held = null;
        blockStart = null;
    }

    @Override
    public void close() {
        freeBuffers();
        sums.close();
        members = -1;
        heldCount = 0;
    }

    @Override
    public String toString() {
        return "native lagged grid sums (" + n + "×" + n + ", " + precision + ")";
    }
}
