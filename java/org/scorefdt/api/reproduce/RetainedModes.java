package org.scorefdt.api.reproduce;

import org.scorefdt.model.Grid;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.response.ResponseEstimate;

/**
 * Orthogonal projection of response fields onto a set of Fourier modes, the subspace on which a
 * system's methods are compared (the retained 2/3-rule modes of dealiased
 * {@link org.scorefdt.model.NavierStokes2d}). Not thread-safe (scratch). Why: docs/reproduction.md §5.
 */
public final class RetainedModes {
    private final Grid grid;
    private final boolean[] keep;
    private final SpectralTransform fft;
    private final double[] spectrum;

    /** @param keep per FFT index {@code [jy][jx]} (row-major, N² entries): keep this mode */
    public RetainedModes(Grid grid, boolean[] keep) {
        if (keep.length != grid.size()) {
            throw new IllegalArgumentException("keep has " + keep.length + " entries, the grid " + grid.size());
        }
        this.grid = grid;
        this.keep = keep.clone();
        this.fft = new SpectralTransform(grid);
        this.spectrum = new double[2 * grid.size()];
    }

    /** The 2/3 rule of {@link org.scorefdt.model.NavierStokes2d}: keep modes with 3|kx| &lt; N and 3|ky| &lt; N. */
    public static RetainedModes twoThirds(Grid grid) {
        int n = grid.n();
        boolean[] keep = new boolean[grid.size()];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                keep[jy * n + jx] = 3 * Math.abs(grid.wavenumber(jx)) < n && 3 * Math.abs(grid.wavenumber(jy)) < n;
            }
        }
        return new RetainedModes(grid, keep);
    }

    /** Modes kept. */
    public int count() {
        int c = 0;
        for (boolean k : keep) if (k) c++;
        return c;
    }

    /** Projects the real field {@code u[off .. off+N²)} in place. */
    public void project(double[] u, int off) {
        fft.forward(u, off, spectrum);
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                spectrum[2 * i] = 0;
                spectrum[2 * i + 1] = 0;
            }
        }
        fft.inverseReal(spectrum, u, off);
    }

    /**
     * The estimate with its mean projected at every lag. The standard errors are kept: for the
     * perturbed-ensemble truth they are exact (its removed part is deterministic, so the projected
     * pixels have the same variance); for a GFDT estimate they are those of the unprojected pixels.
     */
    public ResponseEstimate project(ResponseEstimate e) {
        if (e.dim() != grid.size()) throw new IllegalArgumentException(e.name() + ": dim " + e.dim() + " != grid " + grid.size());
        double[] m = e.mean();
        for (int t = 0; t < e.lags(); t++) project(m, t * e.dim());
        return new ResponseEstimate(e.name(), e.times(), e.lags(), e.dim(), m, e.stderr(), e.bootstrapStderr(), e.stein(), e.pairs());
    }
}
