package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
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
final class NativeNavierStokesIntegrator extends NativeIntegrator {
    private final ScoreFdtCpu.NsParams params = own(new ScoreFdtCpu.NsParams());

    NativeNavierStokesIntegrator(NavierStokes2d model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        NavierStokes2d.Params p = model.params();
        ForcingModes k = model.forcingModes();
        params.n(p.n()).precision(precisionCode()).threads(threads).seed(seed).dt(spec.dt())
                .u0(p.u0()).nu_hypo(p.nuHypo()).nu(p.nu()).forcing(p.forcing()).phase_sigma(p.phaseSigma())
                .dealias(p.dealias() ? 1 : 0).nmodes(k.size()).mode_kx(own(new IntPointer(k.kx())))
                .mode_ky(own(new IntPointer(k.ky()))).mode_partner(own(new IntPointer(k.partner())));
    }

    @Override
    void advanceNative(Pointer state, int members, long memberOffset, long step0, int nSteps) {
        params.state(state).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_ns_advance(params), "sfdt_ns_advance");
    }
}
