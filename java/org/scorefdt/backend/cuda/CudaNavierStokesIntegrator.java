package org.scorefdt.backend.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.ForcingModes;
import org.scorefdt.model.NavierStokes2d;

/**
 * {@link NavierStokes2d} with RK4 + EM on the GPU: the algorithm of the native CPU tier
 * ({@code native/cpu/navier_stokes.cpp}) batched over a chunk of members, with cuFFT
 * ({@link CufftPlan2d}) and the bodies of {@code navier_stokes.h} in
 * {@code cuda/kernels/navier_stokes.cu}. The state rows [ζ | φ] stay on the device for the whole
 * {@code advance} call; ζ is stepped in Fourier space. The phases get the same normals (noise stream,
 * components n² + j) and the same portable cos/sin as on the CPU, so they agree bitwise as long as
 * the vorticity does not feed back into them (it does not: dφ = σ dW); the vorticity agrees to the FFT
 * libraries' rounding, growing with the flow's chaos over long runs.
 *
 * <p>Device memory per member: the state row, 8 real fields and 9 half spectra (5 for the drift's
 * transforms, ζ̂, the stage argument, the stage drift, the RK4 accumulator), cos/sin of the phases,
 * and cuFFT's work area (taken as one more half spectrum).
 */
final class CudaNavierStokesIntegrator implements DeviceResidentIntegrator {
    private static final int THREADS = 256;
    static final int MAX_CHUNK = 1 << 16;
    private static final int REALS = 8, HALVES = 9;

    private final CudaDevice device;
    private final KernelModule module;
    private final NavierStokes2d.Params params;
    private final int n;
    private final int cells;
    private final int modes;
    private final int nmodes;
    private final int dim;
    private final Precision precision;
    private final String suffix;
    private final long seed;
    private final double dt;
    private final double sdt;
    private final DeviceBuffer kx, ky, partner;
    private final KernelArgs args = new KernelArgs();
    private DeviceBuffer state, cphi, sphi;
    private final DeviceBuffer[] real = new DeviceBuffer[REALS];
    private final DeviceBuffer[] half = new DeviceBuffer[HALVES];
    private CufftPlan2d plan;
    private long memberOffset, step;
    private int rows;

