package org.scorefdt.model;

import java.util.Optional;

/**
 * A semilinear model on a periodic grid, split for exponential integrators as f(u) = L u + G·r(u):
 * L diagonal in Fourier space (Hermitian symbol), r pointwise, g real and even; noise
 * {@link Noise.SpectralCorrelated}. {@link #drift} must equal that sum evaluated spectrally. Used
 * by {@link org.scorefdt.integrate.Scheme#ETD1} and {@link org.scorefdt.integrate.Scheme#ETD2}.
 * Design: docs/numerics.md §1.
 */
public interface SemiLinearSpectralModel extends Model {
    /** The grid (always present). */
    Grid spectralGrid();

    /** Re L(k), N² entries. */
    double[] linearRe();

    /** Im L(k), N² entries. */
    double[] linearIm();

    /** The real multiplier g(k) of the nonlinear part N(u) = G·r(u), N² entries. */
    double[] reactionSymbol();

    /** The pointwise reaction r(u) of one cell. */
    double reaction(double u);

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
