package org.scorefdt.integrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.model.OuSpde;
import org.scorefdt.model.Model;
import org.scorefdt.model.Grid;
import org.junit.jupiter.api.Test;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Scheme;

/**
 * The exact OU answers checked against independent dense linear algebra on a small grid: the drift
 * matrix M is built column by column from {@link OuSpde#drift}, the noise covariance rate Q from the
 * noise definition, and then C must solve the Lyapunov equation M C + C Mᵀ + Q = 0, the response
 * must equal e^{Mt} e₀, and the score must invert C.
 */
class OuExactTest {
    static final OuSpde MODEL = new OuSpde(new OuSpde.Params(4, 0.3, 0.02, 0.15, 4e-3, OuSpde.NoiseScaling.GRID));
    static final int D = 16;

    static double[][] driftMatrix(Model m) {
        double[][] a = new double[D][D];
        double[] e = new double[D], col = new double[D];
        for (int j = 0; j < D; j++) {
            java.util.Arrays.fill(e, 0);
            e[j] = 1;
            m.drift(e, 0, col, 0);
            for (int i = 0; i < D; i++) a[i][j] = col[i];
        }
        return a;
    }

    /** Q = amplitude²·Σ (the covariance rate of amplitude·Σ^{1/2} dW), built from its symbol by direct sums. */
    static double[][] noiseRate(OuSpde m) {
        Grid g = m.spectralGrid();
        double amp = m.noise().amplitude();
        double[] sq = m.noise().sqrtSymbol();
        double[][] q = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                int ry = Math.floorMod(i / 4 - j / 4, 4), rx = Math.floorMod(i % 4 - j % 4, 4);
                double s = 0;
                for (int ky = 0; ky < 4; ky++) {
                    for (int kx = 0; kx < 4; kx++) {
                        double phase = 2 * Math.PI * (g.wavenumber(kx) * rx + g.wavenumber(ky) * ry) / 4;
                        s += sq[ky * 4 + kx] * sq[ky * 4 + kx] * Math.cos(phase);
                    }
                }
                q[i][j] = amp * amp * s / D;
            }
        }
        return q;
    }

    static double[][] circulant(double[] c) {
        double[][] out = new double[D][D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                int ry = Math.floorMod(i / 4 - j / 4, 4), rx = Math.floorMod(i % 4 - j % 4, 4);
                out[i][j] = c[ry * 4 + rx];
            }
        }
        return out;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[D][D];
        for (int i = 0; i < D; i++) for (int k = 0; k < D; k++) for (int j = 0; j < D; j++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    /** e^{A t} by scaling and squaring of a 20-term Taylor series (‖A t‖ small after scaling). */
    static double[][] expm(double[][] a, double t) {
        int squarings = 10;
        double h = t / (1 << squarings);
        double[][] result = new double[D][D], term = new double[D][D];
        for (int i = 0; i < D; i++) { result[i][i] = 1; term[i][i] = 1; }
        for (int k = 1; k <= 20; k++) {
            double[][] next = mul(term, a);
            for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) { next[i][j] *= h / k; result[i][j] += next[i][j]; }
            term = next;
        }
        for (int s = 0; s < squarings; s++) result = mul(result, result);
        return result;
    }

    @Test
    void covarianceSolvesTheLyapunovEquation() {
        OuExact exact = new OuExact(MODEL, new IntegratorSpec(Scheme.EXACT_OU, 1.0));
        double[][] m = driftMatrix(MODEL), c = circulant(exact.laggedCovariance(0)), q = noiseRate(MODEL);
        double[][] mc = mul(m, c);
        double scale = 0;
        for (double[] row : q) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                double residual = mc[i][j] + mc[j][i] + q[i][j];   // C symmetric: (M C)ᵀ = C Mᵀ
                assertEquals(0, residual, 1e-12 * scale, "Lyapunov residual at " + i + "," + j);
            }
        }
        assertEquals(c[0][0], exact.pixelVariance(), 1e-15 * c[0][0]);
    }

    @Test
    void responseColumnIsTheMatrixExponential() {
        double dt = 0.5;
        OuExact exact = new OuExact(MODEL, new IntegratorSpec(Scheme.EXACT_OU, dt));
        double[][] m = driftMatrix(MODEL);
        for (int n : new int[] {0, 1, 7, 40}) {
            double[][] e = expm(m, n * dt);
            double[] col = exact.responseColumn(n);
            for (int i = 0; i < D; i++) assertEquals(e[i][0], col[i], 1e-12, "R(" + i + ", t=" + n * dt + ")");
        }
    }

    @Test
    void laggedCovarianceIsResponseTimesCovariance() {
        OuExact exact = new OuExact(MODEL, new IntegratorSpec(Scheme.EXACT_OU, 1.0));
        double[][] c0 = circulant(exact.laggedCovariance(0));
        double[][] r = circulant(exact.responseColumn(5));
        double[][] c5 = circulant(exact.laggedCovariance(5));
        double[][] rc = mul(r, c0);
        for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) assertEquals(rc[i][j], c5[i][j], 1e-14);
    }

    @Test
    void scoreInvertsTheCovariance() {
        OuExact exact = new OuExact(MODEL, new IntegratorSpec(Scheme.EXACT_OU, 1.0));
        double[][] c = circulant(exact.laggedCovariance(0));
        double[] u = new double[D], s = new double[D];
        for (int i = 0; i < D; i++) u[i] = Math.cos(1.3 * i) - 0.2 * i % 3;
        exact.score(u, s, 1);
        for (int i = 0; i < D; i++) {
            double cs = 0;
            for (int j = 0; j < D; j++) cs += c[i][j] * s[j];
            assertEquals(-u[i], cs, 1e-12);
        }
    }

    @Test
    void eulerMaruyamaStationarySpectrumCarriesItsKnownBias() {
        double dt = 0.2;
        double[] em = new OuExact(MODEL, new IntegratorSpec(Scheme.EULER_MARUYAMA, dt)).stationarySpectrum();
        double[] ex = new OuExact(MODEL, new IntegratorSpec(Scheme.EXACT_OU, dt)).stationarySpectrum();
        double[] mRe = MODEL.symbolRe(), mIm = MODEL.symbolIm();
        for (int i = 0; i < D; i++) {
            // |1 + m dt|² = 1 + 2 Re m dt + |m|² dt²  ⇒  S_EM = S / (1 − |m|² dt / (2|Re m|)).
            double m2 = mRe[i] * mRe[i] + mIm[i] * mIm[i];
            assertEquals(ex[i] / (1 - m2 * dt / (-2 * mRe[i])), em[i], 1e-12 * ex[i]);
        }
    }

    @Test
    void paperDefaultsGiveTheContinuumSpectrum() {
        OuSpde paper = new OuSpde(OuSpde.Params.paper(32));
        double[] s = new OuExact(paper, new IntegratorSpec(Scheme.EXACT_OU, 1.0)).stationarySpectrum();
        Grid g = paper.spectralGrid();
        double[] mRe = paper.symbolRe();
        for (int i = 0; i < g.size(); i++) {
            double k2 = g.k2(i / 32, i % 32);
            double expected = 4e-3 * 32 * 32 * 32 * 32 / (1 + k2) / (-2 * mRe[i]);   // ε² N² · N² Σ̂ / (2|Re m|)
            assertEquals(expected, s[i], 1e-9 * expected);
        }
        assertTrue(s[0] > 0);
    }
}
