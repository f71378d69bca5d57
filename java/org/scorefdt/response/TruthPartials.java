package org.scorefdt.response;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The perturbed-ensemble truth of a range of pairs as per-block Welford partials
 * ({@link BlockedMoments#partial}), before the merges that {@link PerturbedEnsemble#runOnHost} does
 * as it goes: {@code partials[(((w·blocks + k)·lags + τ)·observed + i)·2 + {0: mean, 1: M₂}]} for
 * window w, local block k of {@link BlockedMoments#BLOCK} pairs, lag τ, component i. {@link #merge}
 * replays the unsplit run's merges (windows in order, then blocks in order) on the partials of every
 * part, so the merged truth is that run's, bit for bit.
 *
 * @param totalPairs pairs of the whole truth run
 * @param firstPair  first pair held here (a multiple of BLOCK)
 * @param pairs      pairs held here (whole blocks unless the range ends the run)
 */
public record TruthPartials(long totalPairs, long firstPair, int pairs, int lags, int observed, long windows, double[] partials) {
    public TruthPartials {
        checkRange(firstPair, pairs, totalPairs);
        if (lags < 1 || observed < 1 || windows < 1) {
            throw new IllegalArgumentException("lags, observed, windows = " + lags + ", " + observed + ", " + windows + ": must be >= 1");
        }
        if (partials.length != windows * blocks(pairs) * lags * observed * 2L) {
            throw new IllegalArgumentException(partials.length + " partial values for " + windows + " windows × " + blocks(pairs)
                    + " blocks × " + lags + " lags × " + observed + " components × 2");
        }
    }

    /**
     * @throws IllegalArgumentException unless pairs firstPair … firstPair + pairs − 1 are whole blocks of
     *                                  {@link BlockedMoments#BLOCK} of the run's {@code totalPairs} (the last may be short)
     */
    public static void checkRange(long firstPair, int pairs, long totalPairs) {
        int block = BlockedMoments.BLOCK;
        if (pairs < 1 || firstPair < 0 || firstPair + pairs > totalPairs) {
            throw new IllegalArgumentException("pairs " + firstPair + " … " + (firstPair + pairs - 1) + ": must lie in 0 … " + (totalPairs - 1));
        }
        if (firstPair % block != 0 || (firstPair + pairs != totalPairs && pairs % block != 0)) {
            throw new IllegalArgumentException("pairs " + firstPair + " … " + (firstPair + pairs - 1) + " are not whole blocks of "
                    + block + " truth pairs (blocks fix the rounding of the truth moments)");
        }
    }

    /** Blocks of BLOCK pairs in a range of {@code pairs}. */
    public static int blocks(int pairs) {
        return (pairs + BlockedMoments.BLOCK - 1) / BlockedMoments.BLOCK;
    }

    /**
     * The truth of the whole run from parts that hold every pair exactly once, in any order.
     *
     * @param saveEvery steps between saves and {@code dt} the step, for the lag axis (as the unsplit run forms it)
     * @throws IllegalArgumentException naming the pair that is missing or held twice, or a shape that differs
     */
    public static ResponseEstimate merge(List<TruthPartials> parts, String name, int saveEvery, double dt) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no truth parts to merge");
        List<TruthPartials> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingLong(TruthPartials::firstPair));
        TruthPartials f = sorted.get(0);
        long next = 0;
        for (TruthPartials p : sorted) {
            if (p.totalPairs != f.totalPairs || p.lags != f.lags || p.observed != f.observed || p.windows != f.windows) {
                throw new IllegalArgumentException("truth parts differ in shape");
            }
            if (p.firstPair < next) throw new IllegalArgumentException("truth pair " + p.firstPair + " is held twice");
            if (p.firstPair > next) throw new IllegalArgumentException("truth pair " + next + " is missing");
            next = p.firstPair + p.pairs;
        }
        if (next != f.totalPairs) throw new IllegalArgumentException("truth pair " + next + " is missing");
        int lags = f.lags, obs = f.observed, block = BlockedMoments.BLOCK;
        double[] mean = new double[lags * obs], m2 = new double[lags * obs];
        for (long w = 0; w < f.windows; w++) {
            for (TruthPartials p : sorted) {
                int blocks = blocks(p.pairs);
                for (int k = 0; k < blocks; k++) {
                    long r0 = p.firstPair + (long) k * block;
                    int nb = (int) Math.min(block, p.firstPair + p.pairs - r0);
                    long before = w * f.totalPairs + r0;  // runOnHost: count[lag] + r0
                    int src = (int) (((w * blocks + k) * lags) * obs * 2);
                    for (int e = 0; e < lags * obs; e++) {
                        BlockedMoments.merge(before, mean, m2, e, nb, p.partials[src + 2 * e], p.partials[src + 2 * e + 1]);
                    }
                }
            }
        }
        return estimate(name, lags, obs, saveEvery, dt, mean, m2, f.windows * f.totalPairs);
    }

    /** The truth estimate from merged moments (count values each): standard errors √(M₂/(n−1)/n), lag t at t·every·dt. */
    static ResponseEstimate estimate(String name, int lags, int obs, int every, double dt, double[] mean, double[] m2, long count) {
        double[] se = new double[lags * obs];
        for (int t = 0; t < lags; t++) {
            for (int i = 0; i < obs; i++) se[t * obs + i] = count > 1 ? Math.sqrt(m2[t * obs + i] / (count - 1) / count) : Double.NaN;
        }
        double[] times = new double[lags];
        for (int t = 0; t < lags; t++) times[t] = t * every * dt;
        return new ResponseEstimate(name, times, lags, obs, mean, se, new double[0], java.util.Optional.empty(), count);
    }
}
