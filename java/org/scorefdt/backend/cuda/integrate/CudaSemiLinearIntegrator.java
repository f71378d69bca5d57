package org.scorefdt.backend.cuda.integrate;

import org.bytedeco.cuda.global.cudart;
import org.scorefdt.integrate.EtdCoefficients;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.CufftPlan2d;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.SemiCellParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.SemiModeParams;
import org.scorefdt.backend.cuda.runtime.KernelParams.SpectralNoiseParams;

/**
 * Allen–Cahn on the GPU with RK4+EM, ETD1 or ETD2: the native CPU tier's algorithm batched over a
 * chunk of members with cuFFT, the same Philox noise and coefficients, so runs agree with the CPU to
 * FFT rounding; {@link #advancePair} equals two {@link #advance} calls bit for bit. Design and device
 * memory: docs/backends.md §3.
 */
final class CudaSemiLinearIntegrator extends StagedGridIntegrator {
    private static final int THREADS = KernelModule.THREADS;
    /** Members per chunk at most: bounds the plans' work areas and the launch sizes. */
    static final int MAX_CHUNK = 1 << 16;
    private static final int REALS = 8;

    private final KernelModule semi;
    private final KernelModule spectral;
    private final Grid grid;
    private final int cells;
    private final int modes;
    private final Scheme scheme;
    private final String suffix;
    private final long seed;
    private final double dt;
    private final double noiseScale;
    private final int halves;
    /** Σ^{1/2}; then L re, L im, g (RK4+EM) or e re, e im, p1 re, p1 im, p2 re, p2 im (ETD). */
    private final DeviceBuffer sq;
    private final DeviceBuffer[] coef;
    private final SemiCellParams semiCellParams = new SemiCellParams();
    private final SemiModeParams semiModeParams = new SemiModeParams();
    private final SpectralNoiseParams spectralNoiseParams = new SpectralNoiseParams();
    /** x, inc, f0, f1, f2, f3, xt, r: [chunk][cells] each. */
    private final DeviceBuffer[] real = new DeviceBuffer[REALS];
    /** uh, rh (and ah, tmp for ETD): [chunk][modes][2] each. */
    private DeviceBuffer[] half;
    /** The perturbed copies' state, [chunk][cells], held only after a paired call. */
    private DeviceBuffer x2;
    private CufftPlan2d plan;

    CudaSemiLinearIntegrator(CudaDevice device, AllenCahn model, IntegratorSpec spec, Precision precision, long seed) {
        super(device, model.dimension(), precision, MAX_CHUNK);
        Scheme s = spec.scheme();
        if (s != Scheme.RK4_EM && s != Scheme.ETD1 && s != Scheme.ETD2) {
            throw new IllegalArgumentException("scheme " + s.configName() + " is not a semilinear scheme: expected rk4-em, etd1 or etd2");
        }
        this.semi = KernelModule.load(device, "semilinear");
        this.spectral = KernelModule.load(device, "spectral");
        this.grid = model.spectralGrid();
        this.cells = grid.size();
        this.modes = grid.n() * (grid.n() / 2 + 1);
        this.scheme = s;
        this.suffix = precision == Precision.F64 ? "_f64" : "_f32";
        this.seed = seed;
        this.dt = spec.dt();
        this.noiseScale = model.noise().amplitude() * Math.sqrt(dt);  // as NativeSemiLinearIntegrator
        this.halves = s == Scheme.RK4_EM ? 2 : 4;
        this.sq = upload(model.noise().sqrtSymbol());
        if (s == Scheme.RK4_EM) {
            coef = new DeviceBuffer[] {upload(model.linearRe()), upload(model.linearIm()), upload(model.reactionSymbol())};
        } else {
            EtdCoefficients c = EtdCoefficients.of(model, dt);
            coef = new DeviceBuffer[] {upload(c.eRe()), upload(c.eIm()), upload(c.p1Re()), upload(c.p1Im()),
                upload(c.p2Re()), upload(c.p2Im())};
        }
    }

