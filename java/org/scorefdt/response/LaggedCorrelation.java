package org.scorefdt.response;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Offline lagged cross-correlations of stored series x(t) ∈ R^{dx}, y(t) ∈ R^{dy}, t = 0 … T−1:
 * <pre>  C_xy(τ)_{ij} = 1/(T−τ) · Σ_{t=0}^{T−1−τ} x_i(t+τ) y_j(t),   τ = 0 … L−1 (L ≤ T) </pre>
 * Each lag is divided by its <em>true</em> pair count T−τ. The authors' FFT correlation transforms
 * the length-T series without padding, so lag τ also sums τ wrapped-around products
 * x(t+τ−T) y(t) and is divided by T as if all T pairs were genuine (docs/systems.md §5); {@link #fft}
 * zero-pads to P ≥ 2T so no product wraps, which makes it equal to {@link #direct} to rounding.
 * Not centred: subtract means first if covariances are wanted.
 *
 * <p>Arrays: x {@code [T][dx]}, y {@code [T][dy]}, result {@code [L][dx][dy]}, all row-major.
 */
public final class LaggedCorrelation {
    private LaggedCorrelation() {}

    /** Direct sums, O(T·L·dx·dy). */
    public static double[] direct(double[] x, int dx, double[] y, int dy, int steps, int lags) {
        check(x, dx, y, dy, steps, lags);
        double[] c = new double[lags * dx * dy];
        for (int tau = 0; tau < lags; tau++) {
            int base = tau * dx * dy;
            for (int t = 0; t + tau < steps; t++) {
                int xo = (t + tau) * dx, yo = t * dy;
                for (int i = 0; i < dx; i++) {
                    double xi = x[xo + i];
                    for (int j = 0; j < dy; j++) c[base + i * dy + j] += xi * y[yo + j];
                }
            }
            double inv = 1.0 / (steps - tau);
            for (int k = 0; k < dx * dy; k++) c[base + k] *= inv;
        }
        return c;
    }

    /** Zero-padded FFT (JTransforms), O(dx·dy·P log P) with P the power of two ≥ 2T. */
    public static double[] fft(double[] x, int dx, double[] y, int dy, int steps, int lags) {
        check(x, dx, y, dy, steps, lags);
        int p = Integer.highestOneBit(Math.max(1, 2 * steps - 1));
        if (p < 2 * steps) p <<= 1; // P ≥ 2T: the circular correlation then has no wrapped products for |τ| < T
        DoubleFFT_1D fft = new DoubleFFT_1D(p);
        double[][] xs = spectra(fft, x, dx, steps, p), ys = spectra(fft, y, dy, steps, p);
        double[] c = new double[lags * dx * dy];
        double[] prod = new double[2 * p];
        for (int i = 0; i < dx; i++) {
            for (int j = 0; j < dy; j++) {
                double[] a = xs[i], b = ys[j];
                for (int k = 0; k < p; k++) { // X·conj(Y) ↔ Σ_t x(t+τ) y(t)
                    double ar = a[2 * k], ai = a[2 * k + 1], br = b[2 * k], bi = b[2 * k + 1];
                    prod[2 * k] = ar * br + ai * bi;
                    prod[2 * k + 1] = ai * br - ar * bi;
                }
                fft.complexInverse(prod, true);
                for (int tau = 0; tau < lags; tau++) c[(tau * dx + i) * dy + j] = prod[2 * tau] / (steps - tau);
            }
        }
        return c;
    }

    private static double[][] spectra(DoubleFFT_1D fft, double[] s, int d, int steps, int p) {
        double[][] out = new double[d][];
        for (int i = 0; i < d; i++) {
            double[] buf = new double[2 * p];
            for (int t = 0; t < steps; t++) buf[t] = s[t * d + i];
            fft.realForwardFull(buf);
            out[i] = buf;
        }
        return out;
    }

    private static void check(double[] x, int dx, double[] y, int dy, int steps, int lags) {
        if (dx < 1 || dy < 1 || steps < 1) {
            throw new IllegalArgumentException("dx, dy, steps must be >= 1 (got " + dx + ", " + dy + ", " + steps + ")");
        }
        if (lags < 1 || lags > steps) {
            throw new IllegalArgumentException("lags = " + lags + ": must be in 1 … T = " + steps);
        }
        if ((long) steps * dx > x.length || (long) steps * dy > y.length) {
            throw new IllegalArgumentException("series too short: x has " + x.length + " values (need " + (long) steps * dx
                    + "), y has " + y.length + " (need " + (long) steps * dy + ")");
        }
    }
}
