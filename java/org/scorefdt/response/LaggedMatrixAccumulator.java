package org.scorefdt.response;

import org.scorefdt.ensemble.Observer;

/**
 * Streaming GFDT matrix for a low-dimensional state: for every chosen impulse column j (B_j from one
 * {@link Conjugate} evaluation per save, all d components at once) and every component i, the
 * covariance H_ij(τ) = ⟨x_i(t+τ) B_j(x(t))⟩ − x̄_i B̄_j (means over lag τ's pairs, docs/numerics.md §5),
 * with true pair counts and per-member-block sums ({@link BlockSums}) for error bars, as
 * {@link LaggedColumnAccumulator} does for one column — whose sums column j's equal bit for bit. The
 * per-save products run on the tier {@link ResponseKernels#laggedMatrix} offers (same sums, bit for
 * bit), else in this class's loop. Not thread-safe. Design and memory: docs/systems.md §5.11.
 */
public final class LaggedMatrixAccumulator implements Observer, AutoCloseable {
    private final int d, lags, blocks, cols;
    private final int[] columns;
    private final Conjugate conjugate;
    private final LaggedMatrixKernel kernel;  // null: the Java loop below
    private boolean kernelSums;               // the kernel's sums are newer than `sums`
    private MemberBlocks split;
    private double[] ring;   // Java loop: [member][L][cols] B_j at save t in slot t mod L
    private double[] conj;   // [member][d] scratch
    private int[] start;     // block starts for the kernel
    private BlockSums sums;  // [block][lag][d][cols]; marginals [block][lag][d + cols]
    private long saves;
    private long rangeOffset, rangeTotal = -1;  // global member blocks (memberRange); -1: the batch is the run
    private boolean observed;                 // any save of any batch: beginMemberBatch clears the per-batch state only

    /**
     * @param dimension state dimension d
     * @param conjugate B, e.g. {@link Conjugate#negativeScore}
     * @param columns   impulse components j, distinct, each in 0 … d−1 (at least one)
     * @param lags      L ≥ 1
     * @param blocks    member blocks B ≥ 1 (≥ 2 for error bars)
     * @param kernels   where the per-save sums run ({@link ResponseKernels#REFERENCE}: here)
     * @param threads   the kernel's threads, 0 for all
     */
    public LaggedMatrixAccumulator(int dimension, Conjugate conjugate, int[] columns, int lags, int blocks,
                                   ResponseKernels kernels, int threads) {
        checkColumns(dimension, columns);
        for (int j : columns) LaggedColumnAccumulator.checkShape(dimension, j, lags, blocks);
        if (conjugate == null) throw new IllegalArgumentException("conjugate must be given");
        this.d = dimension;
        this.columns = columns.clone();
        this.cols = columns.length;
        this.conjugate = conjugate;
        this.lags = lags;
        this.blocks = blocks;
        this.sums = new BlockSums(blocks, lags, d * cols, d, cols);
        this.kernel = kernels.laggedMatrix(dimension, this.columns, lags, blocks, threads).value();
    }

    /** Every column 0 … d−1, on this class's own loop. */
    public LaggedMatrixAccumulator(int dimension, Conjugate conjugate, int lags, int blocks) {
        this(dimension, conjugate, allColumns(dimension), lags, blocks, ResponseKernels.REFERENCE, 0);
    }

