package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.score.ScoreKernels;
import org.junit.jupiter.api.Tag;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scorefdt.response.Conjugate;
import org.scorefdt.score.AmplitudeCorrectedScore;
import org.scorefdt.score.KdeScore;
import org.scorefdt.score.QuasiGaussianScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.GaussianBase;
import org.scorefdt.score.nn.LinearCorrection;
import org.scorefdt.score.nn.Mlp;
import org.scorefdt.score.nn.NoiseSchedule;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: the device conjugates of {@link DeviceConjugates} against the host's B = −s
 * ({@link Conjugate#negativeScore}) on states with an offset and correlations, d = 1 and 3, 37 members:
 * <ul>
 *   <li>quasi-Gaussian (Cholesky solves in Java's order), KDE (F64 pair kernel) and the amplitude
 *       correction around the KDE: bitwise;</li>
 *   <li>DSM MLP: normalisation, σ-conditioning and output scaling are bitwise, the forward pass is
 *       CudaMlp's (≤ 10⁻¹² × max|net output|, CudaMlpTest), so |ΔB| ≤ 10⁻¹²·max|B|;</li>
 *   <li>amplitude correction around the DSM score: |ΔB̃_i| ≤ Σ_j |T_ij|(|ΔB_j| + 2d·u·|B_j|) (the
 *       propagated difference plus both orders' rounding of the d-term sum) ≤ ‖T‖_∞(10⁻¹² + 2du)·max|B|.</li>
 * </ul>
 * Also: a second {@code apply} makes no host copy. Runs here on the fake driver (FakeDriverRunner).
 */
@Tag("gpu")
class CudaDeviceScoreTest {
    private static final int MEMBERS = 37, N = 240;
    private static final double U = 0x1.0p-53;

    /** Correlated samples around (1, −2, 0.5) (the first d components). */
    private static double[] samples(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int r = 0; r < n; r++) {
            double z0 = rng.nextGaussian();
            for (int i = 0; i < d; i++) x[r * d + i] = (i == 1 ? -2 : i == 0 ? 1 : 0.5) + 0.8 * z0 * (i + 1) / d + 0.6 * rng.nextGaussian();
        }
        return x;
    }

    private static DsmScore dsm(double[] data, int n, int d, Activation act) {
        int[] widths = {d + 1, 16, 12, d};
        Mlp init = Mlp.initialised(widths, act, 5);
        double[] p = init.parameters();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < p.length; i++) p[i] += 0.05 * rng.nextGaussian();  // non-zero biases too
        double[] mean = new double[d], std = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0, q = 0;
            for (int r = 0; r < n; r++) s += data[r * d + i];
            mean[i] = s / n;
            for (int r = 0; r < n; r++) q += (data[r * d + i] - mean[i]) * (data[r * d + i] - mean[i]);
            std[i] = Math.sqrt(q / n);
        }
        return new DsmScore(Mlp.of(widths, act, p), mean, std, new NoiseSchedule(0.05, 3.0, 1e-3),
                DsmConfig.builder().base(DsmConfig.Base.NONE).build());
    }

    private static double[] shifted(double[] mu) {
        double[] c = mu.clone();
        for (int i = 0; i < c.length; i++) c[i] += 0.3 * (i + 1);
        return c;
    }

    private static double[] host(ScoreModel s, double[] x) {
        double[] b = new double[x.length];
        Conjugate.negativeScore(s).apply(x, b, MEMBERS);
        return b;
    }

    private static double[] device(CudaDevice dev, ScoreModel s, double[] x) {
        int d = s.dimension();
        try (DeviceConjugate c = DeviceConjugates.of(s, dev);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * d);
             DeviceBuffer out = DeviceBuffer.allocate(dev, Dtype.F64, (long) MEMBERS * d)) {
            assertEquals(d, c.dimension());
            states.copyFrom(x);
            c.apply(states, MEMBERS, out);
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            c.apply(states, MEMBERS, out);
            DeviceBuffer.CopyCount during = DeviceBuffer.copies().since(before);
            assertEquals(0, during.toDevice() + during.toHost(), s.name() + ": apply copied " + during);
            assertThrows(IllegalArgumentException.class, () -> c.apply(states, MEMBERS, states));
            return out.toArray();
        }
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, Math.abs(x));
        return m;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void deviceConjugatesEqualTheHostOnesWithinTheirBounds(int d) {
        CudaDevice dev = CudaTier.require().device();
        double[] data = samples(N, d, 17), x = samples(MEMBERS, d, 29);
        for (int i = 0; i < x.length; i += 5) x[i] *= 1.7;  // some states in the tails

        QuasiGaussianScore qg = QuasiGaussianScore.fit(data, N, d, 1e-10);
        assertArrayEquals(host(qg, x), device(dev, qg, x), "quasi-Gaussian: bitwise");

        try (KdeScore kde = KdeScore.of(data, N, d, 0.4, ScoreKernels.REFERENCE, 1)) {
            assertArrayEquals(host(kde, x), device(dev, kde, x), "KDE: bitwise");
            AmplitudeCorrectedScore ac = AmplitudeCorrectedScore.fit(kde, data, N);
            assertArrayEquals(host(ac, x), device(dev, ac, x), "amplitude-corrected KDE: bitwise");
        }

        for (Activation act : Activation.values()) {
            DsmScore net = dsm(data, N, d, act);
            double[] want = host(net, x), got = device(dev, net, x);
            double bound = 1e-12 * maxAbs(want) * (1 + 4 * U), diff = maxDiff(want, got);
            System.err.printf("CudaDeviceScoreTest d=%d DSM %s: max|ΔB| = %.3e (bound %.3e)%n", d, act, diff, bound);
            assertTrue(diff <= bound, "DSM " + act + ": max|ΔB| = " + diff + " > " + bound);

            // over a Gaussian base with a linear correction (docs/score-models.md §4.2): the network's bound plus the
            // rounding of the affine part's d-term sums, summed in another order than the host's eigenvector path
            GaussianBase base = GaussianBase.fit(data, N, d);
            SplittableRandom rng = new SplittableRandom(41);
            double[] a = new double[d], b = new double[d * d];
            for (int i = 0; i < d; i++) a[i] = 0.1 * rng.nextGaussian();
            for (int k = 0; k < d * d; k++) b[k] = 0.1 * rng.nextGaussian();
            DsmConfig gaussian = net.config().toBuilder().base(DsmConfig.Base.GAUSSIAN).build();
            DsmScore based = new DsmScore(net.network(), net.mean(), net.std(), net.schedule(), gaussian, base)
                    .withCorrection(new LinearCorrection(shifted(base.mean()), a, b)); // centre ≠ μ: the offset's B(μ − c) term counts
            double[] wantB = host(based, x), gotB = device(dev, based, x), mu = base.mean(), prec = base.precision();
            double affine = 0;
            for (int r = 0; r < MEMBERS; r++) {
                for (int i = 0; i < d; i++) {
                    double v = Math.abs(a[i]);
                    for (int j = 0; j < d; j++) {
                        v += (Math.abs(prec[i * d + j]) + Math.abs(b[i * d + j])) * Math.abs(x[r * d + j] - mu[j])
                                + Math.abs(b[i * d + j]) * 0.3 * (j + 1);
                    }
                    affine = Math.max(affine, v);
                }
            }
            double boundB = 1e-12 * maxAbs(want) * (1 + 4 * U) + 8 * (d + 2) * d * U * affine, diffB = maxDiff(wantB, gotB);
            System.err.printf("CudaDeviceScoreTest d=%d DSM %s over a Gaussian base: max|ΔB| = %.3e (bound %.3e)%n", d, act, diffB, boundB);
            assertTrue(diffB <= boundB, "based DSM " + act + ": max|ΔB| = " + diffB + " > " + boundB);

            AmplitudeCorrectedScore ac = AmplitudeCorrectedScore.fit(net, data, N);
            double[] t = ac.transform();
            double norm = 0;
            for (int i = 0; i < d; i++) {
                double row = 0;
                for (int j = 0; j < d; j++) row += Math.abs(t[i * d + j]);
                norm = Math.max(norm, row);
            }
            double[] wantAc = host(ac, x), gotAc = device(dev, ac, x);
            double acBound = norm * (1e-12 + 2 * d * U) * maxAbs(want) * 1.01, acDiff = maxDiff(wantAc, gotAc);
            System.err.printf("CudaDeviceScoreTest d=%d DSM %s normalised: max|ΔB̃| = %.3e (bound %.3e)%n", d, act, acDiff, acBound);
            assertTrue(acDiff <= acBound, "normalised DSM " + act + ": max|ΔB̃| = " + acDiff + " > " + acBound);
        }
    }
}
