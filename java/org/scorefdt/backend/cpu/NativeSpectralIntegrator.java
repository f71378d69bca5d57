package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.LinearSpectralModel;

/** Linear spectral models on the native CPU library with FFTW ({@code sfdt_spectral_advance}). */
final class NativeSpectralIntegrator implements Integrator {
    private final int size;
    private final Precision precision;
    private final ScoreFdtCpu.SpectralParams params = new ScoreFdtCpu.SpectralParams();
    private final DoublePointer aRe, aIm, bRe, bIm;
    private final StateBuffer buffer;

    NativeSpectralIntegrator(LinearSpectralModel model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        Grid grid = model.spectralGrid();
        this.size = grid.size();
        this.precision = precision;
        LinearSpectralStep c = LinearSpectralStep.of(model, spec);
        aRe = new DoublePointer(LinearSpectralStep.halfSpectrum(grid, c.aRe()));
        aIm = new DoublePointer(LinearSpectralStep.halfSpectrum(grid, c.aIm()));
        bRe = new DoublePointer(LinearSpectralStep.halfSpectrum(grid, c.bRe()));
        bIm = new DoublePointer(LinearSpectralStep.halfSpectrum(grid, c.bIm()));
        buffer = new StateBuffer(precision);
        params.n(grid.n()).precision(StateBuffer.code(precision)).threads(threads).seed(seed)
                .a_re(aRe).a_im(aIm).b_re(bRe).b_im(bIm);
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public void advance(double[] states, int members, long memberOffset, long step0, int nSteps) {
        Integrator.checkShape(states, members, size, memberOffset, step0, nSteps);
        int count = members * size;
        params.state(buffer.load(states, count)).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_spectral_advance(params), "sfdt_spectral_advance");
        buffer.store(states, count);
    }

    @Override
    public void close() {
        buffer.close();
        aRe.close(); aIm.close(); bRe.close(); bIm.close();
        params.close();
    }
}
