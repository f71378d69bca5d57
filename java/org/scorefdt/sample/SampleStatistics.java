package org.scorefdt.sample;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.scorefdt.score.QuasiGaussianScore;

/**
 * Acceptance statistics for samplers and learned scores, with thresholds from the effective sample
 * size: mean, covariance and Kolmogorov–Smirnov checks, and {@link #integratedAutocorrelationTime}.
 * Samples {@code [n][d]} row-major; for autocorrelation {@code [save][chain][d]} as a
 * {@link SampleCollector} gives it. Thresholds: docs/score-models.md §8.
 */
public final class SampleStatistics {
    private SampleStatistics() {}

    /** Sample mean, d values. */
    public static double[] mean(double[] samples, int n, int d) {
        QuasiGaussianScore.Fitter f = new QuasiGaussianScore.Fitter(d);
        f.add(samples, n);
        return f.mean();
    }

    /** Unbiased sample covariance (1/(n−1)), row-major d×d; cancellation-safe (pairwise Welford). */
    public static double[] covariance(double[] samples, int n, int d) {
        QuasiGaussianScore.Fitter f = new QuasiGaussianScore.Fitter(d);
        f.add(samples, n);
        return f.covariance();
    }

    /**
     * Kolmogorov–Smirnov distance of component {@code component}'s empirical CDF to {@code cdf}:
     * D = max_i max(F(x₍ᵢ₎) − (i−1)/n, i/n − F(x₍ᵢ₎)) over the sorted values.
     */
    public static double ksDistance(double[] samples, int n, int d, int component, DoubleUnaryOperator cdf) {
        if (n < 1) throw new IllegalArgumentException("KS distance needs n >= 1 samples");
        double[] v = new double[n];
        for (int r = 0; r < n; r++) v[r] = samples[r * d + component];
        Arrays.sort(v);
        double dmax = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(v[i]);
            dmax = Math.max(dmax, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        return dmax;
    }

    /** c(α) = √(−½ ln(α/2)), the asymptotic Kolmogorov quantile: P(√n D &gt; c) → α. */
    public static double ksCritical(double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha = " + alpha + ": must be in (0, 1)");
        return Math.sqrt(-0.5 * Math.log(alpha / 2));
    }

    /** KS acceptance threshold c(α)/√n_eff. */
    public static double ksThreshold(double alpha, double nEff) {
        return ksCritical(alpha) / Math.sqrt(nEff);
    }

    /** k·√(C_ii / n_eff). */
    public static double meanTolerance(double k, double variance, double nEff) {
        return k * Math.sqrt(variance / nEff);
    }

    /** k·√((C_ii C_jj + C_ij²) / n_eff). */
    public static double covarianceTolerance(double k, double cii, double cjj, double cij, double nEff) {
        return k * Math.sqrt((cii * cjj + cij * cij) / nEff);
    }

    /**
     * Integrated autocorrelation time τ_int = 1 + 2 Σ_{t≥1} ρ(t) of one component, in saves, from
     * {@code [saves][chains][d]}: ρ(t) is the autocovariance averaged over chains (about the grand
     * mean) divided by the lag-0 one, summed up to Sokal's automatic window, the first W with
     * W ≥ 5 τ_int(W). Returns at least 1.
     */
    public static double integratedAutocorrelationTime(double[] samples, int saves, int chains, int d, int component) {
        if (saves < 2 || chains < 1) throw new IllegalArgumentException("autocorrelation needs >= 2 saves and >= 1 chain");
        double mean = 0;
        for (int t = 0; t < saves; t++) for (int c = 0; c < chains; c++) mean += samples[(t * chains + c) * d + component];
        mean /= (double) saves * chains;
        double c0 = autocovariance(samples, saves, chains, d, component, mean, 0);
        if (!(c0 > 0)) return 1;
        double tau = 1;
        for (int lag = 1; lag < saves / 2; lag++) {
            tau += 2 * autocovariance(samples, saves, chains, d, component, mean, lag) / c0;
            if (lag >= 5 * tau) break;
        }
        return Math.max(1, tau);
    }

    private static double autocovariance(double[] x, int saves, int chains, int d, int comp, double mean, int lag) {
        double sum = 0;
        for (int t = 0; t + lag < saves; t++) {
            int a = t * chains, b = (t + lag) * chains;
            for (int c = 0; c < chains; c++) sum += (x[(a + c) * d + comp] - mean) * (x[(b + c) * d + comp] - mean);
        }
        return sum / ((double) (saves - lag) * chains);
    }

    /** n_eff = chains·saves / max_i τ_int,i over all components. */
    public static double effectiveSampleSize(double[] samples, int saves, int chains, int d) {
        double tau = 1;
        for (int i = 0; i < d; i++) tau = Math.max(tau, integratedAutocorrelationTime(samples, saves, chains, d, i));
        return (double) saves * chains / tau;
    }

    /**
     * Compares sample moments with expected ones: the largest ratio |error| / tolerance over the d
     * mean entries and d(d+1)/2 covariance entries (pass ⇔ worst &lt; 1).
     *
     * @param mu expected mean; @param c expected covariance (row-major d×d); @param k quantile
     */
    public static MomentCheck checkMoments(double[] samples, int n, int d, double[] mu, double[] c, double nEff, double k) {
        double[] m = mean(samples, n, d), ch = covariance(samples, n, d);
        double worst = 0;
        String where = "";
        for (int i = 0; i < d; i++) {
            double r = Math.abs(m[i] - mu[i]) / meanTolerance(k, c[i * d + i], nEff);
            if (!(r <= worst)) { worst = r; where = "mean[" + i + "] = " + m[i] + " vs " + mu[i]; }
            for (int j = i; j < d; j++) {
                double rc = Math.abs(ch[i * d + j] - c[i * d + j])
                        / covarianceTolerance(k, c[i * d + i], c[j * d + j], c[i * d + j], nEff);
                if (!(rc <= worst)) { worst = rc; where = "cov[" + i + "][" + j + "] = " + ch[i * d + j] + " vs " + c[i * d + j]; }
            }
        }
        return new MomentCheck(m, ch, nEff, k, worst, where);
    }

    /**
     * Result of {@link #checkMoments}.
     *
     * @param mean       sample mean
     * @param covariance sample covariance
     * @param nEff       effective sample size used
     * @param k          quantile used
     * @param worstRatio largest |error|/tolerance (NaN propagates as a failure)
     * @param worstEntry which entry, with its values
     */
    public record MomentCheck(double[] mean, double[] covariance, double nEff, double k, double worstRatio, String worstEntry) {
        public boolean passed() {
            return worstRatio < 1;
        }

        @Override
        public String toString() {
            return "worst |error|/tolerance = " + worstRatio + " at " + worstEntry + " (n_eff = " + nEff + ", k = " + k + ")";
        }
    }
}
