package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.Model;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.backend.cuda.runtime.KernelModule;
import org.scorefdt.backend.cuda.runtime.KernelParams.LowdimParams;

/**
 * Built-in low-dimensional models on the GPU: one team of d threads per member, many steps per
 * launch, F64 and F32 results equal to the native CPU tier's bit for bit whatever the chunking;
 * {@link #advancePair} and the device-resident entries ({@link #advanceDevice},
 * {@link #advancePairDevice}) run the same launches. Design: docs/backends.md §3.
 */
final class CudaLowDimIntegrator extends CheckedIntegrator implements DevicePairedIntegrator {
    /** Threads per block to aim for: ⌊256/d⌋ teams of d threads. */
    static final int TARGET_THREADS = KernelModule.THREADS;
    /** Steps per launch, so no single launch runs for long (watchdogs, progress). */
    static final int MAX_STEPS_PER_LAUNCH = 4096;
    /** Largest dimension: one thread per component in one block. */
    static final int MAX_DIM = 1024;

    private final CudaDevice device;
    private final KernelModule module;
    private final String kernel;
    private final int d;
    private final int modelId;
    private final int schemeId;
    private final double forcing;
    private final long seed;
    private final double dt;
    private final DeviceBuffer s;
    private final LowdimParams lowdimParams = new LowdimParams();
    private DeviceBuffer state;

    CudaLowDimIntegrator(CudaDevice device, Model model, IntegratorSpec spec, Precision precision, long seed) {
        super(model.dimension(), precision);
        BuiltinModel builtin = (BuiltinModel) model;
        this.device = device;
        this.module = KernelModule.load(device, "lowdim");
        this.kernel = precision == Precision.F64 ? "sfdt_lowdim_f64" : "sfdt_lowdim_f32";
        this.d = model.dimension();
        if (d < 1 || d > MAX_DIM) throw new IllegalArgumentException("dimension " + d + ": the CUDA kernel runs 1 … " + MAX_DIM);
        this.modelId = builtin.nativeId();
        double[] p = builtin.nativeParams();
        this.forcing = p.length > 0 ? p[0] : 0.0;
        this.schemeId = spec.scheme().nativeId;
        this.seed = seed;
        this.dt = spec.dt();
        double[] sigma = model.noise().diagonal(d);
        double sqrtDt = Math.sqrt(dt);
        double[] scaled = new double[d];
        for (int i = 0; i < d; i++) scaled[i] = sigma[i] * sqrtDt;  // as the CPU: (T)(σ_i·√dt)
        this.s = DeviceBuffer.upload(device, Dtype.F64, scaled);
    }

    @Override
    protected void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        run(states, null, members, memberOffset, step0, nSteps);
    }

    @Override
    public void advancePair(double[] states, double[] perturbed, int members, long memberOffset, long step0, int nSteps) {
        Integrator.checkShape(states, members, d, memberOffset, step0, nSteps);
        Integrator.checkShape(perturbed, members, d, memberOffset, step0, nSteps);
        run(states, perturbed, members, memberOffset, step0, nSteps);
    }

    @Override
    public CudaDevice device() {
        return device;
    }

    @Override
    public void advanceDevice(DeviceBuffer states, int members, long memberOffset, long step0, int nSteps) {
        StateRows.checkDevice("states", states, precision, members, d, memberOffset, step0, nSteps);
        launchAll(states.address(), 0, members, memberOffset, step0, nSteps);
    }

    @Override
    public void advancePairDevice(DeviceBuffer states, DeviceBuffer perturbed, int members, long memberOffset, long step0,
                                  int nSteps) {
        StateRows.checkDevice("states", states, precision, members, d, memberOffset, step0, nSteps);
        StateRows.checkDevice("perturbed", perturbed, precision, members, d, memberOffset, step0, nSteps);
        launchAll(states.address(), perturbed.address(), members, memberOffset, step0, nSteps);
    }

    /** Host states: staged through a device buffer in member chunks that fit the free memory. */
    private void run(double[] states, double[] perturbed, int members, long memberOffset, long step0, int nSteps) {
        if (members == 0 || nSteps == 0) return;
        device.makeCurrent();
        int copies = perturbed == null ? 1 : 2;
        long bytesPerMember = (long) copies * d * Dtype.of(precision).bytes;
        long held = state == null ? 0 : state.elements() / ((long) copies * d);
        int chunk = (int) Math.min(members, device.membersThatFit(bytesPerMember, 0, held));
        for (int m0 = 0; m0 < members; m0 += chunk) {
            int rows = Math.min(chunk, members - m0);
            long n = (long) rows * d;
            DeviceBuffer buf = stateBuffer(copies * n);
            buf.copyFrom(states, m0 * d, rows * d, 0);
            if (perturbed != null) buf.copyFrom(perturbed, m0 * d, rows * d, n);
            launchAll(buf.address(), perturbed == null ? 0 : buf.address(n), rows, memberOffset + m0, step0, nSteps);
            buf.copyTo(states, m0 * d, rows * d, 0);  // synchronises; kernel faults surface here
            if (perturbed != null) buf.copyTo(perturbed, m0 * d, rows * d, n);
        }
    }

    /**
     * The launches for {@code rows} members whose rows start at device address {@code x} (and
     * {@code xd} for the perturbed copies, 0 for none), at most {@link #MAX_STEPS_PER_LAUNCH} steps
     * each. The kernel keeps no state between launches, so device-resident and staged runs (and any
     * chunking) give the same numbers.
     */
    private void launchAll(long x, long xd, int rows, long memberOffset, long step0, int nSteps) {
        if (rows == 0 || nSteps == 0) return;
        device.makeCurrent();
        int teams = Math.max(1, Math.min(TARGET_THREADS / d, rows));
        long blocks = (rows + (long) teams - 1) / teams;
        int shared = 2 * teams * d * Dtype.of(precision).bytes;
        for (int k = 0; k < nSteps; k += MAX_STEPS_PER_LAUNCH) {
            int steps = Math.min(MAX_STEPS_PER_LAUNCH, nSteps - k);
            lowdimParams.seed(seed).members(rows).member_offset(memberOffset).step0(step0 + k).nsteps(steps).dim(d)
                    .model(modelId).scheme(schemeId).teams(teams).dt(dt).forcing(forcing).s(s.address()).state(x).state2(xd);
            module.launch(kernel, blocks, teams * d, shared, lowdimParams);
        }
    }

    private DeviceBuffer stateBuffer(long elements) {
        DeviceBuffer held = state;
        state = null;  // not left pointing at a closed buffer if the allocation fails
        state = DeviceBuffer.atLeast(held, device, Dtype.of(precision), elements);
        return state;
    }

    @Override
    public void close() {
        if (state != null) state.close();
        state = null;
        s.close();
        lowdimParams.close();
    }
}
