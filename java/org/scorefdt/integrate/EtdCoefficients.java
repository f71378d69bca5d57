package org.scorefdt.integrate;

import org.scorefdt.model.Grid;
import org.scorefdt.model.SemiLinearSpectralModel;

/**
 * Per-mode coefficients of the exponential schemes for a {@link SemiLinearSpectralModel}, with
 * z = L(k)·dt and g(k) the reaction multiplier:
 * <pre>  e = e^{z},   p1 = dt·φ₁(z)·g,   p2 = dt·φ₂(z)·g,
 *   φ₁(z) = (e^z − 1)/z,   φ₂(z) = (e^z − 1 − z)/z²   (φ₁(0) = 1, φ₂(0) = 1/2) </pre>
 * ETD1: û' = e·û + p1·r̂(u). ETD2: â = e·û + p1·r̂(u), û' = â + p2·(r̂(a) − r̂(u)).
 * Computed once here (φ by its Taylor series for |z| &lt; 1, where the closed form cancels, and
 * in closed form otherwise) so every backend applies the same numbers. Full N×N layout.
 */
public record EtdCoefficients(Grid grid, double[] eRe, double[] eIm, double[] p1Re, double[] p1Im,
                              double[] p2Re, double[] p2Im) {

    /** Taylor terms for |z| &lt; 1: the remainder is below 1/27! ≈ 1e-28. */
    private static final int TERMS = 25;

    public static EtdCoefficients of(SemiLinearSpectralModel model, double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) throw new IllegalArgumentException("dt = " + dt + ": must be finite and > 0");
        Grid grid = model.spectralGrid();
        double[] lRe = model.linearRe(), lIm = model.linearIm(), g = model.reactionSymbol();
        int size = grid.size();
        double[] eRe = new double[size], eIm = new double[size], p1Re = new double[size], p1Im = new double[size],
                p2Re = new double[size], p2Im = new double[size];
        double[] phi = new double[4];
        for (int i = 0; i < size; i++) {
            double zr = lRe[i] * dt, zi = lIm[i] * dt;
            double mag = Math.exp(zr);
            eRe[i] = mag * Math.cos(zi);
            eIm[i] = mag * Math.sin(zi);
            phis(zr, zi, phi);
            double s = dt * g[i];
            p1Re[i] = s * phi[0];
            p1Im[i] = s * phi[1];
            p2Re[i] = s * phi[2];
            p2Im[i] = s * phi[3];
        }
        return new EtdCoefficients(grid, eRe, eIm, p1Re, p1Im, p2Re, p2Im);
    }

    /** out = {Re φ₁, Im φ₁, Re φ₂, Im φ₂} at z = zr + i·zi. */
    static void phis(double zr, double zi, double[] out) {
        if (zr * zr + zi * zi < 1) {
            // φ₁ = Σ_j z^j/(j+1)!,  φ₂ = Σ_j z^j/(j+2)!, summed from the smallest term for accuracy.
            double p1r = 0, p1i = 0, p2r = 0, p2i = 0;
            for (int j = TERMS; j >= 0; j--) {
                // Horner: φ₁ ← 1/(j+1)! + z·…, written as c_j + z·acc with c_j = 1/(j+1)!.
                double r1 = p1r * zr - p1i * zi, i1 = p1r * zi + p1i * zr;
                p1r = invFactorial(j + 1) + r1;
                p1i = i1;
                double r2 = p2r * zr - p2i * zi, i2 = p2r * zi + p2i * zr;
                p2r = invFactorial(j + 2) + r2;
                p2i = i2;
            }
            out[0] = p1r; out[1] = p1i; out[2] = p2r; out[3] = p2i;
            return;
        }
        double mag = Math.exp(zr);
        double em1r = mag * Math.cos(zi) - 1, em1i = mag * Math.sin(zi);   // e^z − 1
        double d = zr * zr + zi * zi;                                       // |z|²
        // φ₁ = (e^z − 1)·conj(z)/|z|²
        double f1r = (em1r * zr + em1i * zi) / d, f1i = (em1i * zr - em1r * zi) / d;
        // φ₂ = (φ₁ − 1)/z
        double ar = f1r - 1, ai = f1i;
        out[0] = f1r; out[1] = f1i;
        out[2] = (ar * zr + ai * zi) / d;
        out[3] = (ai * zr - ar * zi) / d;
    }

    private static double invFactorial(int k) {
        double f = 1;
        for (int j = 2; j <= k; j++) f *= j;
        return 1 / f;
    }
}
