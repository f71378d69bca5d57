package org.scorefdt.model;

import org.scorefdt.util.ConfigName;

/**
 * The Ornstein–Uhlenbeck SPDE with spatially correlated noise (docs/systems.md §1), Itô:
 * <pre>  ∂t u = −λ Σ u + κ Δu − A ∂x u + ε Σ^{1/2} ξ,   Σ = (1 − Δ)⁻¹ </pre>
 * on the N×N periodic grid. Per mode m(k) = −λ/(1+|k|²) − κ|k|² − i·A·kx (Nyquist kx → 0 in ∂x).
 * Noise per step: η = ε·c·√dt·Σ^{1/2} w with w white per cell and c = N ("grid", the authors'
 * amplitude, default) or c = 1/h ("continuum"). Exact answers are in {@code integrate.OuExact}.
 *
 * <p>The drift is evaluated spectrally with a per-thread {@link SpectralTransform}.
 */
public final class OuSpde implements LinearSpectralModel {

    /**
     * How the white noise is scaled to the grid (docs/systems.md §0): {@code GRID} uses c = N (the
     * authors' code, default), {@code CONTINUUM} uses c = 1/h with h = 2π/N.
     */
    public enum NoiseScaling implements ConfigName {
        GRID, CONTINUUM;

        /** The config spelling: grid, continuum. */
        @Override
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Parameters; the defaults are the paper's.
     *
     * @param n grid points per side (even)
     * @param lambda damping λ > 0
     * @param kappa diffusion κ ≥ 0
     * @param advection A (the impulse travels towards +x for A > 0)
     * @param epsilon2 noise variance ε² > 0
     * @param scaling noise scaling
     */
    public record Params(int n, double lambda, double kappa, double advection, double epsilon2, NoiseScaling scaling) {
        public Params {
            new Grid(n);
            if (!(lambda > 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda = " + lambda + ": must be > 0");
            if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa = " + kappa + ": must be >= 0");
            if (!Double.isFinite(advection)) throw new IllegalArgumentException("advection = " + advection + ": must be finite");
            if (!(epsilon2 > 0) || Double.isInfinite(epsilon2)) throw new IllegalArgumentException("epsilon2 = " + epsilon2 + ": must be > 0");
            if (scaling == null) throw new IllegalArgumentException("noise scaling must be given");
        }

        /** The paper's values on an n×n grid. */
        public static Params paper(int n) {
            return new Params(n, 0.04, 2.5e-4, 0.02, 4e-3, NoiseScaling.GRID);
        }
    }

    private final Params params;
    private final Grid grid;
    private final double[] symRe;
    private final double[] symIm;
    private final Noise.SpectralCorrelated noise;
    private final ThreadLocal<Work> work;

    public OuSpde(Params params) {
        this.params = params;
        this.grid = new Grid(params.n());
        int n = grid.n();
        symRe = new double[n * n];
        symIm = new double[n * n];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                int i = jy * n + jx;
                double k2 = grid.k2(jy, jx);
                symRe[i] = -params.lambda() / (1 + k2) - params.kappa() * k2;
                symIm[i] = -params.advection() * grid.kxForDerivative(jx);
            }
        }
        this.noise = Noise.SpectralCorrelated.sigmaHalf(grid, params.epsilon2(), params.scaling());
        this.work = ThreadLocal.withInitial(() -> new Work(grid));
    }

    public Params params() {
        return params;
    }

    @Override
    public String name() {
        return "ou-spde";
    }

    @Override
    public Grid spectralGrid() {
        return grid;
    }

    @Override
    public double[] symbolRe() {
        return symRe.clone();
    }

    @Override
    public double[] symbolIm() {
        return symIm.clone();
    }

    @Override
    public Noise.SpectralCorrelated noise() {
        return noise;
    }

    @Override
    public void drift(double[] x, int xOff, double[] out, int outOff) {
        Work w = work.get();
        w.fft.forward(x, xOff, w.spectrum);
        for (int i = 0; i < symRe.length; i++) {
            double re = w.spectrum[2 * i], im = w.spectrum[2 * i + 1];
            w.spectrum[2 * i] = symRe[i] * re - symIm[i] * im;
            w.spectrum[2 * i + 1] = symRe[i] * im + symIm[i] * re;
        }
        w.fft.inverseReal(w.spectrum, out, outOff);
    }

    private static final class Work {
        final SpectralTransform fft;
        final double[] spectrum;

        Work(Grid g) {
            fft = new SpectralTransform(g);
            spectrum = new double[2 * g.size()];
        }
    }
}
