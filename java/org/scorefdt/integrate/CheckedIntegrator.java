package org.scorefdt.integrate;

/**
 * An integrator of fixed dimension and precision whose {@link #advance} checks its arguments once
 * ({@link Integrator#checkShape}) before the tier's stepping runs — the shared shell of every tier's
 * integrators, so each writes only its scheme.
 */
public abstract class CheckedIntegrator implements Integrator {
    private final int dimension;
    protected final Precision precision;

    protected CheckedIntegrator(int dimension, Precision precision) {
        this.dimension = dimension;
        this.precision = precision;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    public final Precision precision() {
        return precision;
    }

    @Override
    public final void advance(double[] states, int members, long memberOffset, long step0, int nSteps) {
        Integrator.checkShape(states, members, dimension, memberOffset, step0, nSteps);
        advanceChecked(states, members, memberOffset, step0, nSteps);
    }

    /** {@link #advance} once its arguments are checked. */
    protected abstract void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps);
}
