package org.scorefdt.backend.cuda;

import org.scorefdt.model.Grid;
import org.scorefdt.score.SpectralQuasiGaussianScore;

/**
 * {@link SpectralQuasiGaussianScore.Fitter} with the per-save work on the device, built from two
 * lag-0, one-block {@link CudaLaggedGridAccumulator}s, so no new kernel: B̂ = û gives
 * Σ|û(k)|² per half-spectrum mode, B̂ = δ_{k0} gives Σ û(0). Then, as the Java fitter,
 * S(k) = Σ|û(k)|²/n for k ≠ 0 (the other half by Hermitian symmetry, |û(−k)| = |û(k)|),
 * S(0) = (Σ|û(0)|² − (Σû(0))²/n)/(n − 1) and μ = Σû(0)/(n N²).
 *
 * <p>Differences from the Java fitter: sums in a different order (relative differences of a few
 * ulps per save), and S(0) from two sums instead of Welford's update, which loses
 * ≈ ε·n·μ̂(0)²/S(0) relative accuracy when the mean is far from zero; for the zero-mean OU fields of
 * the validation job that is rounding. Not thread-safe.
 */
public final class CudaSpectrumFitter implements DeviceObserver, AutoCloseable {
    private final Grid grid;
    private final CudaLaggedGridAccumulator power, dc;

    public CudaSpectrumFitter(CudaDevice device, Grid grid) {
        this.grid = grid;
        double[] ones = new double[grid.size()];
        java.util.Arrays.fill(ones, 1.0);
        this.power = CudaLaggedGridAccumulator.linear(device, grid, null, ones, 0.0, 0, 1, 1);
        this.dc = CudaLaggedGridAccumulator.linear(device, grid, null, new double[grid.size()], 1.0, 0, 1, 1);
    }

    @Override
    public void observeDevice(DeviceBuffer states, int members) {
        power.observeDevice(states, members);
        dc.observeDevice(states, members);
    }

    /** Fields seen (members × saves). */
    public long count() {
        return power.pairs(0);
    }

    /** See {@link SpectralQuasiGaussianScore#of}; the same fit as the Java fitter on the same fields. */
    public SpectralQuasiGaussianScore build(double ridge) {
        long n = count();
        if (n < 2) throw new IllegalStateException("spectrum needs at least 2 samples, have " + n);
        double[] p = power.sumsAtLag(0);
        double sum0 = dc.sumsAtLag(0)[0];
        int size = grid.size(), nn = grid.n(), h = nn / 2 + 1;
        double[] s = new double[size];
        for (int ky = 0; ky < nn; ky++) {
            for (int kx = 0; kx < nn; kx++) {
                int hy = kx < h ? ky : (nn - ky) % nn, hx = kx < h ? kx : nn - kx;
                s[ky * nn + kx] = p[2 * (hy * h + hx)] / n;
            }
        }
        s[0] = (p[0] - sum0 * sum0 / n) / (n - 1);
        return SpectralQuasiGaussianScore.of(grid, sum0 / n / size, s, ridge);
    }

    @Override
    public void close() {
        power.close();
        dc.close();
    }
}
