package org.scorefdt.score;

/**
 * Turns values known at a few anchor points (KGMM's cluster centroids) into a function defined
 * everywhere. Implementations: {@link KernelScoreInterpolator} (Gaussian-kernel Nadaraya–Watson)
 * and {@link org.scorefdt.score.nn.MlpScoreInterpolator} (a small MLP fitted by weighted least
 * squares, as KGMM's authors do). Nothing in KGMM depends on which interpolator is used.
 */
public interface ScoreInterpolator {

    /**
     * Fits an interpolant.
     *
     * @param points  anchors {@code [count][d]}
     * @param values  values at the anchors {@code [count][outputs]}
     * @param weights anchor weights (KGMM: how many noisy samples each estimate averages), count values, &gt; 0
     * @param count   number of anchors ≥ 1
     * @param d       input dimension
     * @param outputs values per anchor
     * @return an immutable, thread-safe interpolant
     */
    Interpolant fit(double[] points, double[] values, double[] weights, int count, int d, int outputs);

    /** A fitted interpolant. Thread-safe. */
    interface Interpolant {
        int dimension();

        int outputs();

        /** {@code out [members][outputs]} at {@code x [members][d]}. */
        void evaluate(double[] x, double[] out, int members);
    }
}
