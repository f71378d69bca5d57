package org.scorefdt.integrate;

/**
 * What to integrate with: a scheme and a fixed time step.
 *
 * @param scheme the scheme
 * @param dt time step, finite and > 0
 */
public record IntegratorSpec(Scheme scheme, double dt) {
    public IntegratorSpec {
        if (scheme == null) throw new IllegalArgumentException("scheme must be given");
        if (!(dt > 0) || Double.isInfinite(dt)) throw new IllegalArgumentException("dt = " + dt + ": must be finite and > 0");
    }
}
