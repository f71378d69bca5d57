package org.scorefdt.score;

import org.scorefdt.model.Grid;

/**
 * A Gaussian score on a periodic N×N grid whose covariance is circulant: diagonal in Fourier space,
 * ŝ(k) = −N²(û(k) − N²μ·δ_{k0})/S(k) (unnormalised DFT), fixed by one mean μ and the spectrum S. So
 * the GFDT conjugate B = −s is the field's transform times a gain, B̂(k) = (N²/S(k))·û(k) − N⁴μ/S(0)·δ_{k0},
 * and a lagged accumulator may sum the field's own autocorrelation and apply the gain once, when the
 * estimate is read (response.LaggedGridAccumulator).
 */
public interface CirculantGaussianScore extends ScoreModel {

    /** The grid. */
    Grid grid();

    /** μ, the same at every cell. */
    double mean();

    /** S(k) &gt; 0, N² values [ky][kx] in FFT order (a copy). */
    double[] spectrum();
}