    /** 0 … d−1. */
    public static int[] allColumns(int dimension) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        int[] all = new int[dimension];
        for (int j = 0; j < dimension; j++) all[j] = j;
        return all;
    }

    /** The column checks of every matrix (accumulator, kernel, truth). */
    public static void checkColumns(int dimension, int[] columns) {
        if (columns == null || columns.length == 0) throw new IllegalArgumentException("columns: at least one impulse component needed");
        boolean[] seen = new boolean[Math.max(dimension, 0)];
        for (int j : columns) {
            if (j < 0 || j >= dimension) throw new IllegalArgumentException("column " + j + ": must be in 0 … " + (dimension - 1));
            if (seen[j]) throw new IllegalArgumentException("column " + j + " is chosen twice");
            seen[j] = true;
        }
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (split == null) {
            split = rangeTotal < 0 ? new MemberBlocks(members, blocks) : new MemberBlocks(members, blocks, rangeOffset, rangeTotal);
            observed = true;
            conj = new double[members * d];
            if (kernel == null) ring = new double[members * lags * cols];
            start = new int[blocks + 1];
            for (int b = 0; b <= blocks; b++) start[b] = split.start(b);
        } else if (members != split.members()) {
            throw new IllegalStateException("saw " + members + " members, earlier saves had " + split.members());
        }
        if ((long) members * d > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + members + " × " + d);
        }
        conjugate.apply(states, conj, members);
        int maxLag = (int) Math.min(lags - 1, saves);
        if (kernel != null) {
            kernel.observe(saves, states, conj, members, start);
            kernelSums = true;
        } else {
            accumulate(states, members, maxLag);
        }
        for (int b = 0; b < blocks; b++) sums.count(b, maxLag, split.end(b) - split.start(b));
        saves++;
    }

    /** One save: per block, member, lag and component, x_i(t)·B_k(t − τ) for every column k (the kernel's order). */
    private void accumulate(double[] states, int members, int maxLag) {
        int slot = (int) (saves % lags), w = d * cols, wm = d + cols;
        for (int m = 0; m < members; m++) {
            for (int k = 0; k < cols; k++) ring[(m * lags + slot) * cols + k] = conj[m * d + columns[k]];
        }
        double[] acc = sums.sums, mg = sums.marginals;
        for (int b = 0; b < blocks; b++) {
            for (int m = split.start(b); m < split.end(b); m++) {
                int xo = m * d;
                for (int tau = 0; tau <= maxLag; tau++) {
                    // x(t) pairs with B(t−τ): this save is the "t+τ" end of lag τ.
                    int bo = (m * lags + (int) ((saves - tau) % lags)) * cols, base = (b * lags + tau) * w, mo = (b * lags + tau) * wm;
                    for (int i = 0; i < d; i++) {
                        double xi = states[xo + i];
                        for (int k = 0; k < cols; k++) acc[base + i * cols + k] += xi * ring[bo + k];
                        mg[mo + i] += xi;
                    }
                    for (int k = 0; k < cols; k++) mg[mo + d + k] += ring[bo + k];
                }
            }
        }
    }

    /**
     * The next saves come from a new batch of independent members: no pair spans the two batches; the
     * sums and counts are kept. Under {@link #memberRange} the batch holds the global members after
     * the last batch's, as {@link LaggedGridAccumulator#beginMemberBatch}; without it (≥ blocks
     * members) it is split over all blocks alone.
     */
    public void beginMemberBatch() {
        if (kernel != null) kernel.beginMemberBatch();
        if (split != null && rangeTotal >= 0) rangeOffset += split.members();
        split = null;
        ring = null;
        conj = null;
        saves = 0;
    }

    /**
     * The members observed are global members {@code offset} … of a run of {@code total}: blocks are that
     * run's ({@link MemberBlocks}, docs/formats.md §9), so a part's block sums are the whole run's, as
     * {@link LaggedAccumulator#memberRange}; later member batches continue the range. Call before the first save.
     */
    public void memberRange(long offset, long total) {
        if (observed) throw new IllegalStateException("memberRange after the first save");
        new MemberBlocks(0, blocks, offset, total);  // checks the range
        rangeOffset = offset;
        rangeTotal = total;
    }

    /** The raw block sums (every block; those outside this part's range are empty), as {@link LaggedAccumulator#exportSums}. */
    public LaggedSums exportSums() {
        if (saves == 0 && sums.pairs(0) == 0) throw new IllegalStateException("nothing observed yet");
        sync();
        return LaggedSums.of(sums, saves);
    }

    /**
     * Restores merged sums ({@link LaggedSums#merge}); the estimates are then the unsplit run's bit for
     * bit. Nothing may be observed afterwards.
     */
    public void importSums(LaggedSums s) {
        if (s.lags() != lags || s.width() != d * cols || s.marginalWidth() != d + cols || s.totalBlocks() != blocks) {
            throw new IllegalArgumentException("sums of " + s.shape() + " for a matrix accumulator of " + blocks + " blocks × " + lags
                    + " lags × " + d + " × " + cols);
        }
        sums = s.toBlockSums(d);
        saves = s.saves();
        kernelSums = false;
    }

    public int lags() {
        return lags;
    }

    public int dimension() {
        return d;
    }

    /** The impulse components of the columns, in column order. */
    public int[] columns() {
        return columns.clone();
    }

    public int blocks() {
        return blocks;
    }

    /** Pairs at this lag, all blocks together (each pair serves every entry). */
    public long pairs(int lag) {
        return sums.pairs(lag);
    }

    /**
     * The estimate from a weighted combination of blocks, as {@link LaggedAccumulator#combine}.
     *
     * @return {@code [lags][d][columns]}
     */
    public double[] combine(double[] weights, boolean centred) {
        if (saves == 0 && sums.pairs(0) == 0) throw new IllegalStateException("nothing observed yet");
        sync();
        return sums.combineOuter(weights, saves, centred);
    }

    /** B̄_j per column over the pairs of lag 0 under these block weights (−⟨s_j⟩ for B = −s). */
    public double[] conjugateMeans(double[] weights) {
        if (saves == 0 && sums.pairs(0) == 0) throw new IllegalStateException("nothing observed yet");
        sync();
        return sums.conjugateMeans(weights, saves);
    }

    private void sync() {
        if (kernelSums) {
            kernel.sumsInto(sums.sums, sums.marginals);
            kernelSums = false;
        }
    }

    /** Whether a tier's kernel does the per-save sums (false: this class's loop). */
    public boolean onKernel() {
        return kernel != null;
    }

    /** Frees the tier's kernel, if one was offered; the estimates stay readable only before. */
    @Override
    public void close() {
        if (kernel != null) kernel.close();
    }
}
