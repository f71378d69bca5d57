package org.scorefdt.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scorefdt.sample.GaussianFixture.C;
import static org.scorefdt.sample.GaussianFixture.D;
import static org.scorefdt.sample.GaussianFixture.MU;

import org.junit.jupiter.api.Test;
import org.scorefdt.ensemble.SimulationDivergedException;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.testing.DoubleWellDensity;
import org.scorefdt.testing.Quantiles;

/**
 * Validation by sampling of ULA and BAOAB with exact scores. Thresholds from {@link SampleStatistics}
 * with k the two-sided Bonferroni normal quantile at family-wise rate α = 10⁻³ over the checked
 * entries (3 means + 6 covariances), and KS at α = 10⁻³.
 */
class LangevinSamplerTest {
    private static final double ALPHA = 1e-3;
    private static final double K = Quantiles.bonferroniNormal(ALPHA, 9);

    /**
     * ULA on N(μ, C) with ε = 0.2 has the exactly known stationary covariance
     * S = C(I − εC⁻¹/2)⁻¹ = C (C − εI/2)⁻¹ C (a 5–13% inflation here). 20 000 independent chains
     * from x = 0, 400 steps (the slowest mode relaxes by (1 − ε/λ_max)^{400} ≈ e⁻⁹), last state only:
     * iid samples, n_eff = 20 000. The same check must reject the unbiased C (power).
     */
    @Test
    void ulaOnGaussianHasTheExactDiscreteStationaryCovariance() {
        double eps = 0.2;
        int chains = 20_000;
        double[] x = new double[chains * D];
        SampleCollector out = new SampleCollector(D, chains);
        new OverdampedLangevin(GaussianFixture.score(), eps).run(x, ChainSchedule.of(7, chains, 399, 1, 1), out);
        assertEquals(chains, out.rows());
        double[] s = GaussianFixture.mul(GaussianFixture.mul(C, GaussianFixture.inverse(
                GaussianFixture.plusIdentity(C, -eps / 2))), C);
        SampleStatistics.MomentCheck biased = SampleStatistics.checkMoments(out.samples(), chains, D, MU, s, chains, K);
        assertTrue(biased.passed(), biased.toString());
        SampleStatistics.MomentCheck naive = SampleStatistics.checkMoments(out.samples(), chains, D, MU, C, chains, K);
        assertTrue(!naive.passed(), "the O(ε) bias must be resolvable: " + naive);
    }

    /**
     * BAOAB's configurational marginal is exact for Gaussian targets, so time averages over 64
     * chains × 1000 saves (thinned by 5 steps) must match C itself; n_eff from the integrated
     * autocorrelation time of the saves.
     */
    @Test
    void baoabOnGaussianMatchesCovarianceWithAutocorrelatedSaves() {
        int chains = 64, saves = 1000;
        double[] x = new double[chains * D];
        SampleCollector out = new SampleCollector(D, (long) chains * saves);
        new UnderdampedLangevin(GaussianFixture.score(), 0.2, 1.0).run(x, null, ChainSchedule.of(11, chains, 500, saves, 5), out);
        double nEff = SampleStatistics.effectiveSampleSize(out.samples(), saves, chains, D);
        assertTrue(nEff > 2000 && nEff < (double) chains * saves, "n_eff = " + nEff);
        SampleStatistics.MomentCheck check = SampleStatistics.checkMoments(out.samples(), out.rows(), D, MU, C, nEff, K);
        assertTrue(check.passed(), check.toString());
    }

    @Test
    void chainsDoNotDependOnBatching() {
        ScoreModel score = GaussianFixture.score();
        double[] all = new double[6 * D];
        double[] a = new double[2 * D], b = new double[4 * D];
        OverdampedLangevin ula = new OverdampedLangevin(score, 0.05);
        ula.run(all, new ChainSchedule(3, 6, 0, 50, 0, 1), null);
        ula.run(a, new ChainSchedule(3, 2, 0, 50, 0, 1), null);
        ula.run(b, new ChainSchedule(3, 4, 2, 50, 0, 1), null);
        double[] joined = new double[6 * D];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertArrayEquals(all, joined, 0.0);

        UnderdampedLangevin baoab = new UnderdampedLangevin(score, 0.05, 2);
        double[] all2 = new double[6 * D], a2 = new double[2 * D], b2 = new double[4 * D];
        baoab.run(all2, null, new ChainSchedule(3, 6, 0, 50, 0, 1), null);
        baoab.run(a2, null, new ChainSchedule(3, 2, 0, 50, 0, 1), null);
        baoab.run(b2, null, new ChainSchedule(3, 4, 2, 50, 0, 1), null);
        System.arraycopy(a2, 0, joined, 0, a2.length);
        System.arraycopy(b2, 0, joined, a2.length, b2.length);
        assertArrayEquals(all2, joined, 0.0);
    }

