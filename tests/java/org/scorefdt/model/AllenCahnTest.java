package org.scorefdt.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scorefdt.model.OuSpde.NoiseScaling;

/**
 * The Allen–Cahn drift against an independent dense real-space evaluation (operators built from
 * their symbols by direct DFT sums), the noise against OuSpde's, parameter validation, and the
 * initial field of docs/systems.md §2.
 */
class AllenCahnTest {

    /** Real circulant matrix of a symbol s(k) = sr + i·si on an n×n grid, by direct sums. */
    static double[][] circulant(Grid g, java.util.function.IntFunction<double[]> symbol) {
        int n = g.n(), d = g.size();
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int ry = Math.floorMod(i / n - j / n, n), rx = Math.floorMod(i % n - j % n, n);
                double sum = 0;
                for (int ky = 0; ky < n; ky++) {
                    for (int kx = 0; kx < n; kx++) {
                        double[] s = symbol.apply(ky * n + kx);
                        double ph = 2 * Math.PI * (g.wavenumber(kx) * rx + g.wavenumber(ky) * ry) / n;
                        sum += s[0] * Math.cos(ph) - s[1] * Math.sin(ph);
                    }
                }
                m[i][j] = sum / d;
            }
        }
        return m;
    }

    @Test
    void driftEqualsDenseRealSpaceEvaluation() {
        AllenCahn.Params p = new AllenCahn.Params(6, 16, 0.03, 0.4, 4e-3, NoiseScaling.GRID);
        AllenCahn ac = new AllenCahn(p);
        Grid g = ac.spectralGrid();
        int n = g.n(), d = g.size();
        // κΔ − A∂x with the Nyquist kx mapped to 0 in ∂x, and αΣ: symbols written from SYSTEMS §0.
        double[][] lin = circulant(g, i -> {
            int jy = i / n, jx = i % n;
            int kx = jx == n / 2 ? 0 : g.wavenumber(jx);
            return new double[] {-p.kappa() * g.k2(jy, jx), -p.advection() * kx};
        });
        double[][] sig = circulant(g, i -> new double[] {p.alpha() / (1 + g.k2(i / n, i % n)), 0});
        double[] u = new double[d], f = new double[d];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < d; i++) u[i] = 1.5 * r.nextGaussian();
        ac.drift(u, 0, f, 0);
        double maxErr = 0, scale = 0;
        for (int i = 0; i < d; i++) {
            double e = 0;
            for (int j = 0; j < d; j++) e += lin[i][j] * u[j] + sig[i][j] * (u[j] - u[j] * u[j] * u[j]);
            maxErr = Math.max(maxErr, Math.abs(e - f[i]));
            scale = Math.max(scale, Math.abs(e));
        }
        assertTrue(maxErr <= 1e-13 * scale, "max |spectral − dense| = " + maxErr + " (scale " + scale + ")");
    }

    @Test
    void noiseIsTheOuSpdeNoise() {
        for (NoiseScaling s : NoiseScaling.values()) {
            AllenCahn ac = new AllenCahn(new AllenCahn.Params(8, 16, 2.5e-4, 0.02, 4e-3, s));
            OuSpde ou = new OuSpde(new OuSpde.Params(8, 0.04, 2.5e-4, 0.02, 4e-3, s));
            assertEquals(ou.noise().amplitude(), ac.noise().amplitude(), 0.0);
            assertArrayEquals(ou.noise().sqrtSymbol(), ac.noise().sqrtSymbol(), 0.0);
        }
        // ε·c with c = N (grid, the default): √(4e-3)·8.
        assertEquals(Math.sqrt(4e-3) * 8, new AllenCahn(AllenCahn.Params.paper(8)).noise().amplitude(), 1e-15);
    }

    @Test
    void splitSymbolsFollowSystemsSection0() {
        AllenCahn ac = new AllenCahn(AllenCahn.Params.paper(8));
        double[] re = ac.linearRe(), im = ac.linearIm(), g = ac.reactionSymbol();
        // (ky, kx) = (1, 3): L = −κ·10 − i·A·3; Nyquist column kx = 4 has no advection; g = α/(1+|k|²).
        assertEquals(-2.5e-4 * 10, re[8 + 3], 1e-18);
        assertEquals(-0.02 * 3, im[8 + 3], 1e-18);
        assertEquals(0.0, im[8 + 4], 0.0);
        assertEquals(-2.5e-4 * 17, re[8 + 4], 1e-18);
        assertEquals(16.0 / 11, g[8 + 3], 1e-15);
        assertEquals(0.0, ac.reaction(1.0), 0.0);
        assertEquals(-6.0, ac.reaction(2.0), 0.0);
    }

    @Test
    void paramsAreValidatedWithTheFieldName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(8, -1, 2.5e-4, 0.02, 4e-3, NoiseScaling.GRID));
        assertTrue(e.getMessage().contains("alpha = -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(8, 16, Double.NaN, 0.02, 4e-3, NoiseScaling.GRID));
        assertTrue(e.getMessage().contains("kappa"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(8, 16, 0, Double.POSITIVE_INFINITY, 4e-3, NoiseScaling.GRID));
        assertTrue(e.getMessage().contains("advection"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(8, 16, 0, 0, 0, NoiseScaling.GRID));
        assertTrue(e.getMessage().contains("epsilon2 = 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(7, 16, 0, 0, 1, NoiseScaling.GRID));
        assertTrue(e.getMessage().contains("n = 7"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AllenCahn.Params(8, 16, 0, 0, 1, null));
        AllenCahn.Params paper = AllenCahn.Params.paper(32);
        assertEquals(new AllenCahn.Params(32, 16, 2.5e-4, 0.02, 4e-3, NoiseScaling.GRID), paper);
    }

    @Test
    void initialFieldIsSmoothedWhiteNoiseScaledToUnitMaximum() {
        Grid g = new Grid(16);
        int d = g.size(), members = 6;
        InitialCondition ic = InitialCondition.smoothedWhiteNoise(g);
        double[] all = new double[members * d];
        ic.fill(all, members, 10, 42L);
        // Member-split invariance: rows 3..5 filled as their own block give the same numbers.
        double[] tail = new double[3 * d];
        ic.fill(tail, 3, 13, 42L);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 3 * d, members * d), tail, 0.0);
        SpectralTransform fft = new SpectralTransform(g);
        double[] spec = new double[2 * d], w = new double[d], ws = new double[2 * d];
        for (int m = 0; m < members; m++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < d; i++) max = Math.max(max, all[m * d + i]);
            assertEquals(1.0, max, 1e-15);
            // u·max = Σ w with w the INITIAL-stream normals: check û(k)·(1+|k|²) ∝ ŵ(k) mode by mode.
            org.scorefdt.rng.Philox.normals(42L, org.scorefdt.rng.Streams.INITIAL, 10 + m, 0, w, 0, d, new org.scorefdt.rng.Philox.Scratch());
            fft.forward(all, m * d, spec);
            fft.forward(w, 0, ws);
            double ratio = Double.NaN;
            for (int i = 0; i < d; i++) {
                double k2 = g.k2(i / g.n(), i % g.n());
                double rr = spec[2 * i] * (1 + k2) / ws[2 * i];
                if (Double.isNaN(ratio)) ratio = rr;
                assertEquals(ratio, rr, 1e-9 * Math.abs(ratio));
                assertEquals(spec[2 * i + 1] * (1 + k2), ratio * ws[2 * i + 1], 1e-9 * Math.abs(ratio) * (1 + Math.abs(ws[2 * i + 1])));
            }
            assertTrue(ratio > 0, "scaled by a positive maximum");
        }
    }
}
