package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.BuiltinModel;
import org.scorefdt.model.Model;

/** Built-in low-dimensional models on the native CPU library ({@code sfdt_lowdim_advance}). */
final class NativeLowDimIntegrator extends NativeIntegrator {
    private final ScoreFdtCpu.LowDimParams params = own(new ScoreFdtCpu.LowDimParams());

    NativeLowDimIntegrator(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        BuiltinModel builtin = (BuiltinModel) model;
        int d = model.dimension();
        double[] p = builtin.nativeParams();
        DoublePointer modelParams = own(new DoublePointer(Math.max(p.length, 1)).put(p, 0, p.length));
        params.model(builtin.nativeId()).scheme(spec.scheme().nativeId).precision(precisionCode()).dim(d).threads(threads)
                .seed(seed).dt(spec.dt()).sigma(own(model.noise().diagonal(d))).params(modelParams).nparams(p.length);
    }

    @Override
    void advanceNative(Pointer state, int members, long memberOffset, long step0, int nSteps) {
        params.state(state).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_lowdim_advance(params), "sfdt_lowdim_advance");
    }
}
