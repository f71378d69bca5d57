package org.scorefdt.model;

/**
 * The additive noise Σ dW of a {@link Model}, in the σ dW convention: over a step dt the increment
 * is Σ·√dt·z with z standard normal per component (no implied √2).
 */
public sealed interface Noise {

    /** The same σ on every component. */
    record Isotropic(double sigma) implements Noise {
        public Isotropic {
            if (!(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("noise sigma = " + sigma + ": must be finite and >= 0");
            }
        }
    }

    /** Diagonal Σ = diag(σ_i). */
    record Diagonal(double[] sigma) implements Noise {
        public Diagonal {
            sigma = sigma.clone();
            for (int i = 0; i < sigma.length; i++) {
                if (!(sigma[i] >= 0) || Double.isInfinite(sigma[i])) {
                    throw new IllegalArgumentException("noise sigma[" + i + "] = " + sigma[i] + ": must be finite and >= 0");
                }
            }
        }

        @Override
        public double[] sigma() {
            return sigma.clone();
        }
    }

    /**
     * Spatially correlated noise on a periodic grid, applied spectrally through the circulant
     * square root: increment = amplitude·√dt·Σ^{1/2} w, with w white (one normal per cell) and
     * Σ^{1/2} the circulant operator whose DFT symbol is {@code sqrtSymbol} (full N×N layout,
     * [ky][kx] in FFT order, real and even in k).
     */
    record SpectralCorrelated(Grid grid, double amplitude, double[] sqrtSymbol) implements Noise {
        public SpectralCorrelated {
            if (sqrtSymbol.length != grid.size()) {
                throw new IllegalArgumentException("sqrtSymbol has " + sqrtSymbol.length + " entries, grid needs " + grid.size());
            }
            sqrtSymbol = sqrtSymbol.clone();
        }

        @Override
        public double[] sqrtSymbol() {
            return sqrtSymbol.clone();
        }

        /**
         * The SPDE noise of docs/systems.md §0, shared by every grid model (OU, Allen–Cahn, …): per step
         * η = ε·c·√dt·Σ^{1/2} w with Σ = (1 − Δ)⁻¹, i.e. amplitude ε·c and symbol (1 + |k|²)^{−1/2}; c = N
         * for {@link OuSpde.NoiseScaling#GRID}, 1/h = N/(2π) for {@link OuSpde.NoiseScaling#CONTINUUM}.
         * The covariance per unit time is Q = ε²c²Σ.
         *
         * @param epsilon2 ε² &gt; 0
         */
        public static SpectralCorrelated sigmaHalf(Grid grid, double epsilon2, OuSpde.NoiseScaling scaling) {
            if (!(epsilon2 > 0) || Double.isInfinite(epsilon2)) {
                throw new IllegalArgumentException("epsilon2 = " + epsilon2 + ": must be finite and > 0");
            }
            int n = grid.n();
            double[] sqrtSigma = new double[n * n];
            for (int jy = 0; jy < n; jy++) {
                for (int jx = 0; jx < n; jx++) sqrtSigma[jy * n + jx] = 1 / Math.sqrt(1 + grid.k2(jy, jx));
            }
            return new SpectralCorrelated(grid, Math.sqrt(epsilon2) * scale(grid, scaling), sqrtSigma);
        }

        /** The grid factor c of the noise amplitude: N (grid) or 1/h (continuum). */
        public static double scale(Grid grid, OuSpde.NoiseScaling scaling) {
            return scaling == OuSpde.NoiseScaling.GRID ? grid.n() : 1 / grid.spacing();
        }
    }

    /** σ_i per component for diagonal noises, for backends that take a σ vector. */
    default double[] diagonal(int dimension) {
        if (this instanceof Isotropic iso) {
            double[] s = new double[dimension];
            java.util.Arrays.fill(s, iso.sigma());
            return s;
        }
        if (this instanceof Diagonal diag) {
            if (diag.sigma.length != dimension) {
                throw new IllegalArgumentException("diagonal noise has " + diag.sigma.length + " entries, model dimension is " + dimension);
            }
            return diag.sigma();
        }
        throw new UnsupportedOperationException("spatially correlated noise has no diagonal form");
    }
}
