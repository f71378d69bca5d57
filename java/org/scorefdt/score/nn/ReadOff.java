package org.scorefdt.score.nn;

import java.util.Locale;

/**
 * How a {@link DsmScore} turns its noise-conditional s(y, σ) into the stationary score
 * (docs/score-models.md §4.1): read at one level, s(y, σ_r), or extrapolated to σ → 0 from σ_r and
 * 2σ_r by Richardson's rule, (4 s(y, σ_r) − s(y, 2σ_r))/3. The smoothing bias of s(y, σ) is even in σ
 * (s_σ = s + σ²/2 ∇(Δp/p) + O(σ⁴), from the heat equation), so the rule cancels the σ² term.
 *
 * @param sigma        σ_r &gt; 0, data units
 * @param extrapolated whether the σ² bias is removed by Richardson's rule (needs 2σ_r ≤ σ_max)
 */
public record ReadOff(double sigma, boolean extrapolated) {
    /** Ratio of the second level of the extrapolation. */
    public static final double RATIO = 2;

    public ReadOff {
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("read-off sigma = " + sigma + ": must be finite and > 0");
    }

    /** Reading at σ_r with no extrapolation. */
    public static ReadOff at(double sigma) {
        return new ReadOff(sigma, false);
    }

    /** The largest noise level the read-off evaluates. */
    public double largestSigma() {
        return extrapolated ? RATIO * sigma : sigma;
    }

    /** "σ_r = 0.04" or "σ → 0 from 0.04, 0.08". */
    public String describe() {
        return extrapolated ? String.format(Locale.ROOT, "σ → 0 from %.4g, %.4g", sigma, RATIO * sigma)
                : String.format(Locale.ROOT, "σ_r = %.4g", sigma);
    }
}
