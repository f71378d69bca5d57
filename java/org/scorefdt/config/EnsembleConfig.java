package org.scorefdt.config;

import org.scorefdt.util.ConfigName;

/**
 * The {@code [ensemble]} table: how many independent members and how long each runs.
 *
 * @param members   independent members, {@code >= 1}
 * @param spinup    time discarded before recording, {@code >= 0} (0 is fine from the stationary law)
 * @param initial   initial state before spin-up
 * @param duration  recorded time per member, &gt; 0, in model time units
 * @param saveEvery steps between recorded states, {@code >= 1}
 * @throws ConfigException when a value is out of range
 */
public record EnsembleConfig(int members, double spinup, Initial initial, double duration, int saveEvery) {

    /** Initial state of every member before spin-up. */
    public enum Initial implements ConfigName {
        /** Drawn from the exact stationary law (OU only), so no spin-up is needed. */
        STATIONARY("stationary"),
        /** u = 0; needs a spin-up of several relaxation times. */
        ZERO("zero");
        private final String n;
        Initial(String n) { this.n = n; }
        @Override public String configName() { return n; }
    }

    /** Small run: 32 members of 2000 time units from the stationary law. */
    public static final EnsembleConfig DEFAULTS = new EnsembleConfig(32, 0.0, Initial.STATIONARY, 2000.0, 1);

    public EnsembleConfig {
        Check.atLeast("ensemble.members", members, 1);
        Check.nonNegative("ensemble.spinup", spinup);
        Check.notNull("ensemble.initial", initial);
        Check.positive("ensemble.duration", duration);
        Check.atLeast("ensemble.save_every", saveEvery, 1);
    }

    /** Copy with another member count. */
    public EnsembleConfig withMembers(int m) { return new EnsembleConfig(m, spinup, initial, duration, saveEvery); }
}
