package org.scorefdt.score;

import org.scorefdt.integrate.OuExact;
import org.scorefdt.integrate.Precision;

/**
 * The exact stationary score of a linear spectral (OU) model, s(u) = −C⁻¹u, applied spectrally:
 * ŝ(k) = −N² û(k)/S(k) with S(k) = E|û(k)|² the stationary spectrum of the scheme the
 * {@link OuExact} was built for (the exact-OU scheme gives the continuous-time law). Batches run on
 * the tier that offers the spectral score ({@link ScoreKernels#spectralScore}), else in
 * {@link OuExact#score}, the reference.
 */
public final class ExactOuScore implements CirculantGaussianScore {
    private final OuExact exact;
    private final SpectralScoreKernel kernel;  // null: OuExact.score

    /** The Java reference. */
    public ExactOuScore(OuExact exact) {
        this.exact = exact;
        this.kernel = null;
    }

    /**
     * With batches on the best tier of {@code kernels} offering the spectral score (the job's tiers).
     *
     * @throws IllegalStateException if the scheme has no stationary law (see {@link OuExact#stationarySpectrum})
     */
    public ExactOuScore(OuExact exact, ScoreKernels kernels, Precision precision, int threads) {
        this.exact = exact;
        var offer = kernels.spectralScore(exact.model().spectralGrid(), 0.0, exact.stationarySpectrum(), precision, threads);
        this.kernel = offer.offered() ? offer.value() : null;
    }

    @Override
    public int dimension() {
        return exact.model().dimension();
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        // The kernel and OuExact.score (one transform per thread) are both thread-safe.
        if (kernel != null) kernel.score(x, out, members);
        else exact.score(x, out, members);
    }

    /** Where the batches run: {@code java} or the kernel's tier. */
    public String tier() {
        return kernel == null ? "java" : kernel.tier();
    }

    @Override
    public String name() {
        return "exact-ou";
    }

    @Override
    public org.scorefdt.model.Grid grid() {
        return exact.model().spectralGrid();
    }

    /** 0: the OU field is centred. */
    @Override
    public double mean() {
        return 0;
    }

    /**
     * The scheme's stationary spectrum.
     *
     * @throws IllegalStateException if the scheme has no stationary law
     */
    @Override
    public double[] spectrum() {
        return exact.stationarySpectrum();
    }
}
