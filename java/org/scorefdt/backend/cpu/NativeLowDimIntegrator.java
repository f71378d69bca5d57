package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.Model;

/** Built-in low-dimensional models on the native CPU library ({@code sfdt_lowdim_advance}). */
final class NativeLowDimIntegrator implements Integrator {
    private final int d;
    private final Precision precision;
    private final ScoreFdtCpu.LowDimParams params = new ScoreFdtCpu.LowDimParams();
    private final DoublePointer sigma;
    private final DoublePointer modelParams;
    private final StateBuffer buffer;

    NativeLowDimIntegrator(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        BuiltinModel builtin = (BuiltinModel) model;
        this.d = model.dimension();
        this.precision = precision;
        this.sigma = new DoublePointer(model.noise().diagonal(d));
        double[] p = builtin.nativeParams();
        this.modelParams = new DoublePointer(Math.max(p.length, 1)).put(p, 0, p.length);
        this.buffer = new StateBuffer(precision);
        params.model(builtin.nativeId()).scheme(spec.scheme().nativeId).precision(StateBuffer.code(precision))
                .dim(d).threads(threads).seed(seed).dt(spec.dt()).sigma(sigma).params(modelParams).nparams(p.length);
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
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_lowdim_advance(params), "sfdt_lowdim_advance");
        buffer.store(states, count);
    }

    @Override
    public void close() {
        buffer.close();
        sigma.close();
        modelParams.close();
        params.close();
    }
}
