package org.scorefdt.score;

/**
 * A tier's batched spectral score, s = IFFT(g·FFT(x − μ)) per member with g(k) = −N²/S(k): the work of
 * {@link SpectralQuasiGaussianScore#score} and {@link ExactOuScore#score}, whose Java loops stay the
 * reference. Obtained from {@link ScoreKernels#spectralScore}. Thread-safe.
 */
public interface SpectralScoreKernel {

    /** s(x) for {@code members} rows {@code [members][N²]} of {@code x} into {@code out}. */
    void score(double[] x, double[] out, int members);

    /** Where it runs ({@code native}, …), for logs. */
    String tier();
}
