package org.scorefdt.response;

/**
 * Streaming GFDT column for a state on a ring of d components with cyclic symmetry, averaged over
 * all impulse positions, H_i(τ) = (1/d) Σ_j ⟨x_{(i − j₀ + j) mod d}(t+τ) B_j(x(t))⟩ with B from a
 * {@link Conjugate}; the caller asserts the symmetry. Not thread-safe; cannot be normalised. Design,
 * memory and cost: docs/systems.md §5.3 and §5.7.
 */
public final class CyclicColumnAccumulator implements LaggedAccumulator {
    private final int d, component, lags, blocks;
    private final Conjugate conjugate;
    private MemberBlocks split;
    private double[] ring;   // [member][L][d]: B(t) stored in slot t mod L
    private double[] conj;   // [member][d] scratch
    private BlockSums sums;  // [block][lag][offset k = i − j (mod d)]
    private long saves;

    /**
     * @param dimension d ≥ 1 components on the ring
     * @param conjugate B, e.g. {@link Conjugate#negativeScore}
     * @param component j₀, the impulse position the column is reported for
     * @param lags      L ≥ 1
     * @param blocks    member blocks B ≥ 1 (≥ 2 for error bars)
     */
    public CyclicColumnAccumulator(int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        if (component < 0 || component >= dimension) {
            throw new IllegalArgumentException("component = " + component + ": must be in 0 … " + (dimension - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        if (conjugate == null) throw new IllegalArgumentException("conjugate must be given");
        this.d = dimension;
        this.conjugate = conjugate;
        this.component = component;
        this.lags = lags;
        this.blocks = blocks;
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (split == null) {
            split = new MemberBlocks(members, blocks);
            ring = new double[members * lags * d];
            conj = new double[members * d];
            sums = new BlockSums(blocks, lags, d);
        } else if (members != split.members()) {
            throw new IllegalStateException("saw " + members + " members, earlier saves had " + split.members());
        }
        if ((long) members * d > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + members + " × " + d);
        }
        conjugate.apply(states, conj, members);
        int slot = (int) (saves % lags);
        for (int m = 0; m < members; m++) System.arraycopy(conj, m * d, ring, (m * lags + slot) * d, d);
        int maxLag = (int) Math.min(lags - 1, saves);
        for (int b = 0; b < blocks; b++) {
            int from = split.start(b), to = split.end(b);
            double[] acc = sums.block(b);
            for (int m = from; m < to; m++) {
                int xo = m * d;
                for (int tau = 0; tau <= maxLag; tau++) {
                    // x(t) pairs with B(t−τ): this save is the "t+τ" end of lag τ.
                    int bo = (m * lags + (int) ((saves - tau) % lags)) * d, base = tau * d;
                    for (int j = 0; j < d; j++) {
                        double bj = ring[bo + j];
                        // offset k = i − j: x_{j+k} for k = 0 … d−1, split where the index wraps.
                        int wrap = d - j;
                        for (int k = 0; k < wrap; k++) acc[base + k] += states[xo + j + k] * bj;
                        for (int k = wrap; k < d; k++) acc[base + k] += states[xo + j + k - d] * bj;
                    }
                }
            }
            sums.count(b, maxLag, (long) (to - from) * d);
        }
        saves++;
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

    /** Pairs at this lag, counting every (member, save, impulse position) triple. */
    @Override
    public long pairs(int lag) {
        return sums == null ? 0 : sums.pairs(lag);
    }

    @Override
    public boolean canNormalize() {
        return false;
    }

    @Override
    public double[] combine(double[] weights, boolean normalize) {
        if (normalize) {
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; the cyclic column"
                    + " accumulator keeps one (position-averaged) column only");
        }
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        double[] byOffset = sums.weightedMean(weights, saves), out = new double[lags * d];
        for (int tau = 0; tau < lags; tau++) {
            for (int i = 0; i < d; i++) out[tau * d + i] = byOffset[tau * d + Math.floorMod(i - component, d)];
        }
        return out;
    }
}
