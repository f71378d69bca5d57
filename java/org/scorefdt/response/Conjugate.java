package org.scorefdt.response;

import org.scorefdt.score.ScoreModel;

/**
 * The conjugate variable B of a perturbation in the GFDT, R(τ) = ⟨A(x(t+τ)) B(x(t))ᵀ⟩ with
 * B = −∇·u − u·s for a perturbation field u(x) (docs/systems.md §5). For the constant impulse u = e_j,
 * B_j = −s_j, so the vector −s(x) holds the conjugates of all impulses at once.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Conjugate {

    /**
     * B for a batch.
     *
     * @param states {@code [members][d]}, read-only
     * @param out    {@code [members][d]}, receives B_j(x) for every impulse direction j
     */
    void apply(double[] states, double[] out, int members);

    /** B = −s, the conjugate of constant impulses. */
    static Conjugate negativeScore(ScoreModel score) {
        return (states, out, members) -> {
            score.score(states, out, members);
            int n = members * score.dimension();
            for (int i = 0; i < n; i++) out[i] = -out[i];
        };
    }
}
