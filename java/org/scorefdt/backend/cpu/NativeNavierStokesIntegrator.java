package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.IntPointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.ForcingModes;
import org.scorefdt.model.NavierStokes2d;

/**
 * {@link NavierStokes2d} with RK4 + EM on the native CPU library ({@code sfdt_ns_advance}, bodies in
 * {@code native/include/scorefdt/navier_stokes.h}): the vorticity is stepped in Fourier space with
 * FFTW r2c/c2r transforms, the phases by the same normals as the Java reference. Phases agree with
 * the Java tier bitwise, the vorticity to FFT rounding (JTransforms vs FFTW), growing with the
 * flow's chaos over long runs. Results do not depend on the thread count or member blocking.
 */
final class NativeNavierStokesIntegrator implements Integrator {
    private final int d;
    private final Precision precision;
    private final ScoreFdtCpu.NsParams params = new ScoreFdtCpu.NsParams();
    private final IntPointer kx, ky, partner;
    private final StateBuffer buffer;

    NativeNavierStokesIntegrator(NavierStokes2d model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        NavierStokes2d.Params p = model.params();
        ForcingModes k = model.forcingModes();
        this.d = model.dimension();
        this.precision = precision;
        this.kx = new IntPointer(k.kx());
        this.ky = new IntPointer(k.ky());
        this.partner = new IntPointer(k.partner());
        this.buffer = new StateBuffer(precision);
        params.n(p.n()).precision(StateBuffer.code(precision)).threads(threads).seed(seed).dt(spec.dt())
                .u0(p.u0()).nu_hypo(p.nuHypo()).nu(p.nu()).forcing(p.forcing()).phase_sigma(p.phaseSigma())
                .dealias(p.dealias() ? 1 : 0).nmodes(k.size()).mode_kx(kx).mode_ky(ky).mode_partner(partner);
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void advance(double[] states, int members, long memberOffset, long step0, int nSteps) {
        Integrator.checkShape(states, members, d, memberOffset, step0, nSteps);
        int count = members * d;
        params.state(buffer.load(states, count)).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_ns_advance(params), "sfdt_ns_advance");
        buffer.store(states, count);
    }

    @Override
    public void close() {
        buffer.close();
        kx.close();
        ky.close();
        partner.close();
        params.close();
    }
}
