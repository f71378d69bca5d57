package org.scorefdt.backend.cuda.response;

import org.scorefdt.response.ResidentEnsemble;

import org.scorefdt.model.Grid;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.backend.cuda.integrate.DeviceObserver;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.score.ConjugateKernels;

/**
 * {@link SpectralQuasiGaussianScore.Fitter} on the device: S(k) = Σ|û(k)|²/n (k ≠ 0), S(0) the
 * sample variance of û(0) and μ = Σû(0)/(n N²), from two lag-0 {@link CudaLaggedGridAccumulator}s.
 * {@link #centredOn} shifts the fields first so S(0) keeps its digits. Not thread-safe. Design and
 * error analysis: docs/backends.md §4.3.
 */
public final class CudaSpectrumFitter implements DeviceObserver, ResidentEnsemble.SpectrumFit, AutoCloseable {
    private final Grid grid;
    private final CudaDevice device;
    private final CudaLaggedGridAccumulator power, dc;
    private int stride;
    private double shift;
    private DeviceBuffer shiftRow, centred;
    private ConjugateKernels kernels;

    public CudaSpectrumFitter(CudaDevice device, Grid grid) {
        this.grid = grid;
        this.device = device;
        this.stride = grid.size();
        double[] ones = new double[grid.size()];
        java.util.Arrays.fill(ones, 1.0);
        this.power = CudaLaggedGridAccumulator.linear(device, grid, null, ones, 0.0, 0, 1, 1);
        this.dc = CudaLaggedGridAccumulator.linear(device, grid, null, new double[grid.size()], 1.0, 0, 1, 1);
    }

    /**
     * Device state rows hold {@code stride} values, the field first (Navier–Stokes [ζ | phases]); N²
     * by default. Set before the first save.
     *
     * @return this
     */
    public CudaSpectrumFitter withRowStride(int stride) {
        if (stride < grid.size()) throw new IllegalArgumentException("row stride " + stride + " < field size " + grid.size());
        if (count() > 0) throw new IllegalStateException("row stride set after the first save");
        this.stride = stride;
        power.withRowStride(stride);
        dc.withRowStride(stride);
        return this;
    }

    /**
     * Sums over the fields minus {@code c} in every pixel (see the class comment): pass an estimate
     * of the field mean, e.g. the mean of the first save's states. Set before the first save.
     *
     * @return this
     */
    public CudaSpectrumFitter centredOn(double c) {
        if (!Double.isFinite(c)) throw new IllegalArgumentException("centre " + c + " is not finite");
        if (count() > 0) throw new IllegalStateException("centre set after the first save");
        this.shift = c;
        return this;
    }

    @Override
    public void observeDevice(DeviceBuffer states, int members) {
        DeviceBuffer fields = states;
        if (shift != 0) {
            if (kernels == null) {
                kernels = new ConjugateKernels(device);
                double[] row = new double[stride];
                java.util.Arrays.fill(row, 0, grid.size(), shift);  // hidden values (phases) are not read
                shiftRow = DeviceBuffer.allocate(device, Dtype.F64, stride);
                shiftRow.copyFrom(row);
            }
            centred = DeviceBuffer.atLeast(centred, device, Dtype.F64, (long) members * stride);
            kernels.affine(states, centred, shiftRow, null, members, stride, stride, 1.0, 0.0);
            fields = centred;
        }
        power.observeDevice(fields, members);
        dc.observeDevice(fields, members);
    }

    /** The next saves come from a new batch of members (any count): the sums are kept. */
    public void beginMemberBatch() {
        power.beginMemberBatch();
        dc.beginMemberBatch();
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
        return SpectralQuasiGaussianScore.of(grid, shift + sum0 / n / size, s, ridge);
    }

    @Override
    public void close() {
        power.close();
        dc.close();
        if (kernels != null) kernels.close();
        DeviceBuffer.closeAll(shiftRow, centred);
    }
}
