package org.scorefdt.config;

import java.util.Locale;
import org.scorefdt.score.Bandwidth;

/**
 * The scalar choices of {@code scorefdt train} that the score types do not validate themselves
 * (DSM, local-polynomial and KGMM iteration settings are checked by their own builders and fits).
 *
 * @param bandwidth kde: {@code scott}, {@code silverman}, {@code cv} or a finite number h &gt; 0
 * @param ridge     quasi-gaussian: ridge relative to the mean variance, finite and {@code >= 0}
 * @param clusters  kgmm: number of clusters, {@code >= 1} (and at most the number of rows); {@code null}: min(50, n)
 * @param kgmmSigma kgmm: noise level σ in data units, finite and &gt; 0; {@code null}: 0.1 × mean std
 * @throws ConfigException naming the key ({@code train.*}), the value and the allowed range
 */
public record TrainSettings(String bandwidth, double ridge, Integer clusters, Double kgmmSigma) {

    /** Defaults: Scott's rule, ridge 1e-10, clusters and σ from the data. */
    public static final TrainSettings DEFAULTS = new TrainSettings("scott", 1e-10, null, null);

    public TrainSettings {
        Check.notNull("train.bandwidth", bandwidth);
        rule(bandwidth);
        Check.nonNegative("train.ridge", ridge);
        if (clusters != null) Check.atLeast("train.clusters", clusters, 1);
        if (kgmmSigma != null) Check.positive("train.kgmm_sigma", kgmmSigma);
    }

    /** The KDE bandwidth rule or fixed value. */
    public Bandwidth bandwidthRule() {
        return rule(bandwidth);
    }

    /**
     * The number of clusters for {@code n} data rows.
     *
     * @throws ConfigException when more clusters than rows were asked for
     */
    public int clusters(int n) {
        return clusters == null ? Math.min(50, n) : Check.inRange("train.clusters", clusters, 1, n);
    }

    private static Bandwidth rule(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "scott": return new Bandwidth.Scott();
            case "silverman": return new Bandwidth.Silverman();
            case "cv": return new Bandwidth.CrossValidated();
            case "score-matching": return new Bandwidth.ScoreMatching();
            default:
        }
        double h;
        try {
            h = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            h = Double.NaN;
        }
        if (!(h > 0) || Double.isInfinite(h)) {
            throw ConfigException.invalid("train.bandwidth", s, "must be scott, silverman, cv, score-matching or a finite number h > 0");
        }
        return new Bandwidth.Fixed(h);
    }
}
