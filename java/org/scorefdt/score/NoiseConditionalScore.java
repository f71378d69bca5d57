package org.scorefdt.score;

/**
 * A noise-conditional score s(y, σ) = ∇_y log p_σ(y): the score of the data density convolved with
 * N(0, σ²I), p_σ = p ∗ N(0, σ²I), as learned by denoising score matching over a σ schedule. The
 * stationary score is read off at small σ; reverse-diffusion samplers walk σ from σ_max down.
 *
 * <p>Implementations must be thread-safe.
 */
public interface NoiseConditionalScore {

    /** Number of state components d. */
    int dimension();

    /**
     * Scores of a batch of states at one noise level.
     *
     * @param y       {@code [members][d]}, row-major, read-only
     * @param sigma   noise level σ &gt; 0 (same units as y)
     * @param out     {@code [members][d]}, receives s(y, σ) per row (units: 1/state)
     * @param members number of rows
     */
    void score(double[] y, double sigma, double[] out, int members);
}