    @Test
    void savesFollowBurnInAndThinning() {
        long[] seen = new long[3];
        double[] times = new double[3];
        int[] count = {0};
        double[] x = new double[D];
        new OverdampedLangevin(GaussianFixture.score(), 0.01).run(x, ChainSchedule.of(1, 1, 10, 3, 4), (s, t, st, m) -> {
            seen[count[0]] = s;
            times[count[0]++] = t;
        });
        assertEquals(3, count[0]);
        assertArrayEquals(new long[] {0, 1, 2}, seen);
        assertArrayEquals(new double[] {0.04, 0.08, 0.12}, times, 1e-15);
        SampleCollector capped = new SampleCollector(D, 5);
        new OverdampedLangevin(GaussianFixture.score(), 0.01).run(new double[2 * D], ChainSchedule.of(1, 2, 0, 4, 1), capped);
        assertEquals(4, capped.rows());
        assertEquals(2, capped.saves());
        assertEquals(4, capped.dropped());
    }

    /**
     * Double well (exact score 2(x − x³)/σ², σ = 0.7): 10 000 independent chains started half at
     * −1, half at +1 (so the well populations are right by symmetry and only intra-well relaxation,
     * rate ≈ U'' ≈ 8, is needed), last state only. KS against the exact CDF must be below
     * c(α)/√n with α = 10⁻³ split over the two samplers. ULA ε = 0.004 (bias in the variance ≈
     * εU''/4 ≈ 1%, a KS shift ≈ 0.003 against a threshold ≈ 0.02); BAOAB ε = 0.02 (O(ε²) bias).
     */
    @Test
    void doubleWellMarginalsPassKolmogorovSmirnov() {
        int chains = 10_000;
        double threshold = SampleStatistics.ksThreshold(ALPHA / 2, chains);
        double[] x = symmetricStart(chains);
        new OverdampedLangevin(DoubleWellDensity.score(), 0.004).run(x, ChainSchedule.of(5, chains, 1000, 0, 1), null);
        double ula = SampleStatistics.ksDistance(x, chains, 1, 0, DoubleWellDensity::cdf);
        assertTrue(ula < threshold, "ULA KS D = " + ula + " >= " + threshold);

        x = symmetricStart(chains);
        new UnderdampedLangevin(DoubleWellDensity.score(), 0.02, 2.0).run(x, null, ChainSchedule.of(5, chains, 400, 0, 1), null);
        double baoab = SampleStatistics.ksDistance(x, chains, 1, 0, DoubleWellDensity::cdf);
        assertTrue(baoab < threshold, "BAOAB KS D = " + baoab + " >= " + threshold);

        // Power: the Gaussian with the same variance is rejected by the same threshold.
        double var = 0;
        for (double v : x) var += v * v;
        double sd = Math.sqrt(var / chains);
        double gauss = SampleStatistics.ksDistance(x, chains, 1, 0, v -> org.scorefdt.testing.Stats.phi(v / sd));
        assertTrue(gauss > threshold, "KS cannot tell the double well from a Gaussian: D = " + gauss);
    }

    private static double[] symmetricStart(int chains) {
        double[] x = new double[chains];
        for (int c = 0; c < chains; c++) x[c] = (c & 1) == 0 ? -1 : 1;
        return x;
    }

    @Test
    void badInputIsAClearError() {
        ScoreModel score = GaussianFixture.score();
        assertThrows(IllegalArgumentException.class, () -> new OverdampedLangevin(score, 0));
        assertThrows(IllegalArgumentException.class, () -> new OverdampedLangevin(score, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new UnderdampedLangevin(score, 0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> ChainSchedule.of(1, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ChainSchedule.of(1, 1, 0, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OverdampedLangevin(score, 0.1).run(new double[5], ChainSchedule.of(1, 2, 0, 1, 1), null));
        assertTrue(e.getMessage().contains("chains × d"), e.getMessage());
        // ε far beyond 2λ_min(C): the linear map is unstable and the chain blows up to ∞/NaN.
        SimulationDivergedException div = assertThrows(SimulationDivergedException.class,
                () -> new OverdampedLangevin(score, 50).run(new double[D], ChainSchedule.of(1, 1, 0, 1000, 1), null));
        assertTrue(div.getMessage().contains("chain 0") && div.getMessage().contains(" at step "), div.getMessage()); // named as a chain, with the step
    }
}
