package org.scorefdt.api;

import org.scorefdt.backend.TierChain;
import org.scorefdt.score.ScoreModel;

/** How a {@link ResponseStudy} fits one kind of score to its training data. The defaults: {@link ScoreTypes}. */
@FunctionalInterface
public interface ScoreType {
    /**
     * @param data {@code [n][d]} snapshots of the data pass, in member-save order
     * @param seed the study's seed (fits that draw randomness key it with their own streams)
     */
    ScoreModel fit(double[] data, int n, int d, long seed);

    /**
     * As {@link #fit(double[], int, int, long)} on {@code tiers}, the tiers of the study's run (its
     * {@code backend}); types whose fit has no kernels to choose ignore them.
     */
    default ScoreModel fit(double[] data, int n, int d, long seed, TierChain tiers) {
        return fit(data, n, d, seed);
    }
}