    /** A full-layout symbol's half spectrum, rounded once to the state precision (as the CPU's Coef). */
    private DeviceBuffer upload(double[] full) {
        return DeviceBuffer.upload(device, Dtype.of(precision), LinearSpectralStep.halfSpectrum(grid, full));
    }

    /**
     * The states {@code xs} and, when {@code ps} is not null, their perturbed copies (in x₂): per step
     * the increment is drawn and correlated once, then the scheme steps x and x₂ in turn with it.
     * The scheme's scratch fields are rewritten before they are read within each step, so each copy
     * sees exactly the operations of a run of its own: a pair equals two runs bit for bit.
     */
    @Override
    void run(StateRows xs, StateRows ps, int members, long memberOffset, long step0, int nSteps) {
        if (members == 0 || nSteps == 0) return;
        device.makeCurrent();
        int copies = ps == null ? 1 : 2;
        int chunk = prepare(chunkSize(members, copies), copies);
        DeviceBuffer x = real[0];
        for (int m0 = 0; m0 < members; m0 += chunk) {
            int rows = Math.min(chunk, members - m0);
            // The plans transform the whole batch; rows past `rows` hold stale values never read back.
            xs.load(m0, rows, x);
            if (ps != null) ps.load(m0, rows, x2);
            for (int k = 0; k < nSteps; k++) {
                increment(rows, memberOffset + m0, step0 + k);
                step(rows, x);
                if (ps != null) step(rows, x2);
            }
            xs.store(m0, rows, x);
            if (ps != null) ps.store(m0, rows, x2);
        }
    }

    /** One step of the scheme on the state u with the increment already in inc. */
    private void step(int rows, DeviceBuffer u) {
        if (scheme == Scheme.RK4_EM) rk4(rows, u);
        else etd(rows, u, scheme == Scheme.ETD2);
    }

    /** inc ← noise_scale·Σ^{1/2}w for the step's normals w (native semilinear.cpp's increment). */
    private void increment(int rows, long member0, long step) {
        DeviceBuffer inc = real[1], wh = half[0];
        spectralNoiseParams.seed(seed).members(rows).member_offset(member0).step(step).cells(cells).out(inc.address());
        spectral.launch("sfdt_spectral_noise" + suffix, blocks((long) rows * (cells / 2)), THREADS, 0, spectralNoiseParams);
        plan.forward(inc, wh);
        mode("noise", rows, sq, null, null, null, wh, null, null);
        plan.inverse(wh, inc);
        cell("increment", rows, inc, null, null, null, null, null);
    }

    /** f ← IFFT[L·FFT(src) + g·FFT(r(src))]; uses r, uh, rh; overwrites src (cuFFT's r2c may). */
    private void drift(int rows, DeviceBuffer src, DeviceBuffer f) {
        DeviceBuffer r = real[7], uh = half[0], rh = half[1];
        cell("reaction", rows, r, src, null, null, null, null);
        plan.forward(src, uh);
        plan.forward(r, rh);
        mode("drift", rows, coef[0], coef[1], coef[2], null, uh, uh, rh);
        plan.inverse(uh, f);
        cell("scale", rows, f, null, null, null, null, null);
    }

    private void rk4(int rows, DeviceBuffer x) {
        DeviceBuffer inc = real[1], f0 = real[2], f1 = real[3], f2 = real[4], f3 = real[5], xt = real[6];
        // A drift's r2c may overwrite its input and every stage reads x again: the drifts transform
        // xt, the first one a device copy of x (each stage kernel rewrites xt before the next drift).
        xt.copyFromDevice(x, 0, (long) rows * cells, 0);
        drift(rows, xt, f0);
        cell("stage_half", rows, xt, x, f0, null, null, null);
        drift(rows, xt, f1);
        cell("stage_half", rows, xt, x, f1, null, null, null);
        drift(rows, xt, f2);
        cell("stage_full", rows, xt, x, f2, null, null, null);
        drift(rows, xt, f3);
        cell("combine", rows, x, f0, f1, f2, f3, inc);
    }

