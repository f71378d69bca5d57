package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.model.Grid;
import org.scorefdt.testing.OuFixture;
import org.scorefdt.testing.Quantiles;

/** Both quasi-Gaussian scores fitted to exact stationary OU samples converge to the exact score. */
class SpectralQuasiGaussianScoreTest {
    private static final Grid GRID = OuFixture.MODEL.spectralGrid();
    private static final int D = GRID.size();

    @Test
    void spectrumAndScoreConvergeToExact() {
        int n = 4_000;
        double[] x = OuFixture.stationarySamples(n, 5); // independent exact draws
        var f = new SpectralQuasiGaussianScore.Fitter(GRID);
        f.add(x, 1_000);
        f.add(java.util.Arrays.copyOfRange(x, 1_000 * D, n * D), n - 1_000);
        double[] s = OuFixture.EXACT.stationarySpectrum(), sh = f.spectrum();
        // |û(k)|²/S(k) is Exp(1) for complex modes and χ²₁ for self-conjugate ones: SD ≤ √2·S per
        // sample, so the mean of n has SE ≤ √(2/n)·S. Family: 64 modes + the mean.
        double k = Quantiles.bonferroniNormal(1e-3, D + 1);
        double eps = k * Math.sqrt(2.0 / n);
        for (int i = 0; i < D; i++) assertEquals(s[i], sh[i], eps * s[i], "mode " + i);
        double seMean = Math.sqrt(s[0] / n) / D; // μ = û(0)/N², Var û(0) = S(0)
        assertEquals(0.0, f.mean(), k * seMean);

        SpectralQuasiGaussianScore q = f.build(0);
        double[] u = OuFixture.stationarySamples(5, 99), got = new double[u.length], want = new double[u.length];
        q.score(u, got, 5);
        new ExactOuScore(OuFixture.EXACT).score(u, want, 5);
        // Per mode ŝ = −N² v̂/Ŝ with |Ŝ/S − 1| ≤ eps, so |1/Ŝ − 1/S| ≤ (eps/(1−eps))/S; the mean error
        // adds the constant field N²(μ̂ − μ)/Ŝ(0) (L² norm N·that). Parseval turns the per-mode bound into L².
        for (int m = 0; m < 5; m++) {
            double err = 0, ref = 0;
            for (int i = 0; i < D; i++) {
                err += Math.pow(got[m * D + i] - want[m * D + i], 2);
                ref += want[m * D + i] * want[m * D + i];
            }
            double bound = eps / (1 - eps) * Math.sqrt(ref) + GRID.n() * D * k * seMean / (s[0] * (1 - eps));
            assertTrue(Math.sqrt(err) <= bound, "member " + m + ": error " + Math.sqrt(err) + " > " + bound);
        }
    }

    @Test
    void denseFitConvergesToExactCovariance() {
        int n = 4_000;
        double[] x = OuFixture.stationarySamples(n, 6);
        var f = new QuasiGaussianScore.Fitter(D);
        f.add(x, n);
        double[] c = f.covariance(), cr = OuFixture.EXACT.laggedCovariance(0);
        int nn = GRID.n();
        // Var(Ĉ_ab) = (C_aa C_bb + C_ab²)/(n−1) for Gaussian data; family: the d(d+1)/2 distinct entries.
        double k = Quantiles.bonferroniNormal(1e-3, D * (D + 1) / 2);
        double var0 = cr[0];
        for (int a = 0; a < D; a++) {
            for (int b = a; b < D; b++) {
                int ry = Math.floorMod(a / nn - b / nn, nn), rx = Math.floorMod(a % nn - b % nn, nn);
                double exact = cr[ry * nn + rx];
                double se = Math.sqrt((var0 * var0 + exact * exact) / (n - 1));
                assertEquals(exact, c[a * D + b], k * se, "C(" + a + "," + b + ")");
            }
        }
    }

    @Test
    void ridgeIsTheSpectralScaledIdentity() {
        double[] s = new double[D];
        java.util.Arrays.fill(s, 2.0);
        s[5] = 0; // a dead mode (FFT index 5 = kx −3 on N = 8): fails without a ridge, names the mode
        var e = assertThrows(IllegalArgumentException.class, () -> SpectralQuasiGaussianScore.of(GRID, 0, s, 0));
        assertTrue(e.getMessage().contains("(ky, kx) = (0, -3)") && e.getMessage().contains("larger ridge"), e.getMessage());
        SpectralQuasiGaussianScore q = SpectralQuasiGaussianScore.of(GRID, 0, s, 0.5);
        double mean = 2.0 * (D - 1) / D;
        assertEquals(2.0 + 0.5 * mean, q.spectrum()[0], 1e-14);
        assertEquals(0.5 * mean, q.spectrum()[5], 1e-14);
        // Same ridge semantics as the dense score: spectrum S(k) = 2 ⇔ C = (2/N²)·I, so C_ρ = C + ρ·(tr C/d)·I.
        double[] ones = new double[D];
        java.util.Arrays.fill(ones, 2.0);
        double[] u = OuFixture.stationarySamples(1, 1), a = new double[D], b = new double[D];
        SpectralQuasiGaussianScore.of(GRID, 0.1, ones, 0.3).score(u, a, 1);
        double[] dense = new double[D * D];
        for (int i = 0; i < D; i++) dense[i * D + i] = 2.0 / D;
        double[] mu = new double[D];
        java.util.Arrays.fill(mu, 0.1);
        QuasiGaussianScore.of(mu, dense, 0.3).score(u, b, 1);
        for (int i = 0; i < D; i++) assertEquals(b[i], a[i], 1e-10 * Math.abs(b[i]) + 1e-12);
    }
}
