package org.scorefdt.model;

import org.scorefdt.model.OuSpde.NoiseScaling;

/**
 * The modified stochastic Allen–Cahn SPDE (docs/systems.md §2), Itô, on the N×N periodic grid,
 * ∂t u = κ Δu − A ∂x u + α Σ[u(1 − u²)] + ε Σ^{1/2} ξ with Σ = (1 − Δ)⁻¹, as a
 * {@link SemiLinearSpectralModel}; noise as {@link OuSpde}'s. Analytic score:
 * {@link org.scorefdt.score.AllenCahnScore}. Split and schemes: docs/numerics.md §1.
 */
public final class AllenCahn implements SemiLinearSpectralModel {

    /** The default grid size of docs/systems.md §0 (N = 32), used by the system catalog. */
    public static final int DEFAULT_N = 32;

    /**
     * Parameters; {@link #paper} gives the paper's.
     *
     * @param n grid points per side (even, ≥ 2)
     * @param alpha reaction strength α &gt; 0
     * @param kappa diffusion κ ≥ 0
     * @param advection A, finite (the impulse travels towards +x for A &gt; 0)
     * @param epsilon2 noise variance ε² &gt; 0
     * @param scaling noise scaling c: grid (c = N) or continuum (c = 1/h)
     */
    public record Params(int n, double alpha, double kappa, double advection, double epsilon2, NoiseScaling scaling) {
        public Params {
            new Grid(n);
            if (!(alpha > 0) || Double.isInfinite(alpha)) throw new IllegalArgumentException("alpha = " + alpha + ": must be finite and > 0");
            if (!(kappa >= 0) || Double.isInfinite(kappa)) throw new IllegalArgumentException("kappa = " + kappa + ": must be finite and >= 0");
            if (!Double.isFinite(advection)) throw new IllegalArgumentException("advection = " + advection + ": must be finite");
            if (!(epsilon2 > 0) || Double.isInfinite(epsilon2)) throw new IllegalArgumentException("epsilon2 = " + epsilon2 + ": must be finite and > 0");
            if (scaling == null) throw new IllegalArgumentException("noise scaling must be given (grid or continuum)");
        }

        /** The paper's values α = 16, κ = 2.5·10⁻⁴, A = 0.02, ε² = 4·10⁻³, grid scaling, on an n×n grid. */
        public static Params paper(int n) {
            return new Params(n, 16, 2.5e-4, 0.02, 4e-3, NoiseScaling.GRID);
        }
    }

    private final Params params;
    private final Grid grid;
    private final double[] linRe, linIm, react;
    private final Noise.SpectralCorrelated noise;
    private final ThreadLocal<Work> work;

    public AllenCahn(Params params) {
        if (params == null) throw new IllegalArgumentException("params must be given");
        this.params = params;
        this.grid = new Grid(params.n());
        int n = grid.n();
        linRe = new double[n * n];
        linIm = new double[n * n];
        react = new double[n * n];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                int i = jy * n + jx;
                double k2 = grid.k2(jy, jx);
                linRe[i] = -params.kappa() * k2;
                linIm[i] = -params.advection() * grid.kxForDerivative(jx);
                react[i] = params.alpha() / (1 + k2);
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
        return "allen-cahn";
    }

    @Override
    public Grid spectralGrid() {
        return grid;
    }

    @Override
    public double[] linearRe() {
        return linRe.clone();
    }

    @Override
    public double[] linearIm() {
        return linIm.clone();
    }

    @Override
    public double[] reactionSymbol() {
        return react.clone();
    }

    /** r(u) = u − u³, written as in spdes.h: u − (u·u)·u. */
    @Override
    public double reaction(double u) {
        return u - u * u * u;
    }

    @Override
    public Noise.SpectralCorrelated noise() {
        return noise;
    }

    /** f(u) = IFFT[L(k)·û + g(k)·FFT[u − u³]]. */
    @Override
    public void drift(double[] x, int xOff, double[] out, int outOff) {
        Work w = work.get();
        int size = react.length;
        for (int i = 0; i < size; i++) w.r[i] = reaction(x[xOff + i]);
        w.fft.forward(x, xOff, w.uHat);
        w.fft.forward(w.r, 0, w.rHat);
        double[] u = w.uHat, r = w.rHat;
        for (int i = 0; i < size; i++) {
            double ur = u[2 * i], ui = u[2 * i + 1];
            u[2 * i] = (linRe[i] * ur - linIm[i] * ui) + react[i] * r[2 * i];
            u[2 * i + 1] = (linRe[i] * ui + linIm[i] * ur) + react[i] * r[2 * i + 1];
        }
        w.fft.inverseReal(u, out, outOff);
    }

    private static final class Work {
        final SpectralTransform fft;
        final double[] uHat, rHat, r;

        Work(Grid g) {
            fft = new SpectralTransform(g);
            uHat = new double[2 * g.size()];
            rHat = new double[2 * g.size()];
            r = new double[g.size()];
        }
    }
}
