package org.scorefdt.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.model.OuSpde.NoiseScaling;
import org.scorefdt.model.SpectralTransform;

/**
 * The analytic Allen–Cahn score: (a) the algebraic identity drift(u) − (Q/2)s(u) = −A∂x u with
 * Q = ε²c²Σ, on random fields, which pins the constant 2/(ε²c²) to our discrete noise; (b) the Stein
 * identity E[(u − c) s(u)ᵀ] = −I on a simulated stationary ensemble (N = 8, A = 0), with its
 * standard error from the spread over independent members.
 */
class AllenCahnScoreTest {

    @ParameterizedTest(name = "n={0} A={1} {2}")
    @CsvSource({"8, 0.02, GRID", "16, 0.5, CONTINUUM", "6, 0.0, GRID"})
    void driftMinusHalfQTimesScoreIsTheAdvection(int n, double adv, NoiseScaling scaling) {
        AllenCahn ac = new AllenCahn(new AllenCahn.Params(n, 16, 2.5e-3, adv, 4e-3, scaling));
        AllenCahnScore score = new AllenCahnScore(ac);
        Grid g = ac.spectralGrid();
        int d = g.size(), members = 3;
        double c = scaling == NoiseScaling.GRID ? n : n / (2 * Math.PI);
        assertEquals(2 / (4e-3 * c * c), score.prefactor(), 1e-12 * score.prefactor());
        java.util.Random r = new java.util.Random(n);
        double[] u = new double[members * d], s = new double[members * d];
        for (int i = 0; i < u.length; i++) u[i] = r.nextGaussian() * 0.8 + (i % 3 == 0 ? 1 : -0.5);
        score.score(u, s, members);
        SpectralTransform fft = new SpectralTransform(g);
        double[] f = new double[d], sh = new double[2 * d], uh = new double[2 * d], halfQs = new double[d], adx = new double[d];
        for (int m = 0; m < members; m++) {
            ac.drift(u, m * d, f, 0);
            fft.forward(s, m * d, sh);
            fft.forward(u, m * d, uh);
            for (int i = 0; i < d; i++) {
                int jy = i / n, jx = i % n;
                double q = 4e-3 * c * c / (1 + g.k2(jy, jx)) / 2;          // (Q/2)(k)
                sh[2 * i] *= q;
                sh[2 * i + 1] *= q;
                double kx = jx == n / 2 ? 0 : g.wavenumber(jx);             // −A·i·kx·û
                double re = uh[2 * i], im = uh[2 * i + 1];
                uh[2 * i] = adv * kx * im;
                uh[2 * i + 1] = -adv * kx * re;
            }
            fft.inverseReal(sh, halfQs, 0);
            fft.inverseReal(uh, adx, 0);
            double scale = 0, err = 0;
            for (int i = 0; i < d; i++) {
                scale = Math.max(scale, Math.abs(f[i]));
                err = Math.max(err, Math.abs(f[i] - halfQs[i] - adx[i]));
            }
            assertTrue(err <= 1e-12 * scale, "max |f − (Q/2)s + A∂x u| = " + err + " vs scale " + scale);
        }
    }

