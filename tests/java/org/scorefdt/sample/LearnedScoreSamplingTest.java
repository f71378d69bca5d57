package org.scorefdt.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.testing.AutoTiers;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.Bandwidth;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.testing.DoubleWellDensity;
import org.scorefdt.testing.Stats;

/**
 * Validation by sampling: Langevin chains driven by a score learned from double-well data
 * reproduce the distribution that score describes. For a Gaussian KDE with bandwidth h that is the
 * data convolved with N(0, h²): mean = data mean, variance = data variance + h², CDF = mean of
 * Φ((x − x_i)/h) — all known exactly, so the thresholds come from the sample size alone. The final
 * states of independent chains are independent samples (n_eff = chains).
 */
class LearnedScoreSamplingTest {
    static final int DATA = 1000, CHAINS = 2000;

    @Test
    void langevinOnAKdeScoreSamplesTheKdeDensity() {
        double[] data = new double[DATA];
        for (int i = 0; i < DATA; i++) data[i] = DoubleWellDensity.quantile((i + 0.5) / DATA);
        KdeScore kde = KdeScore.fit(data, DATA, 1, new Bandwidth.Scott(), AutoTiers.open(), 0);
        double h = kde.bandwidth();
        double[] x = new double[CHAINS];
        for (int c = 0; c < CHAINS; c++) x[c] = data[(int) ((long) c * DATA / CHAINS)];   // start on the data
        // ε = 0.003: ULA's O(ε) bias in the variance (≈ ε·⟨|∇s|⟩/2 ≈ 0.005 relative) is below the tolerance.
        new OverdampedLangevin(kde, 0.003).run(x, ChainSchedule.of(11, CHAINS, 1500, 1, 1), null);

        double mean = 0, var = 0, dm = 0, dv = 0;
        for (double v : data) dm += v / DATA;
        for (double v : data) dv += (v - dm) * (v - dm) / DATA;
        for (double v : x) mean += v / CHAINS;
        for (double v : x) var += (v - mean) * (v - mean) / (CHAINS - 1);
        double target = dv + h * h;
        double k = Stats.bonferroniK(1e-3, 3);
        // Var of the sample variance ≈ (m4 − σ⁴)/n; the double well's m4/σ⁴ ≈ 1.6, well below 3, so 2σ⁴/n bounds it.
        assertTrue(Math.abs(mean - dm) <= k * Math.sqrt(target / CHAINS), "mean " + mean + " vs " + dm);
        assertTrue(Math.abs(var - target) <= k * target * Math.sqrt(2.0 / CHAINS), "variance " + var + " vs " + target);
        double ks = SampleStatistics.ksDistance(x, CHAINS, 1, 0, y -> {
            double s = 0;
            for (double xi : data) s += Stats.phi((y - xi) / h);
            return s / DATA;
        });
        assertTrue(ks < SampleStatistics.ksThreshold(1e-3, CHAINS), "KS distance " + ks);
    }
}
