package org.scorefdt.response;

import java.util.function.IntToDoubleFunction;

/**
 * Running mean and M₂ = Σ (v − mean)² folded in fixed member blocks, the one algorithm of the
 * perturbed-ensemble truth on the host ({@link PerturbedEnsemble#runOnHost}) and on the device
 * ({@code native/include/scorefdt/truth.h}, {@code cuda/kernels/truth.cu}): the members of one save are
 * cut into blocks of {@link #BLOCK} (the last one partial); each block's partial (n, mean, M₂) is Welford
 * in member order from zero ({@link #foldBlock}), and the partials join the running moments in block order
 * by Chan et al.'s pairwise combination ({@link #merge}). Because B is fixed — not the device, the chunking
 * or the thread count — the expression tree is fixed, so a device that computes the partials in parallel
 * and merges them in order gets the same doubles as this loop. Every operation below is transcribed
 * one for one from {@code truth.h} ({@code welford_update}, {@code chan_merge}, {@code truth_merge_blocks}):
 * change both or neither.
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
        double mu = 0.0, s = 0.0;
        for (int r = from; r < to; r++) {  // welford_update(v, r − from + 1, …)
            double v = value.applyAsDouble(r);
            long n = r - from + 1;
            double dv = v - mu;
            mu = mu + dv / (double) n;
            s = s + dv * (v - mu);
        }
        merge(before, mean, m2, at, to - from, mu, s);
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
