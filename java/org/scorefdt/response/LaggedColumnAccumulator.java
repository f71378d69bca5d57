package org.scorefdt.response;

/**
 * Streaming GFDT column for a low-dimensional state, the covariance H_i(τ) = ⟨x_i(t+τ) B_j(x(t))⟩ −
 * x̄_i B̄_j for the impulse at j (means over lag τ's pairs, docs/numerics.md §5), with B from a
 * {@link Conjugate}, averaged over members and saves with true pair counts. The
 * {@link #cyclic} option, for a ring of d components whose law is invariant under cyclic shifts (the
 * caller asserts the symmetry), also averages over all impulse positions:
 * H_i(τ) = (1/d) Σ_j ⟨x_{(i − j₀ + j) mod d}(t+τ) B_j(x(t))⟩ − x̄ B̄, every (member, save, position) a
 * pair, centred on the means over the ring.
 * {@link #canNormalize()} is false (one column only). Not thread-safe. Memory and cost:
 * docs/systems.md §5.7.
 */
public final class LaggedColumnAccumulator implements LaggedAccumulator {
    private final int d, component, lags, blocks, ringWidth;
    private final boolean cyclic;
    private final Conjugate conjugate;
    private MemberBlocks split;
    private double[] ring;   // [member][L][ringWidth]: B_j (cyclic: all of B) at save t in slot t mod L
    private double[] conj;   // [member][d] scratch
    private BlockSums sums;  // [block][lag][d]: component i, or (cyclic) offset k = i − j (mod d); A = x_i (cyclic Σ_i x_i)
    private long saves;
    private long rangeOffset, rangeTotal = -1;  // global members (memberRange), or −1: the batch is the whole run

    /**
     * @param dimension state dimension d
     * @param conjugate B, e.g. {@link Conjugate#negativeScore}
     * @param component impulse component j
     * @param lags      L ≥ 1
     * @param blocks    member blocks B ≥ 1 (≥ 2 for error bars)
     */
    public LaggedColumnAccumulator(int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        this(dimension, conjugate, component, lags, blocks, false);
    }

    /** The column averaged over impulse positions on a ring; {@code component} is j₀, the position it is reported for. */
    public static LaggedColumnAccumulator cyclic(int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        return new LaggedColumnAccumulator(dimension, conjugate, component, lags, blocks, true);
    }

    private LaggedColumnAccumulator(int dimension, Conjugate conjugate, int component, int lags, int blocks, boolean cyclic) {
        checkShape(dimension, component, lags, blocks);
        if (conjugate == null) throw new IllegalArgumentException("conjugate must be given");
        this.d = dimension;
        this.conjugate = conjugate;
        this.component = component;
        this.lags = lags;
        this.blocks = blocks;
        this.cyclic = cyclic;
        this.ringWidth = cyclic ? dimension : 1;
    }

