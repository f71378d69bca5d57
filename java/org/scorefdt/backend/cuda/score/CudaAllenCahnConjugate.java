package org.scorefdt.backend.cuda.score;

import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.score.AllenCahnScore;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CufftPlan2d;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralUpdateParams;

/**
 * B = −s of the analytic {@link AllenCahnScore} with the fields on the device, as
 * {@link AllenCahnScore#score} computes it (cuFFT for the linear part); agrees with the host to FFT
 * rounding. Scratch is sized for the member count of the last call. Design: docs/backends.md §6.
 */
public final class CudaAllenCahnConjugate implements DeviceConjugate {

    private final CudaDevice device;
    private final Grid grid;
    private final int cells, modes;
    private final double prefactor, alpha;
    private final CudaConjugateKernels kernels;
    private final KernelModule spectral;
    private final SpectralUpdateParams spectralUpdateParams = new SpectralUpdateParams();
    private final DeviceBuffer symbol, zeros;
    private DeviceBuffer hat, lin;
    private CufftPlan2d plan;
    private int members = -1;

    public CudaAllenCahnConjugate(CudaDevice device, AllenCahnScore score) {
        this.device = device;
        this.grid = score.grid();
        this.cells = grid.size();
        this.modes = grid.n() * (grid.n() / 2 + 1);
        this.prefactor = score.prefactor();
        this.alpha = score.alpha();
        this.kernels = new CudaConjugateKernels(device);
        this.spectral = KernelModule.load(device, "spectral");
        DeviceBuffer s = null;
        try {
            s = DeviceBuffer.allocate(device, Dtype.F64, modes);
            s.copyFrom(LinearSpectralStep.halfSpectrum(grid, score.operatorSymbol()));
            this.zeros = DeviceBuffer.allocate(device, Dtype.F64, modes);
            zeros.zero();
        } catch (RuntimeException e) {
            if (s != null) s.close();
            kernels.close();
            throw e;
        }
        this.symbol = s;
    }

    @Override
    public int dimension() {
        return cells;
    }

    private void start(int m) {
        if (m == members) return;
        release();
        hat = DeviceBuffer.allocate(device, Dtype.F64, 2L * m * modes);
        lin = DeviceBuffer.allocate(device, Dtype.F64, (long) m * cells);
        plan = new CufftPlan2d(device, grid.n(), m, Precision.F64);
        members = m;
    }

    @Override
    public void apply(DeviceBuffer fields, int m, DeviceBuffer out) {
        if (m < 1) throw new IllegalArgumentException("members = " + m + ": must be >= 1");
        if (fields.type() != Dtype.F64 || fields.elements() < (long) m * cells) {
            throw new IllegalArgumentException("fields: need " + m + " × " + cells + " F64 values, buffer has " + fields.elements()
                    + " " + fields.type());
        }
        start(m);
        // cuFFT's r2c may overwrite its input and the cell kernel reads the fields again (and they
        // are the caller's): transform a device copy in lin, which the c2r below overwrites.
        lin.copyFromDevice(fields, 0, (long) m * cells, 0);
        plan.forward(lin, hat);
        // û ← symbol·û (+ 0·û): the symbol is real, so the imaginary gain and the w term are zero.
        spectralUpdateParams.members(m).modes(modes).a_re(symbol.address()).a_im(zeros.address()).b_re(zeros.address())
                .b_im(zeros.address()).u_hat(hat.address()).w_hat(hat.address());
        spectral.launch("sfdt_spectral_update_f64", (long) m * modes, spectralUpdateParams);
        plan.inverse(hat, lin);
        kernels.allenCahn(m, cells, fields, cells, prefactor, alpha, lin, out);
    }

    private void release() {
        if (plan != null) plan.close();
        DeviceBuffer.closeAll(hat, lin);
        plan = null;
        hat = lin = null;
        members = -1;
    }

    @Override
    public void close() {
        release();
        symbol.close();
        zeros.close();
        kernels.close();
        spectralUpdateParams.close();
    }
}
