package org.scorefdt.score;

import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.util.Offer;

/**
 * The accelerated operations the score models ask a tier for. A backend tier implements this (its
 * answers are its table of what it offers); the score models never name a tier, they use what the
 * job's backend hands them. {@link #REFERENCE} answers every request with the Java reference code.
 */
public interface ScoreKernels {

    /** Every operation runs in the requesting type's Java reference code. */
    ScoreKernels REFERENCE = new ScoreKernels() {
        @Override
        public Offer<KdePairLoop> kde(KdeTerms terms, int threads) {
            return Offer.reference();
        }

        @Override
        public Offer<SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum, Precision precision,
                                                        int threads) {
            return Offer.reference();
        }

        @Override
        public Offer<HalfSpectra> halfSpectra(Grid grid, int threads) {
            return Offer.reference();
        }
    };

    /** Kernels whose KDE pair loop comes from {@code kde}; every other request gets the reference answer. */
    static ScoreKernels kdeFrom(java.util.function.BiFunction<KdeTerms, Integer, Offer<KdePairLoop>> kde) {
        return new ScoreKernels() {
            @Override
            public Offer<KdePairLoop> kde(KdeTerms terms, int threads) {
                return kde.apply(terms, threads);
            }

            @Override
            public Offer<SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum, Precision precision,
                                                            int threads) {
                return REFERENCE.spectralScore(grid, mean, spectrum, precision, threads);
            }

            @Override
            public Offer<HalfSpectra> halfSpectra(Grid grid, int threads) {
                return REFERENCE.halfSpectra(grid, threads);
            }
        };
    }

    /**
     * The KDE pair loop over the given data.
     *
     * @param threads worker threads, ≤ 0 = all cores
     */
    Offer<KdePairLoop> kde(KdeTerms terms, int threads);

    /**
     * The spectral score of a circulant Gaussian, s = IFFT(−N²/S · FFT(x − μ)), on host arrays.
     *
     * @param spectrum  S(k) &gt; 0, N² values [ky][kx] in FFT order (even in k)
     * @param precision of the transforms (F32: x − μ rounded to float; the result is widened)
     * @param threads   worker threads, ≤ 0 = all cores
     */
    Offer<SpectralScoreKernel> spectralScore(Grid grid, double mean, double[] spectrum, Precision precision, int threads);

    /**
     * Half spectra of host fields, in double.
     *
     * @param threads worker threads, ≤ 0 = all cores
     */
    Offer<HalfSpectra> halfSpectra(Grid grid, int threads);
}
