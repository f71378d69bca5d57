package org.scorefdt.model;

/**
 * Per-mode constants of {@link NavierStokes2d} on the full N×N spectrum ([jy][jx], FFT order),
 * computed once: the derivative wavenumbers (Nyquist → 0), the factor −1/|k|² of ψ̂ = Δ⁻¹ζ̂ (0 at
 * k = 0), the 2/3-rule mask and the linear symbol L(k) = D(k) − i·U₀·kx (L(0) = −1, the
 * −mean(ζ) relaxation). Twin of {@code sfdt::ns_mode_constants} in navier_stokes.h.
 */
final class SpectralTables {
    final double[] kx, ky, psi, mask, linRe, linIm;

    SpectralTables(Grid grid, NavierStokes2d.Params p) {
        int n = grid.n(), size = grid.size();
        kx = new double[size];
        ky = new double[size];
        psi = new double[size];
        mask = new double[size];
        linRe = new double[size];
        linIm = new double[size];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                int i = jy * n + jx;
                double k2 = grid.k2(jy, jx);
                kx[i] = grid.kxForDerivative(jx);
                ky[i] = grid.kxForDerivative(jy);
                psi[i] = k2 == 0 ? 0 : -1 / k2;
                mask[i] = !p.dealias() || keeps(n, grid.wavenumber(jx), grid.wavenumber(jy)) ? 1 : 0;
                linRe[i] = k2 == 0 ? -NavierStokes2d.MEAN_DAMPING : dissipation(p, k2);
                linIm[i] = -p.u0() * kx[i];
            }
        }
    }

    /** The 2/3 rule: a mode survives dealiasing iff 3|kx| &lt; N and 3|ky| &lt; N. */
    static boolean keeps(int n, int kx, int ky) {
        return 3 * Math.abs(kx) < n && 3 * Math.abs(ky) < n;
    }

    /** D(k) = −ν_h/|k|⁴ − ν|k|⁴, 0 at k = 0. */
    static double dissipation(NavierStokes2d.Params p, double k2) {
        if (k2 == 0) return 0;
        double k4 = k2 * k2;
        return -p.nuHypo() / k4 - p.nu() * k4;
    }
}
