package org.scorefdt.config;

/**
 * The {@code [truth]} table: the perturbed-ensemble ground truth (paired runs sharing every noise
 * draw, impulse of amplitude δ at one pixel).
 *
 * @param pairs  perturbed/unperturbed pairs, {@code >= 0} (0 skips the empirical truth; OU still has the exact one)
 * @param delta  impulse amplitude δ ≠ 0; the response is (u_δ − u)/δ
 * @param pixelX column x of the perturbed pixel, {@code >= 0} (checked against the grid by {@link OuJobConfig})
 * @param pixelY row y of the perturbed pixel, {@code >= 0}
 * @throws ConfigException when a value is out of range
 */
public record TruthConfig(int pairs, double delta, int pixelX, int pixelY) {

    /** 32 pairs, δ = 1/16, pixel (0,0). */
    public static final TruthConfig DEFAULTS = new TruthConfig(32, 0.0625, 0, 0);

    public TruthConfig {
        Check.atLeast("truth.pairs", pairs, 0);
        Check.nonZero("truth.delta", delta);
        if (pixelX < 0 || pixelY < 0) {
            throw ConfigException.invalidText("truth.pixel", "[" + pixelX + ", " + pixelY + "]", "coordinates must be >= 0");
        }
    }
}
