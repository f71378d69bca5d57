package org.scorefdt.backend.cuda.integrate;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.ForcingModes;
import org.scorefdt.model.NavierStokes2d;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.CudaException;
import org.scorefdt.backend.cuda.runtime.CufftPlan2d;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.NsKernelParams;

/**
 * {@link NavierStokes2d} with RK4 + EM on the GPU: the native CPU tier's algorithm batched over a
 * chunk of members with cuFFT. Phases agree with the CPU bitwise, the vorticity to FFT rounding;
 * {@link #advancePair} equals two {@link #advance} calls bit for bit. Design and device memory:
 * docs/backends.md §3.
 */
final class CudaNavierStokesIntegrator extends StagedGridIntegrator {
    static final int MAX_CHUNK = 1 << 16;
    private static final int REALS = 8, HALVES = 9;

    private final KernelModule module;
    private final NavierStokes2d.Params params;
    private final int n;
    private final int cells;
    private final int modes;
    private final int nmodes;
    private final int dim;
    private final String suffix;
    private final long seed;
    private final double dt;
    private final double sdt;
    private final DeviceBuffer kx, ky, partner;
    private final NsKernelParams nsKernelParams = new NsKernelParams();
    private DeviceBuffer state, cphi, sphi;
    /** The perturbed copies' state rows and ζ̂, held only after a paired call. */
    private DeviceBuffer state2, zh2;
    private final DeviceBuffer[] real = new DeviceBuffer[REALS];
    private final DeviceBuffer[] half = new DeviceBuffer[HALVES];
    private CufftPlan2d plan;
    private long memberOffset, step;
    private int rows;

    CudaNavierStokesIntegrator(CudaDevice device, NavierStokes2d model, IntegratorSpec spec, Precision precision, long seed) {
        super(device, model.dimension(), precision, MAX_CHUNK);
        if (spec.scheme() != Scheme.RK4_EM) {
            throw new IllegalArgumentException("Navier–Stokes runs on CUDA with rk4-em only, got " + spec.scheme().configName());
        }
        this.module = KernelModule.load(device, "navier_stokes");
        this.params = model.params();
        this.n = params.n();
        this.cells = n * n;
        this.modes = n * (n / 2 + 1);
        ForcingModes k = model.forcingModes();
        this.nmodes = k.size();
        this.dim = model.dimension();
        this.suffix = precision == Precision.F64 ? "_f64" : "_f32";
        this.seed = seed;
        this.dt = spec.dt();
        this.sdt = params.phaseSigma() * Math.sqrt(dt);  // as the CPU: (T)(phase_sigma·√dt)
        this.kx = ints(k.kx());
        this.ky = ints(k.ky());
        this.partner = ints(k.partner());
    }

    private DeviceBuffer ints(int[] v) {
        DeviceBuffer b = DeviceBuffer.allocate(device, Dtype.I32, Math.max(1, v.length));
        try (IntPointer h = new IntPointer(Math.max(1, v.length))) {
            h.put(v, 0, v.length);
            b.copyFromHost(h, 4L * v.length);
        }
        return b;
    }

    /**
     * The states {@code xs} and, when {@code ps} is not null, their perturbed copies (rows in state₂,
     * ζ̂₂): per step each copy takes its RK4 step (cos/sin of its own phases, four drifts on shared
     * scratch, rewritten before each read), then one launch draws the phase normals once and steps
     * both copies' phases with them. Each copy sees exactly the operations of a run of its own, so
     * a pair equals two runs bit for bit.
     */
    @Override
    void run(StateRows xs, StateRows ps, int members, long memberOffset, long step0, int nSteps) {
        if (members == 0 || nSteps == 0) return;
        device.makeCurrent();
        int copies = ps == null ? 1 : 2;
        int chunk = prepare(chunkSize(members, copies), copies);
        DeviceBuffer zh = half[5];
        for (int m0 = 0; m0 < members; m0 += chunk) {
            rows = Math.min(chunk, members - m0);
            this.memberOffset = memberOffset + m0;
            start(xs, m0, state, zh);
            if (ps != null) start(ps, m0, state2, zh2);
            for (int k = 0; k < nSteps; k++) {
                step = step0 + k;
                rk4(state, zh);
                if (ps != null) rk4(state2, zh2);
                long pairs = (long) rows * ((nmodes + 1) / 2);
                if (ps == null) launch("phase_noise", pairs, state);
                else launch("phase_noise", pairs, state, state2);
            }
            finish(xs, m0, state, zh);
            if (ps != null) finish(ps, m0, state2, zh2);
        }
    }

    /** Rows m0.. of {@code from} into {@code s}, and ζ̂ = r2c(ζ) into {@code z}. */
    private void start(StateRows from, int m0, DeviceBuffer s, DeviceBuffer z) {
        from.load(m0, rows, s);
        launch("unpack", (long) rows * cells, s, real[0]);
        plan.forward(real[0], z);
    }

