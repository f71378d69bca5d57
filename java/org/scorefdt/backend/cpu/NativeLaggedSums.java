package org.scorefdt.backend.cpu;

import java.util.Arrays;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridKernel;

/**
 * The native tier's lagged grid sums as {@link LaggedSumsMethod} picks them for L lags: cross sums
 * ({@link #observe}) by {@link NativeLaggedGrid} or {@link NativeLaggedGridFft}, the field's
 * autocorrelation ({@link #observeField}) by {@link NativeLaggedGrid} (one transform per member) or
 * {@link NativeLaggedAutoFft}. The kernel is made at the first save, so its buffers are those of the
 * way it is fed; feeding it the other way afterwards throws. Not thread-safe.
 */
final class NativeLaggedSums implements LaggedGridKernel {
    private final Grid grid;
    private final int lags, blocks, threads;
    private final Precision precision;
    private final LaggedSumsMethod method;
    private LaggedGridKernel kernel;
    private boolean field;

    /** @throws org.scorefdt.backend.BackendUnavailableException if the native library cannot be loaded */
    NativeLaggedSums(Grid grid, int lags, int blocks, Precision precision, int threads) {
        NativeLaggedGridBase.loadLibrary();
        if (lags < 1 || blocks < 1) throw new IllegalArgumentException("lags = " + lags + ", blocks = " + blocks + ": must be >= 1");
        this.grid = grid;
        this.lags = lags;
        this.blocks = blocks;
        this.precision = precision;
        this.threads = threads;
        this.method = LaggedSumsMethod.chosen(lags);
    }

    private LaggedGridKernel kernel(boolean field) {
        if (kernel == null) {
            this.field = field;
            if (method == LaggedSumsMethod.DIRECT) kernel = new NativeLaggedGrid(grid, lags, blocks, precision, threads);
            else if (field) kernel = new NativeLaggedAutoFft(grid, lags, blocks, precision, threads);
            else kernel = new NativeLaggedGridFft(grid, lags, blocks, precision, threads);
        } else if (field != this.field) {
            throw new IllegalStateException("these sums were fed " + (this.field ? "fields alone" : "conjugates") + " so far");
        }
        return kernel;
    }

    @Override
    public void observe(long save, double[] states, double[] conjugates, int members, int[] blockStart) {
        kernel(false).observe(save, states, conjugates, members, blockStart);
    }

    @Override
    public void observeField(long save, double[] states, int members, int[] blockStart) {
        kernel(true).observeField(save, states, members, blockStart);
    }

    @Override
    public void sumsInto(double[] sums) {
        if (kernel == null) Arrays.fill(sums, 0);
        else kernel.sumsInto(sums);
    }

    @Override
    public void beginMemberBatch() {
        if (kernel != null) kernel.beginMemberBatch();
    }

    @Override
    public void close() {
        if (kernel != null) kernel.close();
        kernel = null;
    }

    @Override
    public String toString() {
        return kernel != null ? kernel.toString() : "native lagged grid sums (" + grid.n() + "×" + grid.n() + ", " + precision + ", "
                + method.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
