package org.scorefdt.config;

import org.scorefdt.util.ConfigName;

/**
 * The {@code [truth]} table: the perturbation whose response is estimated (by the GFDT and by the
 * perturbed-ensemble ground truth: paired runs sharing every noise draw, kicked by δ·u).
 *
 * @param perturbation the direction u: an impulse at {@code pixel}, or uniform over the grid
 * @param pairs  perturbed/unperturbed pairs, {@code >= 0} (0 skips the empirical truth; OU still has the exact one)
 * @param delta  impulse amplitude δ ≠ 0; the response is (u_δ − u)/δ
 * @param pixelX column x of the perturbed pixel, {@code >= 0} (checked against the grid by {@link OuJobConfig})
 * @param pixelY row y of the perturbed pixel, {@code >= 0}
 * @throws ConfigException when a value is out of range
 */
public record TruthConfig(Perturbation perturbation, int pairs, double delta, int pixelX, int pixelY) {

    /** The perturbation direction u. */
    public enum Perturbation implements ConfigName {
        /** u = e_pixel: the paper's localized perturbation; the GFDT averages over all positions. */
        IMPULSE("impulse"),
        /** u = (1, …, 1): a spatially uniform (constant) forcing; B = −Σ_j s_j, no position averaging. */
        UNIFORM("uniform");
        private final String n;
        Perturbation(String n) { this.n = n; }
        @Override public String configName() { return n; }
    }

    /** 32 pairs, δ = 1/16, pixel (0,0). */
    public static final TruthConfig DEFAULTS = new TruthConfig(Perturbation.IMPULSE, 32, 0.0625, 0, 0);

    public TruthConfig {
        Check.notNull("truth.perturbation", perturbation);
        Check.atLeast("truth.pairs", pairs, 0);
        Check.nonZero("truth.delta", delta);
        if (pixelX < 0 || pixelY < 0) {
            throw ConfigException.invalidText("truth.pixel", "[" + pixelX + ", " + pixelY + "]", "coordinates must be >= 0");
        }
    }
}
