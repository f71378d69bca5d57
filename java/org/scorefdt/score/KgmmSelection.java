package org.scorefdt.score;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How an automatic {@link KgmmScore.Config} chooses the clusters K and the noise σ on held-out data
 * (docs/score-models.md §2.1): each candidate (K, σ) of the grid is fitted on the first
 * 1 − {@code holdout} of the data and scored by the Hyvärinen loss on the rest; the best is refitted
 * on all n points with the same points per cluster and σ rescaled by (n_fit/n)^(1/(d+4)).
 * Candidates: K = round(n_fit/p) for p in {@code pointsPerCluster}, σ = f·h_Scott (Scott's bandwidth of
 * the fit part) for f in {@code sigmaFactors}; a K or σ fixed in the config is not varied (nor rescaled).
 *
 * @param pointsPerCluster data points per cluster, each ≥ 1, at least one
 * @param sigmaFactors     σ in units of Scott's bandwidth, each finite and &gt; 0, at least one
 * @param holdout          share of the data held out, in (0, 1)
 */
public record KgmmSelection(double[] pointsPerCluster, double[] sigmaFactors, double holdout) {
    public KgmmSelection {
        if (pointsPerCluster == null || pointsPerCluster.length == 0 || sigmaFactors == null || sigmaFactors.length == 0) {
            throw new IllegalArgumentException("KGMM selection needs at least one points-per-cluster value and one sigma factor");
        }
        for (double p : pointsPerCluster) {
            if (!(p >= 1) || Double.isInfinite(p)) throw new IllegalArgumentException("KGMM points per cluster = " + p + ": must be finite and >= 1");
        }
        for (double f : sigmaFactors) {
            if (!(f > 0) || Double.isInfinite(f)) throw new IllegalArgumentException("KGMM sigma factor = " + f + ": must be finite and > 0");
        }
        if (!(holdout > 0 && holdout < 1)) throw new IllegalArgumentException("KGMM selection holdout = " + holdout + ": must be in (0, 1)");
        pointsPerCluster = pointsPerCluster.clone();
        sigmaFactors = sigmaFactors.clone();
    }

    /** 16, 32 or 64 points per cluster × σ = ¼, ½ or 1 Scott bandwidth; 20 % held out. */
    public static KgmmSelection defaults() {
        return new KgmmSelection(new double[] {16, 32, 64}, new double[] {0.25, 0.5, 1}, 0.2);
    }

    /**
     * Chooses the free settings of {@code config} (clusters and/or σ automatic) and fits on all the data.
     *
     * @throws IllegalArgumentException when fewer than 128 points would be held out, or on bad data
     */
    KgmmScore fit(double[] data, int n, int d, KgmmScore.Config config) {
        KMeans.checkData(data, n, d);
        int held = (int) Math.round(holdout * n), fit = n - held;
        if (held < 2 * ScoreDiagnostics.BLOCKS || fit < 2) {
            throw new IllegalArgumentException("automatic KGMM needs >= " + 2 * ScoreDiagnostics.BLOCKS + " held-out points (holdout "
                    + holdout + " of n = " + n + " gives " + held + "); give clusters and sigma");
        }
        double[] fitData = Arrays.copyOf(data, fit * d), heldData = Arrays.copyOfRange(data, fit * d, n * d);
        double h = BandwidthSelector.scott(fitData, fit, d);
        List<double[]> grid = new ArrayList<>();
        for (double k : config.clusters() > 0 ? new double[] {config.clusters()} : clusterGrid(fit)) {
            for (double s : config.sigma() > 0 ? new double[] {config.sigma()} : scaled(sigmaFactors, h)) grid.add(new double[] {k, s});
        }
        double[] loss = new double[grid.size()], se = new double[grid.size()];
        for (int g = 0; g < loss.length; g++) {
            double[] c = grid.get(g);
            KgmmScore m = KgmmScore.fitFixed(fitData, fit, d, config.with((int) c[0], c[1]), null);
            double[] j = ScoreDiagnostics.hyvarinen(m, heldData, held, 0);
            loss[g] = j[0];
            se[g] = j[1];
        }
        int best = HyperparameterChoice.argmin(loss);
        double[] c = grid.get(best);
        int k = config.clusters() > 0 ? config.clusters() : (int) Math.min(n, Math.max(1, Math.round(c[0] * n / fit)));
        double sigma = config.sigma() > 0 ? config.sigma() : c[1] * Math.pow((double) fit / n, 1.0 / (d + 4));
        HyperparameterChoice choice = new HyperparameterChoice("kgmm", "held-out Hyvärinen loss", List.of("clusters", "sigma"),
                grid.toArray(double[][]::new), loss, se, best, new double[] {k, sigma}, fit, held);
        return KgmmScore.fitFixed(data, n, d, config.with(k, sigma), choice);
    }

    private double[] clusterGrid(int fit) {
        return Arrays.stream(pointsPerCluster).map(p -> Math.min(fit, Math.max(1, Math.round(fit / p)))).distinct().toArray();
    }

    private static double[] scaled(double[] factors, double h) {
        return Arrays.stream(factors).map(f -> f * h).toArray();
    }
}
