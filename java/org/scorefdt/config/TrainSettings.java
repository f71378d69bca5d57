package org.scorefdt.config;

import java.util.Locale;
import org.scorefdt.score.Bandwidth;

/**
 * The scalar choices of {@code scorefdt train} that the score types do not validate themselves
 * (DSM, local-polynomial and KGMM iteration settings are checked by their own builders and fits).
 *
 * @param bandwidth kde: {@code auto} (the KDE's default: extrapolated to h → 0, h by held-out score matching,
 *                  {@code KdeScore.fit}), {@code scott}, {@code silverman}, {@code cv}, {@code score-matching} or a
 *                  finite number h &gt; 0
 * @param ridge     quasi-gaussian: ridge relative to the mean variance, finite and {@code >= 0}
 * @param clusters  kgmm: number of clusters, {@code >= 1} (and at most the number of rows); {@code null}: chosen on held-out data
 *                  ({@code KgmmScore.Config.defaults})
 * @param kgmmSigma kgmm: noise level σ in data units, finite and &gt; 0; {@code null}: chosen on held-out data
 * @throws ConfigException naming the key ({@code train.*}), the value and the allowed range
 */
public record TrainSettings(String bandwidth, double ridge, Integer clusters, Double kgmmSigma) {

    /** Defaults: the KDE's and KGMM's own automatic choices, ridge 1e-10. */
    public static final TrainSettings DEFAULTS = new TrainSettings("auto", 1e-10, null, null);

    public TrainSettings {
        Check.notNull("train.bandwidth", bandwidth);
        rule(bandwidth);
        Check.nonNegative("train.ridge", ridge);
        if (clusters != null) Check.atLeast("train.clusters", clusters, 1);
        if (kgmmSigma != null) Check.positive("train.kgmm_sigma", kgmmSigma);
    }

    /** The KDE bandwidth rule or fixed value ({@code auto}: the score-matching grid of the extrapolated KDE). */
    public Bandwidth bandwidthRule() {
        return rule(bandwidth);
    }

    /** Whether the KDE is the default extrapolated one ({@code auto}) rather than a plain KDE at the rule's h. */
    public boolean extrapolated() {
        return "auto".equals(bandwidth.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The number of clusters for {@code n} data rows, 0 when KGMM chooses it.
     *
     * @throws ConfigException when more clusters than rows were asked for
     */
    public int clusters(int n) {
        return clusters == null ? 0 : Check.inRange("train.clusters", clusters, 1, n);
    }

    /** The KGMM noise level, 0 when KGMM chooses it. */
    public double sigma() {
        return kgmmSigma == null ? 0 : kgmmSigma;
    }

    private static Bandwidth rule(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return Bandwidth.defaults();
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
            throw ConfigException.invalid("train.bandwidth", s, "must be auto, scott, silverman, cv, score-matching or a finite number h > 0");
        }
        return new Bandwidth.Fixed(h);
    }
}