    /**
     * Stein: for any constant vector c, E[(u − c) s(u)ᵀ] = −I under p. Members start in the wells
     * u = ±1 and stay there (the barrier of a uniform flip is ~ e^{−100}), so c = ±1 per member, a
     * function of u constant on each well, removes the large ±1·s term from the variance. By
     * translation invariance the matrix is read as H(r) = −(1/N²) Σ_x (u(x + r) − c) s(x), which should
     * be δ_{r,0}; checked at r = 0, (1, 0) and (0, 1). RK4+EM at dt = 1/128 biases it by O(dt),
     * predicted mode by mode from the linearisation about u = ±1 (rate λ_k = κ|k|² + 2α/(1+|k|²), RK4
     * factor a_k, variance ratio ρ_k = 2λ_k dt/(1 − a_k²)): E H(r) ≈ (1/N²) Σ_k ρ_k cos(k·r).
     * Tolerance: 4 standard errors over 32 independent members per offset (three checks).
     * α = 4, κ = 0.05 keep every mode's relaxation time ≤ 1 so 30 units give many decorrelated samples.
     * Measured (seed 11): H(0) = 1.0015 ± 0.0060 against the predicted 1.0137; at dt = 1/32 the same
     * path gives 1.0406 ± 0.0052 against 1.0558, so the O(dt) slope matches the prediction. A wrong
     * constant (e.g. c = 1/h instead of N, a factor (2π)²) would move H(0) by far more than the tolerance.
     * Off the diagonal (predicted 0.0026): H(1,0) = 0.0042 ± 0.0033, H(0,1) = 0.0125 ± 0.0035 (2.8 SE;
     * seeds 12 and 13 give H(0,1) = 0.0045 ± 0.0051 and 0.0084 ± 0.0054, so this is the seed's draw).
     */
    @Test
    void steinIdentityOnASimulatedStationaryEnsemble() {
        AllenCahn.Params p = new AllenCahn.Params(8, 4, 0.05, 0.0, 4e-3, NoiseScaling.GRID);
        AllenCahn ac = new AllenCahn(p);
        AllenCahnScore score = new AllenCahnScore(ac);
        int n = 8, d = 64, members = 32, samples = 30;
        int[][] offsets = {{0, 0}, {1, 0}, {0, 1}};       // (rx, ry)
        double dt = 1.0 / 128;
        double[] u = new double[members * d], s = new double[members * d];
        for (int m = 0; m < members; m++) java.util.Arrays.fill(u, m * d, (m + 1) * d, m % 2 == 0 ? 1 : -1);
        double[][] perMember = new double[offsets.length][members];
        try (Integrator in = new JavaBackend().integrator(ac, new IntegratorSpec(Scheme.RK4_EM, dt), Precision.F64, 11L, 2)) {
            long step = 0;
            in.advance(u, members, 0, step, 3 * 128);
            step += 3 * 128;
            for (int k = 0; k < samples; k++) {
                in.advance(u, members, 0, step, 128);
                step += 128;
                score.score(u, s, members);
                for (int m = 0; m < members; m++) {
                    double well = m % 2 == 0 ? 1 : -1;
                    for (int o = 0; o < offsets.length; o++) {
                        double h = 0;
                        for (int y = 0; y < n; y++) {
                            for (int x = 0; x < n; x++) {
                                int shifted = ((y + offsets[o][1]) % n) * n + (x + offsets[o][0]) % n;
                                h += (u[m * d + shifted] - well) * s[m * d + y * n + x];
                            }
                        }
                        perMember[o][m] += -h / d / samples;
                    }
                }
            }
        }
        StringBuilder report = new StringBuilder();
        for (int o = 0; o < offsets.length; o++) {
            double mean = 0, var = 0;
            for (double v : perMember[o]) mean += v / members;
            for (double v : perMember[o]) var += (v - mean) * (v - mean) / (members - 1);
            double se = Math.sqrt(var / members);
            double expected = linearisedBias(p, dt, offsets[o][0], offsets[o][1]);
            report.append(String.format("H(%d,%d) = %.5f ± %.5f, predicted %.5f%n", offsets[o][0], offsets[o][1], mean, se, expected));
            assertEquals(expected, mean, 4 * se, report::toString);
            // Sharp enough to see a wrong noise constant: grid vs continuum scaling differ by (2π)².
            assertTrue(se < 0.02, report::toString);
        }
        double h0 = linearisedBias(p, dt, 0, 0), h1 = linearisedBias(p, dt, 1, 0);
        assertTrue(h0 > 1 && h0 < 1.05 && Math.abs(h1) < 0.01, "predicted O(dt) bias " + h0 + ", " + h1);
    }

    /** (1/N²) Σ_k ρ_k cos(k·r) with ρ_k the RK4+EM variance ratio of the linearised mode k. */
    static double linearisedBias(AllenCahn.Params p, double dt, int rx, int ry) {
        Grid g = new Grid(p.n());
        double sum = 0;
        for (int jy = 0; jy < p.n(); jy++) {
            for (int jx = 0; jx < p.n(); jx++) {
                double k2 = g.k2(jy, jx);
                double z = -(p.kappa() * k2 + 2 * p.alpha() / (1 + k2)) * dt;
                double a = 1 + z + z * z / 2 + z * z * z / 6 + z * z * z * z / 24;
                double phase = 2 * Math.PI * (g.wavenumber(jx) * rx + g.wavenumber(jy) * ry) / p.n();
                sum += 2 * (-z) / (1 - a * a) * Math.cos(phase);
            }
        }
        return sum / g.size();
    }

    @Test
    void badBatchShapeIsRefused() {
        AllenCahnScore score = new AllenCahnScore(new AllenCahn(AllenCahn.Params.paper(8)));
        assertEquals(64, score.dimension());
        var e = assertThrows(IllegalArgumentException.class, () -> score.score(new double[64], new double[128], 2));
        assertTrue(e.getMessage().contains("2 × 64"), e.getMessage());
    }

    /** The divergence is the trace of the Jacobian: check it by central differences of s. */
    @Test
    void divergenceIsTheTraceOfTheJacobian() {
        AllenCahnScore score = new AllenCahnScore(new AllenCahn(new AllenCahn.Params(6, 16, 0.3, 0.02, 4e-3, NoiseScaling.GRID)));
        int d = 36;
        double[] u = new double[d], up = new double[d], um = new double[d], sp = new double[d], sm = new double[d];
        for (int i = 0; i < d; i++) u[i] = Math.cos(1.3 * i);
        double tr = 0, h = 1e-5;
        for (int i = 0; i < d; i++) {
            System.arraycopy(u, 0, up, 0, d);
            System.arraycopy(u, 0, um, 0, d);
            up[i] += h;
            um[i] -= h;
            score.score(up, sp, 1);
            score.score(um, sm, 1);
            tr += (sp[i] - sm[i]) / (2 * h);
        }
        double div = score.divergence(u, 0);
        assertEquals(div, tr, 1e-6 * Math.abs(div));
    }
}
