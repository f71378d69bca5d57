package org.scorefdt.response;

import java.util.function.IntToDoubleFunction;

/**
 * Running mean and M₂ = Σ (v − mean)² folded in fixed member blocks of {@link #BLOCK}: Welford within
 * a block ({@link #foldBlock}), Chan's pairwise merge across blocks in order ({@link #merge}), so host
 * and device get the same doubles. Transcribed one for one from {@code native/include/scorefdt/truth.h}:
 * change both or neither. Design: docs/systems.md §5.9.
 */
public final class BlockedMoments {
    /** Members per block, fixed (it fixes the rounding of every truth moment). */
    public static final int BLOCK = 256;

    private BlockedMoments() {}

    /**
     * Folds {@code values[0 .. members)} (read through {@code value}) into the running moments
     * {@code mean[at]}, {@code m2[at]} that held {@code count0} values: blocks of {@code block} members,
     * each Welford from zero, merged in block order.
     */
    public static void fold(IntToDoubleFunction value, int members, int block, long count0, double[] mean, double[] m2, int at) {
        if (block < 1) throw new IllegalArgumentException("block = " + block + ": must be >= 1");
        for (int r0 = 0; r0 < members; r0 += block) foldBlock(value, r0, Math.min(members, r0 + block), count0 + r0, mean, m2, at);
    }

    /**
     * One block {@code [from, to)}: its Welford partial (members in order from (0, 0, 0); truth.h
     * {@code truth_moment_block}) merged into the running moments at {@code at}, which held {@code before}
     * values.
     */
    public static void foldBlock(IntToDoubleFunction value, int from, int to, long before, double[] mean, double[] m2, int at) {
        double[] ms = new double[2];
        partial(value, from, to, ms, 0);
        merge(before, mean, m2, at, to - from, ms[0], ms[1]);
    }

    /**
     * The Welford partial of one block {@code [from, to)} alone (members in order from (0, 0, 0)):
     * its mean into {@code out[at]}, its M₂ into {@code out[at + 1]}. What a shard keeps per block, so
     * that a merge replays {@link #merge} in the unsplit run's order.
     */
    public static void partial(IntToDoubleFunction value, int from, int to, double[] out, int at) {
        double mu = 0.0, s = 0.0;
        for (int r = from; r < to; r++) {  // welford_update(v, r − from + 1, …)
            double v = value.applyAsDouble(r);
            long n = r - from + 1;
            double dv = v - mu;
            mu = mu + dv / (double) n;
            s = s + dv * (v - mu);
        }
        out[at] = mu;
        out[at + 1] = s;
    }

    /**
     * Chan et al.'s combination (truth.h {@code chan_merge}): the running moments at {@code at} (na values)
     * absorb nb ≥ 1 values of mean mb and M₂ sb. With na = 0 the block is taken over unchanged (w = 1).
     */
    public static void merge(long na, double[] mean, double[] m2, int at, long nb, double mb, double sb) {
        double w = (double) nb / (double) (na + nb);
        double dm = mb - mean[at];
        mean[at] = mean[at] + dm * w;
        m2[at] = (m2[at] + sb) + ((dm * dm) * (double) na) * w;
    }
}
