package org.scorefdt.model;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * 2-D DFT on an N×N periodic grid for the pure-Java reference (JTransforms). Conventions match
 * FFTW's: forward unnormalised, û(k) = Σ_x u(x) e^{−ik·x}; inverse divides by N². Spectra are full
 * complex N×N arrays, interleaved (re, im), [ky][kx] in FFT order.
 *
 * <p>Not thread-safe (it owns a work buffer); create one per thread.
 */
public final class SpectralTransform {
    private final int n;
    private final DoubleFFT_2D fft;
    private final double[] work;

    public SpectralTransform(Grid grid) {
        this.n = grid.n();
        this.fft = new DoubleFFT_2D(n, n);
        this.work = new double[2 * n * n];
    }

    /** Spectrum of the real field {@code u[off .. off+N²)} into {@code spectrum} (2N² doubles). */
    public void forward(double[] u, int off, double[] spectrum) {
        System.arraycopy(u, off, spectrum, 0, n * n);
        fft.realForwardFull(spectrum);
    }

    /** Real part of the inverse transform of {@code spectrum} into {@code u[off .. off+N²)}. */
    public void inverseReal(double[] spectrum, double[] u, int off) {
        System.arraycopy(spectrum, 0, work, 0, work.length);
        fft.complexInverse(work, true);
        for (int i = 0; i < n * n; i++) u[off + i] = work[2 * i];
    }
}