    /** The argument checks of every column accumulator (host and device). */
    public static void checkShape(int dimension, int component, int lags, int blocks) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        if (component < 0 || component >= dimension) {
            throw new IllegalArgumentException("component = " + component + ": must be in 0 … " + (dimension - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
    }

    /** Whether the column is averaged over impulse positions. */
    public boolean isCyclic() {
        return cyclic;
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (split == null) {
            split = rangeTotal < 0 ? new MemberBlocks(members, blocks) : new MemberBlocks(members, blocks, rangeOffset, rangeTotal);
            ring = new double[members * lags * ringWidth];
            conj = new double[members * d];
            sums = new BlockSums(blocks, lags, d, cyclic ? 1 : d);
        } else if (members != split.members()) {
            throw new IllegalStateException("saw " + members + " members, earlier saves had " + split.members());
        }
        if ((long) members * d > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + members + " × " + d);
        }
        conjugate.apply(states, conj, members);
        int slot = (int) (saves % lags);
        for (int m = 0; m < members; m++) {
            System.arraycopy(conj, m * d + (cyclic ? 0 : component), ring, (m * lags + slot) * ringWidth, ringWidth);
        }
        int maxLag = (int) Math.min(lags - 1, saves);
        for (int b = 0; b < blocks; b++) {
            int from = split.start(b), to = split.end(b);
            double[] acc = sums.sums, mg = sums.marginals;
            for (int m = from; m < to; m++) {
                int xo = m * d;
                for (int tau = 0; tau <= maxLag; tau++) {
                    // x(t) pairs with B(t−τ): this save is the "t+τ" end of lag τ.
                    int bo = (m * lags + (int) ((saves - tau) % lags)) * ringWidth, base = (b * lags + tau) * d;
                    int mo = (b * lags + tau) * (sums.wa + 1);
                    if (!cyclic) {
                        double bj = ring[bo];
                        for (int i = 0; i < d; i++) {
                            acc[base + i] += states[xo + i] * bj;
                            mg[mo + i] += states[xo + i];
                        }
                        mg[mo + d] += bj;
                        continue;
                    }
                    for (int j = 0; j < d; j++) {
                        double bj = ring[bo + j];
                        // offset k = i − j: x_{j+k} for k = 0 … d−1, split where the index wraps.
                        int wrap = d - j;
                        for (int k = 0; k < wrap; k++) acc[base + k] += states[xo + j + k] * bj;
                        for (int k = wrap; k < d; k++) acc[base + k] += states[xo + j + k - d] * bj;
                        mg[mo] += states[xo + j];
                        mg[mo + 1] += bj;
                    }
                }
            }
            sums.count(b, maxLag, (long) (to - from) * ringWidth);
        }
        saves++;
    }

    @Override
    public void memberRange(long offset, long total) {
        if (split != null) throw new IllegalStateException("memberRange after the first save");
        new MemberBlocks(0, blocks, offset, total);  // checks the range
        rangeOffset = offset;
        rangeTotal = total;
    }

    @Override
    public LaggedSums exportSums() {
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        return LaggedSums.of(sums, saves);
    }

    @Override
    public void importSums(LaggedSums s) {
        int wa = cyclic ? 1 : d;
        if (s.lags() != lags || s.width() != d || s.marginalWidth() != wa + 1 || s.totalBlocks() != blocks) {
            throw new IllegalArgumentException("sums of " + s.shape() + " for a column accumulator of " + blocks + " blocks × " + lags
                    + " lags × " + d);
        }
        sums = s.toBlockSums(wa);
        saves = s.saves();
    }

    @Override
    public int lags() {
        return lags;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int impulseComponent() {
        return component;
    }

    @Override
    public int blocks() {
        return blocks;
    }

    /** Pairs at this lag (cyclic: every (member, save, impulse position) triple). */
    @Override
    public long pairs(int lag) {
        return sums == null ? 0 : sums.pairs(lag);
    }

    @Override
    public boolean canNormalize() {
        return false;
    }

    /** Combines only read the host sums. */
    @Override
    public boolean concurrentCombine() {
        return true;
    }

    @Override
    public double[] combine(double[] weights, boolean normalize, boolean centred) {
        if (normalize) throw new UnsupportedOperationException(NO_NORMALIZATION);
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        return finish(sums.combine(weights, saves, centred, d), cyclic, component, lags, d);
    }

    @Override
    public double conjugateMean(double[] weights) {
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        return sums.conjugateMean(weights, saves);
    }

    /** Why a column accumulator (host or device) refuses {@code normalize = true}. */
    public static final String NO_NORMALIZATION = "normalisation needs the lag-0 matrix; a low-dimensional column"
            + " accumulator holds one column only (normalise on grids)";

    /** The column from the weighted mean sums of a column accumulator (host or device): cyclic, H_i(τ) at offset (i − j₀) mod d. */
    public static double[] finish(double[] mean, boolean cyclic, int component, int lags, int d) {
        if (!cyclic) return mean;
        double[] out = new double[lags * d];
        for (int tau = 0; tau < lags; tau++) {
            for (int i = 0; i < d; i++) out[tau * d + i] = mean[tau * d + Math.floorMod(i - component, d)];
        }
        return out;
    }
}
