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

    /**
     * The most training rows this type takes: a study whose data pass kept more hands it an evenly strided
     * subset of this many (docs/architecture.md §7). Kernel and network scores cost time per centre or per
     * step, so theirs is {@link ScoreTypes#KERNEL_ROWS}; moment fits take every row. Default: every row.
     */
    default int maxRows() {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether the study refits this type once per member block left out (a delete-one-block jackknife of
     * fit and GFDT together), so that its GFDT error bars include the score-fit uncertainty
     * (docs/architecture.md §7). B refits and B more score evaluations per save: only for fits as cheap as
     * a moment pass. Default: no (block-spread errors of the GFDT pass alone).
     */
    default boolean refitPerBlock() {
        return false;
    }

    /**
     * A jackknife replicate: this type fitted on {@code data} with the hyper-parameters {@code full} (its fit on
     * every row) chose, so that replicates differ by the rows only — a choice by argmin jumps between replicates,
     * which the jackknife cannot average. Default: a fresh {@link #fit}, for types with nothing to choose.
     */
    default ScoreModel refit(ScoreModel full, double[] data, int n, int d, long seed, TierChain tiers) {
        return fit(data, n, d, seed, tiers);
    }

    /** Whether this type fits a state of dimension d at a sensible cost (a study skips it otherwise and says so). */
    default boolean appliesTo(int d) {
        return true;
    }
}
