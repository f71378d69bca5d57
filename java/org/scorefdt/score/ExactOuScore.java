package org.scorefdt.score;

import org.scorefdt.integrate.OuExact;

/**
 * The exact stationary score of a linear spectral (OU) model, s(u) = −C⁻¹u, applied spectrally:
 * ŝ(k) = −N² û(k)/S(k) with S(k) = E|û(k)|² the stationary spectrum of the scheme the
 * {@link OuExact} was built for (the exact-OU scheme gives the continuous-time law).
 */
public final class ExactOuScore implements ScoreModel {
    private final OuExact exact;

    public ExactOuScore(OuExact exact) {
        this.exact = exact;
    }

    @Override
    public int dimension() {
        return exact.model().dimension();
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        // OuExact.score keeps one transform per thread, so this is thread-safe.
        exact.score(x, out, members);
    }

    @Override
    public String name() {
        return "exact-ou";
    }
}
