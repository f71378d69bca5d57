package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.response.LaggedMatrixAccumulator;
import org.scorefdt.response.LaggedMatrixKernel;

/**
 * The lagged response-matrix sums on the native CPU library ({@code sfdt_lagged_matrix_add},
 * native/cpu/lagged_matrix.cpp): one call per save, OpenMP over (block, lag) rows, F64, equal to
 * {@link LaggedMatrixAccumulator}'s Java loop bit for bit. Off-heap: the ring (members × L × columns),
 * one save's states and conjugates, the sums (B × L × d × columns) and marginals (B × L × (d + columns)).
 * Not thread-safe. Design: docs/systems.md §5.11.
 */
public final class NativeLaggedMatrix implements LaggedMatrixKernel {
    private final int d, cols, lags, blocks, threads;
    private final IntPointer columns;
    private final DoublePointer sums, marginals;
    private final ScoreFdtCpu.LaggedMatrixParams params = new ScoreFdtCpu.LaggedMatrixParams();
    private DoublePointer ring, states, conjugates;
    private LongPointer blockStart;
    private int members = -1;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws BackendUnavailableException if the native library cannot be loaded
     */
    public NativeLaggedMatrix(int dimension, int[] columns, int lags, int blocks, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        LaggedMatrixAccumulator.checkColumns(dimension, columns);
        if (lags < 1 || blocks < 1) throw new IllegalArgumentException("lags = " + lags + ", blocks = " + blocks + ": must be >= 1");
        this.d = dimension;
        this.cols = columns.length;
        this.lags = lags;
        this.blocks = blocks;
        this.threads = threads;
        this.columns = new IntPointer(cols).put(columns, 0, cols);
        this.sums = new DoublePointer((long) blocks * lags * d * cols).zero();
        this.marginals = new DoublePointer((long) blocks * lags * (d + cols)).zero();
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        if (members != this.members) resize(members);
        if (blockStart.length != blocks + 1 || blockStart[blocks] != members) {
            throw new IllegalArgumentException("block starts " + java.util.Arrays.toString(blockStart) + " for " + members
                    + " members in " + blocks + " blocks");
        }
        int count = members * d;
        this.states.put(states, 0, count);
        this.conjugates.put(conjugates, 0, count);
        for (int b = 0; b <= blocks; b++) this.blockStart.put(b, blockStart[b]);
        params.d(d).cols(cols).columns(columns).lags(lags).blocks(blocks).threads(threads).members(members)
                .block_start(this.blockStart).save(save).states(this.states).conjugates(this.conjugates).ring(ring)
                .sums(sums).marginals(marginals);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_lagged_matrix_add(params), "sfdt_lagged_matrix_add");
    }

    /** New staging and ring for another member count (the ring holds one batch's saves only). */
    private void resize(int members) {
        freeBatch();
        long count = (long) members * d;
        states = new DoublePointer(count);
        conjugates = new DoublePointer(count);
        ring = new DoublePointer((long) members * lags * cols);
        blockStart = new LongPointer(blocks + 1);
        this.members = members;
    }

    @Override
    public void sumsInto(double[] sums, double[] marginals) {
        this.sums.get(sums, 0, blocks * lags * d * cols);
        this.marginals.get(marginals, 0, blocks * lags * (d + cols));
    }

    /** Saves restart at 0; the ring's old entries are never read before being overwritten (τ ≤ save). */
    @Override
    public void beginMemberBatch() {
        members = -1;
        freeBatch();
    }

    private void freeBatch() {
        for (org.bytedeco.javacpp.Pointer p : new org.bytedeco.javacpp.Pointer[] {states, conjugates, ring, blockStart}) {
            if (p != null) p.close();
        }
        states = conjugates = ring = null;
        blockStart = null;
    }

    @Override
    public void close() {
        freeBatch();
        members = -1;
        sums.close();
        marginals.close();
        columns.close();
        params.close();
    }

    @Override
    public String toString() {
        return "native lagged matrix sums (d = " + d + ", " + cols + " columns)";
    }
}
