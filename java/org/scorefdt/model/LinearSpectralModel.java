package org.scorefdt.model;

import java.util.Optional;

/**
 * A linear model diagonal in Fourier space on a periodic grid: du = M u dt + Σ^{1/2}-correlated
 * noise, where M acts on mode k as multiplication by the complex symbol m(k). Such models can be
 * stepped exactly per mode, and the native/CUDA backends step them with FFTs. Symbols use the full
 * N×N layout [ky][kx] in FFT order and must be Hermitian (m(−k) = conj m(k)) so real fields stay real.
 */
public interface LinearSpectralModel extends Model {
    /** The grid (always present for these models). */
    Grid spectralGrid();

    /** Re m(k), N² entries. */
    double[] symbolRe();

    /** Im m(k), N² entries. */
    double[] symbolIm();

    @Override
    Noise.SpectralCorrelated noise();

    @Override
    default Optional<Grid> grid() {
        return Optional.of(spectralGrid());
    }

    @Override
    default int dimension() {
        return spectralGrid().size();
    }
}
