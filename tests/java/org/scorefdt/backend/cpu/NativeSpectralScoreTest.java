package org.scorefdt.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Grid;
import org.scorefdt.model.OuSpde;
import org.scorefdt.score.ExactOuScore;
import org.scorefdt.score.ScoreKernels;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.testing.NativeTier;

/**
 * The native spectral score ({@code sfdt_spectral_score}) and the fit's half spectra
 * ({@code sfdt_half_spectra}) against their Java references (JTransforms), on the OU law of the paper
 * preset's physics and on random even spectra, with a mean, at 1 and 2 threads. Bounds, per member in
 * L2: F64 ‖native − java‖ ≤ 10⁻¹²·‖java‖; F32 ≤ 2c·2⁻²⁴·(max S / min S)·‖java‖ with c = 1 + 7·log₂N²
 * (the forward and inverse float transforms' error, docs/backends.md §1, amplified at most by the
 * spread of the gain −N²/S across modes). Without the native tier the offers fall back to Java.
 */
class NativeSpectralScoreTest {

    static double[] fields(int members, int size, double mean, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[members * size];
        for (int i = 0; i < x.length; i++) x[i] = mean + r.nextGaussian() * (1 + (i % 7) * 0.1);
        return x;
    }

    /** A positive spectrum even in k (S(k) = S(−k)), as every fitted or stationary spectrum of a real field is. */
    static double[] evenSpectrum(Grid g, long seed, double spread) {
        int n = g.n();
        SplittableRandom r = new SplittableRandom(seed);
        double[] s = new double[g.size()];
        for (int ky = 0; ky < n; ky++) {
            for (int kx = 0; kx < n; kx++) {
                int mirror = ((n - ky) % n) * n + (n - kx) % n, i = ky * n + kx;
                s[i] = mirror < i ? s[mirror] : Math.exp(r.nextDouble() * Math.log(spread));
            }
        }
        return s;
    }

    static void assertClose(double[] want, double[] got, int members, int size, double rel, String what) {
        for (int m = 0; m < members; m++) {
            double err = 0, ref = 0;
            for (int i = m * size; i < (m + 1) * size; i++) {
                err += (got[i] - want[i]) * (got[i] - want[i]);
                ref += want[i] * want[i];
            }
            assertTrue(Math.sqrt(err) <= rel * Math.sqrt(ref),
                    what + " member " + m + ": |native − java| = " + Math.sqrt(err) + " > " + rel + " · " + Math.sqrt(ref));
        }
    }

    static double f32Bound(Grid g, double[] spectrum) {
        double lo = Double.MAX_VALUE, hi = 0;
        for (double v : spectrum) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double c = 1 + 7 * (Math.log(g.size()) / Math.log(2));
        return 2 * c * Math.pow(2, -24) * (hi / lo);
    }

    @ParameterizedTest(name = "N={0} members={1} threads={2} {3}")
    @CsvSource({"8, 1, 1, F64", "8, 33, 2, F64", "32, 3, 1, F64", "32, 128, 2, F64", "6, 5, 2, F64",
        "8, 33, 2, F32", "32, 128, 2, F32"})
    void quasiGaussianScoreMatchesJava(int n, int members, int threads, Precision precision) {
        NativeCpuBackend cpu = NativeTier.require();
        Grid g = new Grid(n);
        double mean = 0.75, spread = 40;
        SpectralQuasiGaussianScore ref = SpectralQuasiGaussianScore.of(g, mean, evenSpectrum(g, n, spread), 1e-8);
        SpectralQuasiGaussianScore got = ref.on(cpu, precision, threads);
        assertEquals("java", ref.tier());
        assertEquals("native", got.tier());
        double[] x = fields(members, g.size(), mean, 17L * n + members);
        double[] want = new double[x.length], out = new double[x.length];
        ref.score(x, want, members);
        got.score(x, out, members);
        double rel = precision == Precision.F64 ? 1e-12 : f32Bound(g, ref.spectrum());
        assertClose(want, out, members, g.size(), rel, "quasi-Gaussian " + precision);
    }

    @ParameterizedTest(name = "{0} threads={1}")
    @CsvSource({"F64, 1", "F64, 2", "F32, 2"})
    void exactOuScoreMatchesJavaAtThePaperSize(Precision precision, int threads) {
        NativeCpuBackend cpu = NativeTier.require();
        OuSpde model = new OuSpde(OuSpde.Params.paper(32));
        OuExact exact = new OuExact(model, new IntegratorSpec(Scheme.EXACT_OU, 1.0));
        ExactOuScore ref = new ExactOuScore(exact), got = new ExactOuScore(exact, cpu, precision, threads);
        assertEquals("native", got.tier());
        int members = 17;
        double[] x = fields(members, model.dimension(), 0, 5);
        double[] want = new double[x.length], out = new double[x.length];
        ref.score(x, want, members);
        got.score(x, out, members);
        double rel = precision == Precision.F64 ? 1e-12 : f32Bound(model.spectralGrid(), exact.stationarySpectrum());
        assertClose(want, out, members, model.dimension(), rel, "exact OU " + precision);
    }

    @ParameterizedTest(name = "N={0} rows={1}")
    @CsvSource({"8, 1", "8, 33", "32, 128", "6, 7"})
    void fitOnNativeTransformsMatchesJava(int n, int rows) {
        NativeCpuBackend cpu = NativeTier.require();
        Grid g = new Grid(n);
        double[] x = fields(rows, g.size(), 3.0, n + rows);
        var ref = new SpectralQuasiGaussianScore.Fitter(g);
        var got = new SpectralQuasiGaussianScore.Fitter(g, cpu, 2);
        for (var f : java.util.List.of(ref, got)) {
            f.add(x, rows);
            f.add(x, 1);  // a second batch, smaller than the first
        }
        double[] sj = ref.spectrum(), sg = got.spectrum();
        double norm = 0;
        for (double v : sj) norm = Math.max(norm, Math.abs(v));
        for (int i = 0; i < sj.length; i++) assertEquals(sj[i], sg[i], 1e-12 * norm, "mode " + i);
        assertEquals(ref.mean(), got.mean(), 1e-12 * Math.abs(ref.mean()));
        assertEquals(ref.count(), got.count());
    }

    /** The Java tier (and any chain without the native library) answers "reference": the Java loops run. */
    @Test
    void withoutTheNativeTierTheJavaLoopsRun() {
        Grid g = new Grid(8);
        double[] s = evenSpectrum(g, 3, 10);
        for (ScoreKernels k : new ScoreKernels[] {ScoreKernels.REFERENCE, new JavaBackend()}) {
            assertTrue(k.spectralScore(g, 0, s, Precision.F64, 0).byReference());
            assertTrue(k.halfSpectra(g, 0).byReference());
            SpectralQuasiGaussianScore q = SpectralQuasiGaussianScore.of(g, 0.5, s, 0);
            assertEquals("java", q.on(k, Precision.F64, 0).tier());
            double[] x = fields(2, g.size(), 0.5, 1), a = new double[x.length], b = new double[x.length];
            q.score(x, a, 2);
            q.on(k, Precision.F64, 0).score(x, b, 2);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);  // the same loop, bit for bit
        }
    }
}