    /** ζ = c2r(ζ̂)/n² packed into {@code s}, and {@code s} back to rows m0.. of {@code to}. */
    private void finish(StateRows to, int m0, DeviceBuffer s, DeviceBuffer z) {
        copy(z, half[0]);  // c2r destroys its input
        plan.inverse(half[0], real[0]);
        launch("pack", (long) rows * cells, s, real[0]);
        to.store(m0, rows, s);
    }

    /** The RK4 step of ζ̂ = {@code z}, forced with the phases of {@code s} (not yet stepped). */
    private void rk4(DeviceBuffer s, DeviceBuffer z) {
        DeviceBuffer zt = half[6], kk = half[7], acc = half[8];
        launch("phases", (long) rows * nmodes, s, cphi, sphi);
        drift(z, kk);
        launch("rk4_first", 2L * rows * modes, acc, zt, z, kk);
        drift(zt, kk);
        launch("rk4_mid_half", 2L * rows * modes, acc, zt, z, kk);
        drift(zt, kk);
        launch("rk4_mid_full", 2L * rows * modes, acc, zt, z, kk);
        drift(zt, kk);
        launch("rk4_last", 2L * rows * modes, acc, zt, z, kk);
    }

    /** d ← drift(ζ̂ = z), the CPU's order: prepare, c2r, products, r2c, combine, forcing. */
    private void drift(DeviceBuffer z, DeviceBuffer d) {
        DeviceBuffer u = real[0], v = real[1], zm = real[2], zx = real[3], zy = real[4], a = real[5], p = real[6], q = real[7];
        launch("prepare", (long) rows * modes, z, half[0], half[1], half[2], half[3], half[4]);
        plan.inverse(half[0], u);
        plan.inverse(half[1], v);
        plan.inverse(half[3], zx);
        plan.inverse(half[4], zy);
        if (params.dealias()) {
            launch("advective", (long) rows * cells, a, u, v, zx, zy);
            plan.forward(a, half[0]);
            launch("combine_adv", (long) rows * modes, d, half[0], z);
        } else {
            plan.inverse(half[2], zm);
            launch("products", (long) rows * cells, a, p, q, u, v, zm, zx, zy);
            plan.forward(a, half[0]);
            plan.forward(p, half[1]);
            plan.forward(q, half[2]);
            launch("combine_skew", (long) rows * modes, d, half[0], half[1], half[2], z);
        }
        launch("forcing", (long) rows * nmodes, d, cphi, sphi);
    }

    private void copy(DeviceBuffer from, DeviceBuffer to) {
        long bytes = 2L * rows * modes * Dtype.of(precision).bytes;
        CudaException.check(cudart.cuMemcpyDtoD(to.address(), from.address(), bytes), "cuMemcpyDtoD");
    }

    private void launch(String fn, long count, DeviceBuffer... buffers) {
        if (count == 0) return;
        long[] p = new long[8];
        for (int i = 0; i < buffers.length; i++) p[i] = buffers[i].address();
        nsKernelParams.members(rows).count(count).dim(dim).n(n).nmodes(nmodes).dealias(params.dealias() ? 1 : 0).seed(seed)
                .member_offset(memberOffset).step(step).u0(params.u0()).nu_hypo(params.nuHypo()).nu(params.nu()).dt(dt).sdt(sdt)
                .forcing(params.forcing()).p0(p[0]).p1(p[1]).p2(p[2]).p3(p[3]).p4(p[4]).p5(p[5]).p6(p[6]).p7(p[7])
                .kx(kx.address()).ky(ky.address()).partner(partner.address());
        module.launch("sfdt_ns_" + fn + suffix, count, nsKernelParams);
    }

    /**
     * Device bytes per member: the state row, the real fields, the half spectra and cuFFT's work area
     * (one more half spectrum), cos/sin of the phases; a pair adds state₂ and ζ̂₂.
     */
    @Override
    long bytesPerMember(int copies) {
        long t = Dtype.of(precision).bytes;
        return t * (copies * (long) dim + REALS * (long) cells + (HALVES + copies) * 2L * modes) + 16L * nmodes;
    }

    /** Buffers and plans for chunks of {@code chunk} members with room for {@code copies} states, halved on out-of-memory. */
    private int prepare(int chunk, int copies) {
        return workspace.prepare(chunk, copies, n + "×" + n + " " + precision + " Navier–Stokes", (w, c, k) -> {
            Dtype t = Dtype.of(precision);
            state = w.buffer(t, dim);
            cphi = w.buffer(Dtype.F64, Math.max(1, nmodes));
            sphi = w.buffer(Dtype.F64, Math.max(1, nmodes));
            for (int i = 0; i < REALS; i++) real[i] = w.zeroed(t, cells);
            for (int i = 0; i < HALVES; i++) half[i] = w.zeroed(t, 2L * modes);
            state2 = k == 2 ? w.buffer(t, dim) : null;
            zh2 = k == 2 ? w.zeroed(t, 2L * modes) : null;
            plan = w.plan(n, precision);
        });
    }

    @Override
    public void close() {
        workspace.close();
        kx.close();
        ky.close();
        partner.close();
        nsKernelParams.close();
    }
}
