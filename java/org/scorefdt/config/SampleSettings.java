package org.scorefdt.config;

import java.util.List;
import java.util.Locale;

/**
 * What {@code scorefdt sample} draws. Langevin samplers ({@code ula}, {@code baoab}) run
 * {@code burn_in} discarded steps, then {@code steps} steps saved every {@code thin}: chains ×
 * steps/thin rows; the noise-conditional samplers ({@code reverse}, {@code flow}) run {@code steps}
 * noise levels and give one row per chain. Options of another sampler are not checked.
 *
 * @param sampler    {@code ula}, {@code baoab}, {@code reverse} or {@code flow} (any case; stored lower-case)
 * @param chains     chains run as one batch, {@code >= 1}
 * @param steps      steps after burn-in, or noise levels, {@code >= 1}
 * @param stepSize   ula/baoab: step ε, finite and &gt; 0
 * @param burnIn     ula/baoab: steps discarded first, {@code >= 0}
 * @param thin       ula/baoab: steps between saves, in [1, steps]
 * @param friction   baoab: friction γ, finite and &gt; 0
 * @param corrector  reverse: Langevin corrector steps per level, {@code >= 0}
 * @param snr        reverse with a corrector: signal-to-noise ratio, finite and &gt; 0
 * @param maxSamples cap on the rows written, {@code >= 1}
 * @throws ConfigException naming the key ({@code sample.*}), the value and the allowed range
 */
public record SampleSettings(String sampler, int chains, long steps, double stepSize, long burnIn, long thin,
                             double friction, int corrector, double snr, long maxSamples) {

    /** The sampler names. */
    public static final List<String> SAMPLERS = List.of("ula", "baoab", "reverse", "flow");

    public SampleSettings {
        Check.notNull("sample.sampler", sampler);
        String s = sampler.trim().toLowerCase(Locale.ROOT);
        if (!SAMPLERS.contains(s)) throw ConfigException.invalid("sample.sampler", sampler, "must be one of " + String.join(", ", SAMPLERS));
        sampler = s;
        Check.atLeast("sample.chains", chains, 1);
        Check.atLeast("sample.steps", steps, 1L);
        Check.atLeast("sample.max_samples", maxSamples, 1L);
        if (s.equals("ula") || s.equals("baoab")) { // fields are not assigned yet: no accessors here
            Check.positive("sample.step_size", stepSize);
            Check.atLeast("sample.burn_in", burnIn, 0L);
            if (thin < 1 || thin > steps) throw ConfigException.invalid("sample.thin", thin, "must be in [1, steps = " + steps + "]");
            if (s.equals("baoab")) Check.positive("sample.friction", friction);
            long rows = steps / thin * chains;
            if (rows > maxSamples) {
                throw ConfigException.invalid("sample.max_samples", maxSamples, "must be >= chains × steps/thin = " + chains
                        + " × " + steps / thin + " = " + rows);
            }
        } else {
            if (steps > Integer.MAX_VALUE) throw ConfigException.invalid("sample.steps", steps, "must be <= " + Integer.MAX_VALUE + " noise levels");
            if (chains > maxSamples) throw ConfigException.invalid("sample.max_samples", maxSamples, "must be >= chains = " + chains);
            if (s.equals("reverse")) {
                Check.atLeast("sample.corrector", corrector, 0);
                if (corrector > 0) Check.positive("sample.snr", snr);
            }
        }
    }

    /** Whether the sampler is a Langevin chain ({@code ula}, {@code baoab}) rather than noise-conditional. */
    public boolean langevin() {
        return sampler.equals("ula") || sampler.equals("baoab");
    }

    /** Saves per chain (Langevin samplers). */
    public long saves() {
        return steps / thin;
    }

    /** Rows written: chains × saves (Langevin), chains (noise-conditional). */
    public long rows() {
        return langevin() ? saves() * chains : chains;
    }

    /**
     * Checks that the samples of dimension {@code d} fit one array.
     *
     * @throws ConfigException naming the rows and the dimension
     */
    public void checkFits(int d) {
        if (rows() * d > Integer.MAX_VALUE - 8) {
            throw ConfigException.invalid("sample.max_samples", maxSamples, rows() + " rows of dimension " + d + " do not fit one array");
        }
    }
}