    private void etd(int rows, DeviceBuffer u, boolean second) {
        DeviceBuffer inc = real[1], a = real[6], r = real[7];
        DeviceBuffer uh = half[0], rh = half[1], ah = half[2], tmp = half[3];
        cell("reaction", rows, r, u, null, null, null, null);
        plan.forward(u, uh);
        plan.forward(r, rh);
        mode("etd1", rows, coef[0], coef[1], coef[2], coef[3], ah, uh, rh);
        if (second) {
            long bytes = 2L * rows * modes * Dtype.of(precision).bytes;  // c2r destroys its input: keep â
            CudaException.check(cudart.cuMemcpyDtoD(tmp.address(), ah.address(), bytes), "cuMemcpyDtoD");
            plan.inverse(tmp, a);
            cell("reaction_scaled", rows, r, a, null, null, null, null);
            plan.forward(r, uh);  // r̂(a)
            mode("etd2", rows, coef[4], coef[5], null, null, ah, uh, rh);
        }
        plan.inverse(ah, u);
        cell("etd_finish", rows, u, inc, null, null, null, null);
    }

    private void cell(String fn, int rows, DeviceBuffer x, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, DeviceBuffer d,
                      DeviceBuffer e) {
        long count = (long) rows * cells;
        semiCellParams.count(count).cells(cells).dt(dt).noise_scale(noiseScale).x(x.address()).a(addr(a)).b(addr(b))
                .c(addr(c)).d(addr(d)).e(addr(e));
        semi.launch("sfdt_semi_" + fn + suffix, count, semiCellParams);
    }

    private void mode(String fn, int rows, DeviceBuffer c0, DeviceBuffer c1, DeviceBuffer c2, DeviceBuffer c3, DeviceBuffer out,
                      DeviceBuffer u, DeviceBuffer r) {
        semiModeParams.members(rows).modes(modes).c0(addr(c0)).c1(addr(c1)).c2(addr(c2)).c3(addr(c3)).out(out.address())
                .u(addr(u)).r(addr(r));
        semi.launch("sfdt_semi_" + fn + suffix, (long) rows * modes, semiModeParams);
    }

    private static long addr(DeviceBuffer b) {
        return b == null ? 0 : b.address();
    }

    private static long blocks(long threads) {
        return KernelModule.blocks(threads);
    }

    /** Device bytes per member: the real fields (one more for x₂ of a pair), the half spectra, cuFFT's work area as one more. */
    @Override
    long bytesPerMember(int copies) {
        return (long) Dtype.of(precision).bytes * ((REALS + copies - 1L) * cells + (halves + 1L) * 2 * modes);
    }

    /** Buffers and plans for chunks of {@code chunk} members with room for {@code copies} states, halved on out-of-memory. */
    private int prepare(int chunk, int copies) {
        String what = grid.n() + "×" + grid.n() + " " + precision + " Allen–Cahn " + scheme.configName();
        return workspace.prepare(chunk, copies, what, (w, c, k) -> {
            Dtype t = Dtype.of(precision);
            for (int i = 0; i < REALS; i++) real[i] = w.zeroed(t, cells);
            x2 = k == 2 ? w.zeroed(t, cells) : null;
            half = new DeviceBuffer[halves];
            for (int i = 0; i < halves; i++) half[i] = w.buffer(t, 2L * modes);
            plan = w.plan(grid.n(), precision);
        });
    }

    @Override
    public void close() {
        workspace.close();
        sq.close();
        for (DeviceBuffer b : coef) b.close();
        semiCellParams.close();
        semiModeParams.close();
        spectralNoiseParams.close();
    }
}
