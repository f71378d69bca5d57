package org.scorefdt.api;

import java.util.Arrays;
import java.util.List;
import org.scorefdt.response.BlockErrors;
import org.scorefdt.response.LaggedMatrixAccumulator;
import org.scorefdt.response.ResponseMatrix;

/**
 * Error bars of a GFDT matrix that include the score-fit uncertainty (docs/architecture.md §7): the
 * delete-one-block jackknife of fit and GFDT together. Replicate b refits the score without the members
 * of block b and takes its GFDT over the other blocks, R⁽⁻ᵇ⁾; then
 * SE² = (B−1)/B · Σ_b (R⁽⁻ᵇ⁾ − R̄)². The fit's error and the GFDT's Monte Carlo error come from the same
 * members, so only leaving a block out of both captures their covariance; the block-spread errors of the
 * GFDT pass alone miss the fit's part, which for a moment fit on the run's own data can be as large.
 */
final class FitJackknife {
    private FitJackknife() {}

    /**
     * @param full       the matrix of the score fitted on every row (its mean is kept)
     * @param replicates replicate b's accumulator (score fitted without block b), in block order
     * @return {@code full} with the jackknife standard errors
     */
    static ResponseMatrix errors(ResponseMatrix full, List<LaggedMatrixAccumulator> replicates) {
        int blocks = replicates.size();
        if (blocks < 2) throw new IllegalArgumentException("jackknife needs >= 2 blocks, got " + blocks);
        double[][] r = new double[blocks][];
        for (int b = 0; b < blocks; b++) {
            LaggedMatrixAccumulator acc = replicates.get(b);
            if (acc.blocks() != blocks) throw new IllegalArgumentException("replicate " + b + " has " + acc.blocks() + " blocks, not " + blocks);
            double[] w = new double[blocks];
            Arrays.fill(w, 1);
            w[b] = 0;
            r[b] = acc.combine(w, true);
        }
        double[] se = BlockErrors.jackknife(r);
        return new ResponseMatrix(full.name(), full.times(), full.lags(), full.dim(), full.columns(), full.mean(), se, full.stein(), full.pairs());
    }
}
