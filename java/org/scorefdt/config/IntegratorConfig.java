package org.scorefdt.config;

/**
 * The {@code [integrator]} table.
 *
 * @param scheme time-stepping scheme
 * @param dt     time step &gt; 0, in model time units
 * @throws ConfigException when a value is out of range
 */
public record IntegratorConfig(Scheme scheme, double dt) {

    /** Time-stepping scheme; {@code EXACT_OU} applies exp(m·dt) per Fourier mode, so it has no integrator bias. */
    public enum Scheme implements TomlName {
        EXACT_OU("exact-ou"), EULER_MARUYAMA("euler-maruyama"), HEUN("heun"), RK4_EM("rk4-em");
        private final String n;
        Scheme(String n) { this.n = n; }
        @Override public String tomlName() { return n; }
    }

    /** Exact OU update with dt = 1, as in the paper's data. */
    public static final IntegratorConfig DEFAULTS = new IntegratorConfig(Scheme.EXACT_OU, 1.0);

    public IntegratorConfig {
        Check.notNull("integrator.scheme", scheme);
        Check.positive("integrator.dt", dt);
    }
}
