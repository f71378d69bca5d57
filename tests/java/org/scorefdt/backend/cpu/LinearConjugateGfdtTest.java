package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.GfdtEstimator;
import org.scorefdt.response.ResponseEstimate;
import org.scorefdt.response.ResponseKernels;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.testing.NativeTier;

/**
 * The GFDT of a circulant Gaussian score on the native tier — the field's autocorrelation summed and
 * the score's gain applied at read-out ({@link org.scorefdt.response.LaggedGridAccumulator#linear}) —
 * against the direct Java reference: the Java accumulator's loop over the score's conjugate B = −s
 * formed in real space by the Java score. Quasi-Gaussian score with a mean μ ≠ 0 (so the mode-0 offset
 * c = −N⁴μ/S(0) is exercised) and a spectrum that is not even in k (the real conjugate sees the even
 * part of the gain) on fields with that mean and memory in time; lags on both sides of the
 * FFT switch (direct sums below 32 lags, autocorrelation by FFT over time from 32), two member batches,
 * centred estimates, normalised and not. F64: the estimate, its block standard errors, the raw Stein
 * column and the conjugate mean agree within 10⁻¹² of the largest |value| of each (measured ≈ 10⁻¹⁴).
 */
class LinearConjugateGfdtTest {

    @ParameterizedTest(name = "N={0} lags={1} members={2},{3} blocks={4} normalise={5}")
    @CsvSource({
        "8, 5, 12, 9, 3, true",
        "8, 40, 12, 0, 4, false",
        "16, 33, 9, 7, 3, true",
    })
    void nativeAutocorrelationMatchesTheJavaReference(int n, int lags, int members1, int members2, int blocks, boolean normalise) {
        NativeCpuBackend tier = NativeTier.require();
        Grid grid = new Grid(n);
        int size = grid.size();
        double mu = 0.7;
        double[] spectrum = new double[size];
        for (int i = 0; i < size; i++) spectrum[i] = size * (0.5 + 1.0 / (1 + (i % n) + (i / n)));
        SpectralQuasiGaussianScore score = SpectralQuasiGaussianScore.of(grid, mu, spectrum, 1e-3);
        var o = new GfdtEstimator.Options(lags, blocks, normalise, 0, 1);
        GfdtEstimator ref = GfdtEstimator.grid("ref", score, grid, n + 2, 0.5, o, ResponseKernels.REFERENCE, Precision.F64, 0);
        GfdtEstimator got = GfdtEstimator.grid("got", score, grid, n + 2, 0.5, o, tier, Precision.F64, 2);
        SplittableRandom r = new SplittableRandom(lags * 101L + n);
        int[] saves = {2 * lags + 45, 23};
        int[] members = {members1, members2};
        for (int batch = 0; batch < 2 && members[batch] > 0; batch++) {
            if (batch == 1) {
                ref.beginMemberBatch();
                got.beginMemberBatch();
            }
            int m = members[batch];
            double[] u = new double[m * size];
            for (int i = 0; i < u.length; i++) u[i] = mu + r.nextGaussian();
            for (int t = 0; t < saves[batch]; t++) {
                for (int i = 0; i < u.length; i++) u[i] = mu + 0.85 * (u[i] - mu) + 0.5 * r.nextGaussian();
                ref.observe(t, t * 0.5, u, m);
                got.observe(t, t * 0.5, u, m);
            }
        }
        ResponseEstimate a = ref.estimate(), b = got.estimate();
        String what = "N=" + n + " lags " + lags;
        close(a.mean(), b.mean(), what + " estimate");
        close(a.stderr(), b.stderr(), what + " block standard errors");
        var sa = a.stein().orElseThrow();
        var sb = b.stein().orElseThrow();
        close(sa.column(), sb.column(), what + " raw Stein column");
        assertEquals(sa.conjugateMean(), sb.conjugateMean(), 1e-12 * Math.max(Math.abs(sa.conjugateMean()), sa.conjugateMeanStderr()),
                what + " conjugate mean");
        assertEquals(sa.conjugateMeanStderr(), sb.conjugateMeanStderr(), 1e-10 * sa.conjugateMeanStderr(), what + " its error");
        ref.close();
        got.close();
    }

    private static void close(double[] want, double[] have, String what) {
        assertEquals(want.length, have.length, what);
        double scale = 0, diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - have[i]));
        }
        System.out.printf("linear conjugate, native vs Java: %s differs by %.2e of its largest |value|%n", what, diff / scale);
        double d = diff, s = scale;
        assertTrue(d <= 1e-12 * s, () -> what + ": differs by " + d + " > 1e-12 × " + s);
    }
}
