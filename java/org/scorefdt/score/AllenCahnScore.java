package org.scorefdt.score;

import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.model.Noise;
import org.scorefdt.model.SpectralTransform;

/**
 * The analytic stationary score of {@link AllenCahn} on our grid and noise,
 * s(u) = (2/(ε²c²))·[α u(1 − u²) + κ(Δu − Δ²u)] (c = N for grid scaling, 1/h for continuum), with Δ
 * the spectral Laplacian. Exact for A = 0; for A ≠ 0 exact up to a small defect of the discrete
 * advection. Derivation: docs/systems.md §2.1.
 */
public final class AllenCahnScore implements ScoreModel {
    private final AllenCahn model;
    private final int size;
    private final double prefactor, alpha;
    private final double[] operator;            // κ(−|k|² − |k|⁴), the symbol of κ(Δ − Δ²)
    private final ThreadLocal<Work> work;

    public AllenCahnScore(AllenCahn model) {
        this.model = model;
        AllenCahn.Params p = model.params();
        Grid grid = model.spectralGrid();
        this.size = grid.size();
        double c = Noise.SpectralCorrelated.scale(grid, p.scaling());
        this.prefactor = 2 / (p.epsilon2() * c * c);
        this.alpha = p.alpha();
        int n = grid.n();
        this.operator = new double[size];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) {
                double k2 = grid.k2(jy, jx);
                operator[jy * n + jx] = p.kappa() * (-k2 - k2 * k2);
            }
        }
        this.work = ThreadLocal.withInitial(() -> new Work(grid));
    }

    /** The prefactor 2/(ε²c²). */
    public double prefactor() {
        return prefactor;
    }

    /** α, the reaction's weight. */
    public double alpha() {
        return alpha;
    }

    /** The symbol κ(−|k|² − |k|⁴) of κ(Δ − Δ²), N² values [ky][kx] in FFT order (a copy). */
    public double[] operatorSymbol() {
        return operator.clone();
    }

    /** The grid the score's spectral operators live on. */
    public Grid grid() {
        return model.spectralGrid();
    }

    public AllenCahn model() {
        return model;
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        if ((long) members * size > x.length || (long) members * size > out.length) {
            throw new IllegalArgumentException("x and out must hold members × d = " + members + " × " + size + " values");
        }
        Work w = work.get();
        for (int m = 0; m < members; m++) {
            int o = m * size;
            w.fft.forward(x, o, w.spec);
            for (int i = 0; i < size; i++) {
                w.spec[2 * i] *= operator[i];
                w.spec[2 * i + 1] *= operator[i];
            }
            w.fft.inverseReal(w.spec, w.lin, 0);
            for (int i = 0; i < size; i++) {
                double u = x[o + i];
                out[o + i] = prefactor * (alpha * (u - u * u * u) + w.lin[i]);
            }
        }
    }

    /**
     * The divergence Σ_i ∂s_i/∂u_i = (2/(ε²c²))·[α Σ_i(1 − 3u_i²) + N²·mean_k κ(−|k|² − |k|⁴)] of one
     * state (the diagonal of a circulant is the mean of its symbol), for Hyvärinen/Stein checks.
     */
    public double divergence(double[] x, int off) {
        double diag = 0;
        for (double v : operator) diag += v;
        diag /= size;
        double s = 0;
        for (int i = 0; i < size; i++) {
            double u = x[off + i];
            s += alpha * (1 - 3 * u * u) + diag;
        }
        return prefactor * s;
    }

    @Override
    public String name() {
        return "allen-cahn-analytic";
    }

    private static final class Work {
        final SpectralTransform fft;
        final double[] spec, lin;

        Work(Grid g) {
            fft = new SpectralTransform(g);
            spec = new double[2 * g.size()];
            lin = new double[g.size()];
        }
    }
}
