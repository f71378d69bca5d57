package org.scorefdt.score;

/**
 * How the isotropic bandwidth h of a {@link KdeScore} is chosen; {@link BandwidthSelector} turns
 * one into a number. σ̄ below is the mean over dimensions of the data's per-dimension standard
 * deviation (1/(n−1)), n the number of data points, d the dimension.
 */
public sealed interface Bandwidth {

    /** A given h (state units). */
    record Fixed(double h) implements Bandwidth {
        public Fixed {
            if (!(h > 0) || Double.isInfinite(h)) {
                throw new IllegalArgumentException("KDE bandwidth h = " + h + ": must be finite and > 0");
            }
        }
    }

    /** Scott's rule h = σ̄ · n^(−1/(d+4)). */
    record Scott() implements Bandwidth {}

    /** Silverman's rule h = σ̄ · (4 / ((d + 2) n))^(1/(d+4)). */
    record Silverman() implements Bandwidth {}

    /**
     * Leave-one-out likelihood cross-validation: the h on the log grid
     * h_k = h_Scott · minFactor · (maxFactor/minFactor)^(k/(points−1)), k = 0..points−1, maximising
     * CV(h) = (1/m) Σ_q log p̂_{−q}(x_q), where p̂_{−q} is the KDE without point q and the m ≤
     * maxQueries query points are every ⌈n/m⌉-th data point (all of them when n ≤ maxQueries).
     * Cost: points × m × n kernel pairs.
     */
    record CrossValidated(double minFactor, double maxFactor, int points, int maxQueries) implements Bandwidth {
        public CrossValidated {
            if (!(minFactor > 0) || !(maxFactor > minFactor) || Double.isInfinite(maxFactor)) {
                throw new IllegalArgumentException("cross-validation grid factors [" + minFactor + ", " + maxFactor
                        + "]: need 0 < minFactor < maxFactor < ∞");
            }
            if (points < 2) throw new IllegalArgumentException("cross-validation grid points = " + points + ": must be >= 2");
            if (maxQueries < 1) throw new IllegalArgumentException("cross-validation maxQueries = " + maxQueries + ": must be >= 1");
        }

        /** h_Scott/8 … 8·h_Scott, 31 points (ratio 2^0.2 ≈ 1.15 between neighbours), ≤ 2000 queries. */
        public CrossValidated() {
            this(1.0 / 8, 8, 31, 2000);
        }
    }

    /**
     * Held-out score matching: the h on the log grid h_k = h_Scott · minFactor · (maxFactor/minFactor)^(k/(points−1))
     * minimising the Hyvärinen loss J(h) = ⟨½|s_h|² + ∇·s_h⟩ of the KDE fitted on the first
     * 1 − {@code holdout} of the data, measured on the last {@code holdout} (docs/score-models.md §1.1);
     * the chosen h is rescaled to the whole data set by (n_fit/n)^(1/(d+4)). Unlike likelihood CV it
     * targets the score itself, so it corrects the smoothing that shrinks the score (a smaller h than
     * Scott's wherever the density has structure). Cost: points × (2d + 1 for d ≤ 32, else 9) ×
     * n_held × n_fit kernel pairs.
     */
    record ScoreMatching(double minFactor, double maxFactor, int points, double holdout) implements Bandwidth {
        public ScoreMatching {
            if (!(minFactor > 0) || !(maxFactor > minFactor) || Double.isInfinite(maxFactor)) {
                throw new IllegalArgumentException("score-matching grid factors [" + minFactor + ", " + maxFactor
                        + "]: need 0 < minFactor < maxFactor < ∞");
            }
            if (points < 2) throw new IllegalArgumentException("score-matching grid points = " + points + ": must be >= 2");
            if (!(holdout > 0 && holdout < 1)) throw new IllegalArgumentException("score-matching holdout = " + holdout + ": must be in (0, 1)");
        }

        /** h_Scott/8 … 2·h_Scott, 13 points (ratio 2^(1/6) between neighbours), 20 % held out. */
        public ScoreMatching() {
            this(1.0 / 8, 2, 13, 0.2);
        }
    }

    /**
     * The default: held-out score matching on its default grid ({@link ScoreMatching#ScoreMatching()}),
     * which {@link KdeScore#fit(double[], int, int)} applies to the extrapolated KDE
     * (docs/score-models.md §10); Scott's rule shrinks the score more.
     */
    static ScoreMatching defaults() {
        return new ScoreMatching();
    }

    static Bandwidth fixed(double h) {
        return new Fixed(h);
    }

    static Bandwidth scott() {
        return new Scott();
    }

    static Bandwidth silverman() {
        return new Silverman();
    }

    static Bandwidth crossValidated() {
        return new CrossValidated();
    }
}
