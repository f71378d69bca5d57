package org.scorefdt.api;

import org.scorefdt.score.ScoreModel;

/** How a {@link ResponseStudy} fits one kind of score to its training data. The defaults: {@link ScoreTypes}. */
@FunctionalInterface
public interface ScoreType {
    /**
     * @param data {@code [n][d]} snapshots of the data pass, in member-save order
     * @param seed the study's seed (fits that draw randomness key it with their own streams)
     */
    ScoreModel fit(double[] data, int n, int d, long seed);
}
