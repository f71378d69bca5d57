package org.scorefdt.score;

/**
 * A noise-conditional score s(y, σ) ≈ ∇_y log p_σ(y), the score of the stationary density p
 * convolved with the Gaussian N(0, σ²I) (variance-exploding perturbation y = x + σz, z ~ N(0, I),
 * in the units of the state). As σ → 0 it tends to the stationary score; reverse-diffusion and
 * annealed-Langevin samplers walk σ down from its largest trained value.
 *
 * <p>Implementations must be thread-safe.
 */
public interface NoiseConditionalScore {

    /** Number of state components d. */
    int dimension();

    /**
     * Scores of a batch of perturbed states at one noise level.
     *
     * @param y       {@code [members][d]} row-major, read-only (units of the state)
     * @param sigma   noise level σ &gt; 0 (units of the state)
     * @param out     {@code [members][d]}, receives s(y, σ) (units: 1/state)
     * @param members number of rows
     */
    void score(double[] y, double sigma, double[] out, int members);
}
