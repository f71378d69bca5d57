package org.scorefdt.integrate;

import org.scorefdt.model.Grid;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.Noise;

/**
 * One step of a linear spectral model per mode, û' = a(k)·û + b(k)·ŵ with ŵ the unnormalised DFT of
 * the step's white noise; every scheme is a pair (a, b), computed once here for all backends. Full
 * N×N layout; {@link #halfSpectrum} gives the r2c layout. Table of (a, b): docs/numerics.md §2.
 */
public record LinearSpectralStep(Grid grid, double[] aRe, double[] aIm, double[] bRe, double[] bIm) {

    public static LinearSpectralStep of(LinearSpectralModel model, IntegratorSpec spec) {
        Grid grid = model.spectralGrid();
        double[] mRe = model.symbolRe(), mIm = model.symbolIm();
        Noise.SpectralCorrelated noise = model.noise();
        double[] sq = noise.sqrtSymbol();
        int size = grid.size();
        double[] aRe = new double[size], aIm = new double[size], bRe = new double[size], bIm = new double[size];
        double dt = spec.dt(), sqrtDt = Math.sqrt(dt);
        for (int i = 0; i < size; i++) {
            double zr = mRe[i] * dt, zi = mIm[i] * dt;
            double g = noise.amplitude() * sq[i];
            switch (spec.scheme()) {
                case EXACT_OU -> {
                    double mag = Math.exp(zr);
                    aRe[i] = mag * Math.cos(zi);
                    aIm[i] = mag * Math.sin(zi);
                    bRe[i] = mRe[i] == 0 ? g * sqrtDt : g * Math.sqrt(-Math.expm1(2 * zr) / (-2 * mRe[i]));
                }
                case ETD1, ETD2 -> {                      // exact linear flow, noise added after it
                    double mag = Math.exp(zr);
                    aRe[i] = mag * Math.cos(zi);
                    aIm[i] = mag * Math.sin(zi);
                    bRe[i] = g * sqrtDt;
                }
                case EULER_MARUYAMA -> {
                    aRe[i] = 1 + zr;
                    aIm[i] = zi;
                    bRe[i] = g * sqrtDt;
                }
                case HEUN -> {
                    double z2r = zr * zr - zi * zi, z2i = 2 * zr * zi;
                    aRe[i] = 1 + zr + z2r / 2;
                    aIm[i] = zi + z2i / 2;
                    bRe[i] = (1 + zr / 2) * g * sqrtDt;
                    bIm[i] = (zi / 2) * g * sqrtDt;
                }
                case RK4_EM -> {
                    double pr = 1, pi = 0, sr = 1, si = 0, fact = 1;
                    for (int j = 1; j <= 4; j++) {
                        double nr = pr * zr - pi * zi, ni = pr * zi + pi * zr;
                        pr = nr;
                        pi = ni;
                        fact *= j;
                        sr += pr / fact;
                        si += pi / fact;
                    }
                    aRe[i] = sr;
                    aIm[i] = si;
                    bRe[i] = g * sqrtDt;
                }
            }
        }
        return new LinearSpectralStep(grid, aRe, aIm, bRe, bIm);
    }

    /** Extracts the [ky][kx = 0..N/2] half-spectrum layout of r2c transforms from a full array. */
    public static double[] halfSpectrum(Grid grid, double[] full) {
        int n = grid.n(), h = n / 2 + 1;
        double[] out = new double[n * h];
        for (int jy = 0; jy < n; jy++) System.arraycopy(full, jy * n, out, jy * h, h);
        return out;
    }

    /**
     * Stationary spectrum E|û(k)|² of the discrete recursion, |b|²·N²/(1 − |a|²); the exact
     * scheme's equals the continuous-time one, the others carry their O(dt) bias exactly.
     */
    public double[] stationarySpectrum() {
        int size = grid.size();
        double[] s = new double[size];
        for (int i = 0; i < size; i++) {
            double a2 = aRe[i] * aRe[i] + aIm[i] * aIm[i];
            if (!(a2 < 1)) {
                throw new IllegalStateException("mode " + i + " is not damped by this step (|a|² = " + a2 + "): dt too large");
            }
            s[i] = (bRe[i] * bRe[i] + bIm[i] * bIm[i]) * size / (1 - a2);
        }
        return s;
    }
}
