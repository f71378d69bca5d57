package org.scorefdt.backend.cuda.integrate;

import org.bytedeco.javacpp.Pointer;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CufftPlan2d;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralNoiseParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralScaleParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralUpdateParams;

/**
 * Linear spectral models on the GPU (per step û ← a·û + b·ŵ with cuFFT, batched over members): the
 * CPU tier's algorithm and noise, agreeing to FFT rounding; {@link #advancePair} equals two
 * {@link #advance} calls bit for bit. Design and device memory: docs/backends.md §3.
 */
final class CudaSpectralIntegrator extends StagedGridIntegrator {
    /** Members per chunk at most: bounds the plans' work areas and the launch sizes. */
    static final int MAX_CHUNK = 1 << 16;

    private final KernelModule module;
    private final Grid grid;
    private final int cells;
    private final int modes;
    private final String suffix;
    private final long seed;
    private final DeviceBuffer aRe, aIm, bRe, bIm;
    private final SpectralNoiseParams spectralNoiseParams = new SpectralNoiseParams();
    private final SpectralScaleParams spectralScaleParams = new SpectralScaleParams();
    private final SpectralUpdateParams spectralUpdateParams = new SpectralUpdateParams();
    /** û₂: the perturbed copies' spectra, held only after a paired call. */
    private DeviceBuffer real, uHat, uHat2, wHat;
    private CufftPlan2d plan;

    CudaSpectralIntegrator(CudaDevice device, LinearSpectralModel model, IntegratorSpec spec, Precision precision, long seed) {
        super(device, model.dimension(), precision, MAX_CHUNK);
        this.module = KernelModule.load(device, "spectral");
        this.grid = model.spectralGrid();
        this.cells = grid.size();
        this.modes = grid.n() * (grid.n() / 2 + 1);
        this.suffix = precision == Precision.F64 ? "_f64" : "_f32";
        this.seed = seed;
        LinearSpectralStep c = LinearSpectralStep.of(model, spec);
        Dtype t = Dtype.of(precision);  // coefficients rounded once to the state precision, as the CPU
        aRe = DeviceBuffer.upload(device, t, LinearSpectralStep.halfSpectrum(grid, c.aRe()));
        aIm = DeviceBuffer.upload(device, t, LinearSpectralStep.halfSpectrum(grid, c.aIm()));
        bRe = DeviceBuffer.upload(device, t, LinearSpectralStep.halfSpectrum(grid, c.bRe()));
        bIm = DeviceBuffer.upload(device, t, LinearSpectralStep.halfSpectrum(grid, c.bIm()));
    }

    /**
     * The states {@code xs} and, when {@code ps} is not null, their perturbed copies: per step the
     * noise and its transform ŵ are computed once and the update kernel runs on û, then on û₂. Each
     * copy sees exactly the operations of a run of its own, so a pair equals two runs bit for bit.
     */
    @Override
    void run(StateRows xs, StateRows ps, int members, long memberOffset, long step0, int nSteps) {
        if (members == 0 || nSteps == 0) return;
        device.makeCurrent();
        int copies = ps == null ? 1 : 2;
        int chunk = prepare(chunkSize(members, copies), copies);
        for (int m0 = 0; m0 < members; m0 += chunk) {
            int rows = Math.min(chunk, members - m0);
            // The plans always transform the whole batch; rows past `rows` (a short last chunk)
            // hold stale values that are transformed but never read back.
            xs.load(m0, rows, real);
            plan.forward(real, uHat);
            if (ps != null) {
                ps.load(m0, rows, real);
                plan.forward(real, uHat2);
            }
            for (int k = 0; k < nSteps; k++) {
                spectralNoiseParams.seed(seed).members(rows).member_offset(memberOffset + m0).step(step0 + k).cells(cells)
                        .out(real.address());
                launch("sfdt_spectral_noise", (long) rows * (cells / 2), spectralNoiseParams);
                plan.forward(real, wHat);
                update(rows, uHat);
                if (ps != null) update(rows, uHat2);
            }
            finish(rows, uHat, xs, m0);
            if (ps != null) finish(rows, uHat2, ps, m0);
        }
    }

    /** û ← a·û + b·ŵ per mode. */
    private void update(int rows, DeviceBuffer u) {
        spectralUpdateParams.members(rows).modes(modes).a_re(aRe.address()).a_im(aIm.address()).b_re(bRe.address())
                .b_im(bIm.address()).u_hat(u.address()).w_hat(wHat.address());
        launch("sfdt_spectral_update", (long) rows * modes, spectralUpdateParams);
    }

    /** c2r of û (destroys û), ×1/n², back to the rows {@code m0 ..}. */
    private void finish(int rows, DeviceBuffer u, StateRows to, int m0) {
        plan.inverse(u, real);
        spectralScaleParams.count((long) rows * cells).cells(cells).x(real.address());
        launch("sfdt_spectral_scale", (long) rows * cells, spectralScaleParams);
        to.store(m0, rows, real);
    }

    private void launch(String fn, long threads, Pointer params) {
        module.launch(fn + suffix, threads, params);
    }

    /** Device bytes per member: the real field, a half spectrum per copy, ŵ, and cuFFT's work area as one more. */
    @Override
    long bytesPerMember(int copies) {
        return (long) Dtype.of(precision).bytes * (cells + (copies + 2L) * 2 * modes);
    }

    /** Buffers and plans for chunks of {@code chunk} members with room for {@code copies} states, halved on out-of-memory. */
    private int prepare(int chunk, int copies) {
        return workspace.prepare(chunk, copies, grid.n() + "×" + grid.n() + " " + precision, (w, c, k) -> {
            Dtype t = Dtype.of(precision);
            real = w.zeroed(t, cells);
            uHat = w.buffer(t, 2L * modes);
            uHat2 = k == 2 ? w.buffer(t, 2L * modes) : null;
            wHat = w.buffer(t, 2L * modes);
            plan = w.plan(grid.n(), precision);
        });
    }

    @Override
    public void close() {
        workspace.close();
        aRe.close(); aIm.close(); bRe.close(); bIm.close();
        spectralNoiseParams.close();
        spectralScaleParams.close();
        spectralUpdateParams.close();
    }
}
