package org.scorefdt.score;

/**
 * A tier's batched forward transform of real N×N fields into their kx = 0 … N/2 half spectra
 * ({@code [row][ky][kx][re, im]}, unnormalised), for {@link SpectralQuasiGaussianScore.Fitter}, whose
 * Java transforms stay the reference. Obtained from {@link ScoreKernels#halfSpectra}. Thread-safe.
 */
public interface HalfSpectra {

    /** Half spectra of {@code rows} fields {@code [rows][N²]} into {@code out} ({@code rows × 2·N·(N/2+1)} values). */
    void transform(double[] fields, int rows, double[] out);
}
