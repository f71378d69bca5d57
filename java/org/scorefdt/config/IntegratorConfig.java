package org.scorefdt.config;

import org.scorefdt.integrate.Scheme;

/**
 * The {@code [integrator]} table.
 *
 * @param scheme time-stepping scheme; {@code EXACT_OU} applies exp(m·dt) per Fourier mode, so it has no integrator bias
 * @param dt     time step &gt; 0, in model time units
 * @throws ConfigException when a value is out of range
 */
public record IntegratorConfig(Scheme scheme, double dt) {

    /** Exact OU update with dt = 1, as in the paper's data. */
    public static final IntegratorConfig DEFAULTS = new IntegratorConfig(Scheme.EXACT_OU, 1.0);

    public IntegratorConfig {
        Check.notNull("integrator.scheme", scheme);
        Check.timeStep("integrator.dt", dt);
    }
}