    CudaNavierStokesIntegrator(CudaDevice device, NavierStokes2d model, IntegratorSpec spec, Precision precision, long seed) {
        if (spec.scheme() != Scheme.RK4_EM) {
            throw new IllegalArgumentException("Navier–Stokes runs on CUDA with rk4-em only, got " + spec.scheme().configName());
        }
        this.device = device;
        this.module = KernelModule.load(device, "navier_stokes");
        this.params = model.params();
        this.n = params.n();
        this.cells = n * n;
        this.modes = n * (n / 2 + 1);
        ForcingModes k = model.forcingModes();
        this.nmodes = k.size();
        this.dim = model.dimension();
        this.precision = precision;
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

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void advance(double[] states, int members, long memberOffset, long step0, int nSteps) {
        Integrator.checkShape(states, members, dim, memberOffset, step0, nSteps);
        run(states, null, members, memberOffset, step0, nSteps);
    }

    /**
     * {@link #advance} with the states already on the device ({@code [members][n² + nmodes]}, in this
     * integrator's precision): chunks move device to device, nothing crosses to the host. The same
     * operations as {@link #advance}, so the trajectories are identical.
     */
    @Override
    public void advanceDevice(DeviceBuffer states, int members, long memberOffset, long step0, int nSteps) {
        DeviceStates.check("states", states, precision, members, dim, memberOffset, step0, nSteps);
        run(null, states, members, memberOffset, step0, nSteps);
    }

    @Override
    public CudaDevice device() {
        return device;
    }

    /** Exactly one of {@code host} and {@code dev} holds the states. */
    private void run(double[] host, DeviceBuffer dev, int members, long memberOffset, long step0, int nSteps) {
        if (members == 0 || nSteps == 0) return;
        device.makeCurrent();
        int chunk = prepare(chunkSize(members));
        DeviceBuffer zh = half[5], zt = half[6], kk = half[7], acc = half[8];
        for (int m0 = 0; m0 < members; m0 += chunk) {
            rows = Math.min(chunk, members - m0);
            this.memberOffset = memberOffset + m0;
            if (host != null) state.copyFrom(host, m0 * dim, rows * dim, 0);
            else state.copyFromDevice(dev, (long) m0 * dim, (long) rows * dim, 0);
            launch("unpack", (long) rows * cells, state, real[0]);
            plan.forward(real[0], zh);
            for (int k = 0; k < nSteps; k++) {
                step = step0 + k;
                launch("phases", (long) rows * nmodes, state, cphi, sphi);
                drift(zh, kk);
                launch("rk4_first", 2L * rows * modes, acc, zt, zh, kk);
                drift(zt, kk);
                launch("rk4_mid_half", 2L * rows * modes, acc, zt, zh, kk);
                drift(zt, kk);
                launch("rk4_mid_full", 2L * rows * modes, acc, zt, zh, kk);
                drift(zt, kk);
                launch("rk4_last", 2L * rows * modes, acc, zt, zh, kk);
                launch("phase_noise", (long) rows * ((nmodes + 1) / 2), state);
            }
            copy(zh, half[0]);  // c2r destroys its input
            plan.inverse(half[0], real[0]);
            launch("pack", (long) rows * cells, state, real[0]);
            if (host != null) state.copyTo(host, m0 * dim, rows * dim, 0);  // synchronises; faults surface here
            else dev.copyFromDevice(state, 0, (long) rows * dim, (long) m0 * dim);
        }
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
        long[] p = new long[buffers.length];
        for (int i = 0; i < p.length; i++) p[i] = buffers[i].address();
        KernelStructs.ns(args, rows, count, dim, n, nmodes, params.dealias() ? 1 : 0, seed, memberOffset, step, params.u0(),
                params.nuHypo(), params.nu(), dt, sdt, params.forcing(), p, kx.address(), ky.address(), partner.address());
        module.launch("sfdt_ns_" + fn + suffix, (count + THREADS - 1) / THREADS, THREADS, 0, args);
    }

    private int chunkSize(int members) {
        long t = Dtype.of(precision).bytes;
        long perMember = t * (dim + REALS * (long) cells + (HALVES + 1L) * 2 * modes) + 16L * nmodes;
        long held = plan == null ? 0 : plan.batch();
        long want = Math.min(Math.min(members, MAX_CHUNK), device.membersThatFit(perMember, 0, held));
        if (plan != null && held >= want && held <= 2 * want) return plan.batch();
        return (int) want;
    }

    private int prepare(int chunk) {
        while (true) {
            try {
                if (plan == null || plan.batch() != chunk) {
                    freeBuffers();
                    Dtype t = Dtype.of(precision);
                    state = DeviceBuffer.allocate(device, t, (long) chunk * dim);
                    cphi = DeviceBuffer.allocate(device, Dtype.F64, (long) chunk * Math.max(1, nmodes));
                    sphi = DeviceBuffer.allocate(device, Dtype.F64, (long) chunk * Math.max(1, nmodes));
                    for (int i = 0; i < REALS; i++) {
                        real[i] = DeviceBuffer.allocate(device, t, (long) chunk * cells);
                        real[i].zero();
                    }
                    for (int i = 0; i < HALVES; i++) {
                        half[i] = DeviceBuffer.allocate(device, t, 2L * chunk * modes);
                        half[i].zero();
                    }
                    plan = new CufftPlan2d(device, n, chunk, precision);
                }
                return chunk;
            } catch (CudaException e) {
                freeBuffers();
                if (!(e.isOutOfMemory() || e.errorName().equals("CUFFT_ALLOC_FAILED")) || chunk == 1) {
                    throw new IllegalStateException("device memory: cannot hold a chunk of " + chunk + " members of "
                            + n + "×" + n + " " + precision + " Navier–Stokes (" + e.getMessage() + ")", e);
                }
                chunk = Math.max(1, chunk / 2);
            }
        }
    }

    private void freeBuffers() {
        if (plan != null) plan.close();
        plan = null;
        for (DeviceBuffer[] group : new DeviceBuffer[][] {real, half}) {
            for (int i = 0; i < group.length; i++) {
                if (group[i] != null) group[i].close();
                group[i] = null;
            }
        }
        for (DeviceBuffer b : new DeviceBuffer[] {state, cphi, sphi}) {
            if (b != null) b.close();
        }
        state = cphi = sphi = null;
    }

    @Override
    public void close() {
        freeBuffers();
        kx.close();
        ky.close();
        partner.close();
        args.close();
    }
}
