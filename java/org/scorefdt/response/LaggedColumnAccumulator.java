package org.scorefdt.response;

/**
 * Streaming GFDT column for a low-dimensional state, H_i(τ) = ⟨x_i(t+τ) B_j(x(t))⟩ for the impulse at
 * j, with B from a {@link Conjugate}, averaged over members and saves with true pair counts.
 * {@link #canNormalize()} is false (one column only). Not thread-safe. Memory and cost:
 * docs/systems.md §5.7.
 */
public final class LaggedColumnAccumulator implements LaggedAccumulator {
    private final int d, component, lags, blocks;
    private final Conjugate conjugate;
    private MemberBlocks split;
    private double[] ring;   // [member][L]: B_j at save t stored in slot t mod L
    private double[] conj;   // [member][d] scratch
    private BlockSums sums;  // [block][lag][d]
    private long saves;

    /**
     * @param dimension state dimension d
     * @param conjugate B, e.g. {@link Conjugate#negativeScore}
     * @param component impulse component j
     * @param lags      L ≥ 1
     * @param blocks    member blocks B ≥ 1 (≥ 2 for error bars)
     */
    public LaggedColumnAccumulator(int dimension, Conjugate conjugate, int component, int lags, int blocks) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        if (component < 0 || component >= dimension) {
            throw new IllegalArgumentException("component = " + component + ": must be in 0 … " + (dimension - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
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
            ring = new double[members * lags];
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
        for (int m = 0; m < members; m++) ring[m * lags + slot] = conj[m * d + component];
        int maxLag = (int) Math.min(lags - 1, saves);
        for (int b = 0; b < blocks; b++) {
            int from = split.start(b), to = split.end(b);
            double[] acc = sums.block(b);
            for (int m = from; m < to; m++) {
                int xo = m * d;
                for (int tau = 0; tau <= maxLag; tau++) {
                    // x(t) pairs with B(t−τ): this save is the "t+τ" end of lag τ.
                    double bj = ring[m * lags + (int) ((saves - tau) % lags)];
                    int base = tau * d;
                    for (int i = 0; i < d; i++) acc[base + i] += states[xo + i] * bj;
                }
            }
            sums.count(b, maxLag, to - from);
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
            throw new UnsupportedOperationException("normalisation needs the lag-0 matrix; a low-dimensional column"
                    + " accumulator holds one column only (normalise on grids)");
        }
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        return sums.weightedMean(weights, saves);
    }
}
