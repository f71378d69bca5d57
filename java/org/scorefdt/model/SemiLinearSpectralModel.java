package org.scorefdt.model;

import java.util.Optional;

/**
 * A semilinear model on a periodic grid, split for exponential integrators:
 * <pre>  f(u) = L u + N(u),   N(u) = G · r(u) </pre>
 * where L is a linear operator diagonal in Fourier space (the stiff part, complex symbol L(k)), r
 * is a pointwise reaction r(u_i), and G a real Fourier multiplier g(k) applied to it. The noise is
 * {@link Noise.SpectralCorrelated}. {@link #drift} must equal L u + N(u) evaluated spectrally.
 *
 * <p>Symbols use the full N×N layout [ky][kx] in FFT order; L must be Hermitian (L(−k) = conj L(k))
 * and g real and even, so real fields stay real. The exponential schemes
 * ({@link org.scorefdt.integrate.Scheme#ETD1}, {@link org.scorefdt.integrate.Scheme#ETD2}) use
 * exactly this split; RK4+EM uses only {@link #drift}.
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
