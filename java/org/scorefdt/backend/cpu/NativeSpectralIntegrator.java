package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.LinearSpectralModel;

/** Linear spectral models on the native CPU library with FFTW ({@code sfdt_spectral_advance}). */
final class NativeSpectralIntegrator extends NativeIntegrator {
    private final ScoreFdtCpu.SpectralParams params = own(new ScoreFdtCpu.SpectralParams());

    NativeSpectralIntegrator(LinearSpectralModel model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        Grid grid = model.spectralGrid();
        LinearSpectralStep c = LinearSpectralStep.of(model, spec);
        params.n(grid.n()).precision(precisionCode()).threads(threads).seed(seed)
                .a_re(own(LinearSpectralStep.halfSpectrum(grid, c.aRe()))).a_im(own(LinearSpectralStep.halfSpectrum(grid, c.aIm())))
                .b_re(own(LinearSpectralStep.halfSpectrum(grid, c.bRe()))).b_im(own(LinearSpectralStep.halfSpectrum(grid, c.bIm())));
    }

    @Override
    void advanceNative(Pointer state, int members, long memberOffset, long step0, int nSteps) {
        params.state(state).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_spectral_advance(params), "sfdt_spectral_advance");
    }
}
