package org.scorefdt.backend.cuda.response;

import java.util.Arrays;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.LaggedMatrixParams;
import org.scorefdt.response.LaggedMatrixAccumulator;
import org.scorefdt.response.LaggedMatrixKernel;

/**
 * The lagged response-matrix sums of {@link LaggedMatrixAccumulator} on the device, fed from host states
 * ({@code sfdt_lagged_matrix_push} and {@code sfdt_lagged_matrix}, cuda/kernels/lagged.cu): each save
 * uploads the states and conjugates, the push gathers the chosen columns of B into the device ring
 * (members × L × columns), and one thread per (block, lag, i, k) entry adds its block's members in
 * member order through {@code lagged_matrix_cell} (lagged.h), so the F64 sums equal the Java loop's bit
 * for bit. Sums and marginals stay on the device until {@link #sumsInto}. Not thread-safe.
 * Design: docs/systems.md §5.11.
 */
public final class CudaLaggedMatrix implements LaggedMatrixKernel {
    /** The kernel image of the lagged sums (its absence means a build without nvcc). */
    public static final String MODULE = "lagged";

    private final CudaDevice device;
    private final KernelModule module;
    private final int d, cols, lags, blocks;
    private final LaggedMatrixParams params = new LaggedMatrixParams();
    private DeviceBuffer columns;     // I32 [cols]
    private DeviceBuffer sums;        // [block][lag][d][cols]
    private DeviceBuffer marginals;   // [block][lag][d + cols]
    private DeviceBuffer states, conjugates, ring, blockStart;  // per member batch
    private int[] uploadedStarts;     // what blockStart holds
    private int members = -1;

    /** @see LaggedMatrixAccumulator#LaggedMatrixAccumulator */
    public CudaLaggedMatrix(CudaDevice device, int dimension, int[] columns, int lags, int blocks) {
        LaggedMatrixAccumulator.checkColumns(dimension, columns);
        if (lags < 1 || blocks < 1) throw new IllegalArgumentException("lags = " + lags + ", blocks = " + blocks + ": must be >= 1");
        this.device = device;
        this.module = KernelModule.load(device, MODULE);
        this.d = dimension;
        this.cols = columns.length;
        this.lags = lags;
        this.blocks = blocks;
        try {
            this.columns = DeviceBuffer.upload(device, columns);
            this.sums = DeviceBuffer.allocate(device, Dtype.F64, Math.multiplyExact((long) blocks * lags, (long) d * cols));
            this.marginals = DeviceBuffer.allocate(device, Dtype.F64, (long) blocks * lags * (d + cols));
            sums.zero();
            marginals.zero();
        } catch (RuntimeException e) {
            close();  // a failed allocation leaves nothing held
            throw e;
        }
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        if (members < 1) throw new IllegalArgumentException("members = " + members + ": must be >= 1");
        if (blockStart.length != blocks + 1 || blockStart[0] != 0 || blockStart[blocks] != members) {
            throw new IllegalArgumentException("block starts " + Arrays.toString(blockStart) + " for " + members + " members in "
                    + blocks + " blocks");
        }
        if (save < 0) throw new IllegalArgumentException("save = " + save + ": must be >= 0");
        if (members != this.members) startBatch(members);
        if (!Arrays.equals(blockStart, uploadedStarts)) {
            this.blockStart.copyFrom(blockStart);
            uploadedStarts = blockStart.clone();
        }
        int count = members * d;
        this.states.copyFrom(states, 0, count, 0);
        this.conjugates.copyFrom(conjugates, 0, count, 0);
        int maxLag = (int) Math.min(lags - 1, save);
        params.members(members).t(save).d(d).cols(cols).lags(lags).max_lag(maxLag).blocks(blocks)
                .columns(columns.address()).block_start(this.blockStart.address()).x(this.states.address())
                .conj(this.conjugates.address()).ring(ring.address()).sums(sums.address()).marg(marginals.address());
        module.launch("sfdt_lagged_matrix_push", (long) members * cols, params);
        module.launch("sfdt_lagged_matrix", (long) blocks * (maxLag + 1) * d * cols, params);
    }

    /** Staging and ring for a new member batch (the ring holds one batch's saves only: τ ≤ save). */
    private void startBatch(int members) {
        freeBatch();
        long count = (long) members * d;
        states = DeviceBuffer.allocate(device, Dtype.F64, count);
        conjugates = DeviceBuffer.allocate(device, Dtype.F64, count);
        ring = DeviceBuffer.allocate(device, Dtype.F64, (long) members * lags * cols);
        blockStart = DeviceBuffer.allocate(device, Dtype.I32, blocks + 1L);
        this.members = members;
    }

    @Override
    public void sumsInto(double[] sums, double[] marginals) {
        this.sums.copyTo(sums, 0, blocks * lags * d * cols, 0);
        this.marginals.copyTo(marginals, 0, blocks * lags * (d + cols), 0);
    }

    @Override
    public void beginMemberBatch() {
        freeBatch();
    }

    private void freeBatch() {
        DeviceBuffer.closeAll(states, conjugates, ring, blockStart);
        states = conjugates = ring = blockStart = null;
        uploadedStarts = null;
        members = -1;
    }

    @Override
    public void close() {
        freeBatch();
        DeviceBuffer.closeAll(columns, sums, marginals);
        columns = sums = marginals = null;
        params.close();
    }

    @Override
    public String toString() {
        return "CUDA lagged matrix sums (d = " + d + ", " + cols + " columns)";
    }
}
