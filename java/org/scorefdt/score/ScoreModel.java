package org.scorefdt.score;

/**
 * A model of the score s(x) = ∇ log p(x) of the <em>stationary</em> density p of a model (not a
 * network's noise prediction; conversions live with the networks). Used by the GFDT, where the
 * conjugate variable of a constant perturbation along e_j is B_j = −s_j.
 *
 * <p>Implementations must be thread-safe: response estimators may call {@link #score} from several
 * threads at once.
 */
public interface ScoreModel {

    /** Number of state components d. */
    int dimension();

    /**
     * Scores of a batch of states.
     *
     * @param x       {@code [members][d]}, row-major, read-only
     * @param out     {@code [members][d]}, receives s(x) per row (units: 1/state)
     * @param members number of rows
     */
    void score(double[] x, double[] out, int members);

    /** Short name for logs and reports. */
    default String name() {
        return getClass().getSimpleName();
    }
}
