package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.EtdCoefficients;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;

/**
 * Allen–Cahn on the native CPU library ({@code sfdt_semilinear_advance}, FFTW, OpenMP over members)
 * with RK4+EM, ETD1 or ETD2: the twin of the Java {@code JavaSemiLinearIntegrator}. The coefficients
 * (L, g, Σ^{1/2}, and for ETD {@link EtdCoefficients}) are computed once in Java and passed on the
 * half spectrum, so both tiers apply the same numbers; results agree to FFT rounding, not bitwise.
 */
final class NativeSemiLinearIntegrator extends NativeIntegrator {
    /** {@code sfdt::REACTION_ALLEN_CAHN} (spdes.h, not part of the C ABI's enums). */
    static final int REACTION_ALLEN_CAHN = 1;

    private final ScoreFdtCpu.SemiLinearParams params = own(new ScoreFdtCpu.SemiLinearParams());

    NativeSemiLinearIntegrator(AllenCahn model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        Grid grid = model.spectralGrid();
        double dt = spec.dt();
        int code = switch (spec.scheme()) {
            case RK4_EM -> ScoreFdtCpu.SFDT_SEMI_RK4_EM;
            case ETD1 -> ScoreFdtCpu.SFDT_SEMI_ETD1;
            case ETD2 -> ScoreFdtCpu.SFDT_SEMI_ETD2;
            default -> throw new IllegalArgumentException("scheme " + spec.scheme().configName()
                    + " is not a native semilinear scheme: expected rk4-em, etd1 or etd2");
        };
        params.n(grid.n()).precision(precisionCode()).scheme(code).reaction(REACTION_ALLEN_CAHN)
                .threads(threads).seed(seed).dt(dt)
                .noise_scale(model.noise().amplitude() * Math.sqrt(dt))
                .noise_symbol(half(grid, model.noise().sqrtSymbol()));
        if (spec.scheme() == Scheme.RK4_EM) {
            params.lin_re(half(grid, model.linearRe())).lin_im(half(grid, model.linearIm()))
                    .react(half(grid, model.reactionSymbol()));
        } else {
            EtdCoefficients c = EtdCoefficients.of(model, dt);
            params.e_re(half(grid, c.eRe())).e_im(half(grid, c.eIm()))
                    .p1_re(half(grid, c.p1Re())).p1_im(half(grid, c.p1Im()))
                    .p2_re(half(grid, c.p2Re())).p2_im(half(grid, c.p2Im()));
        }
    }

    private DoublePointer half(Grid grid, double[] full) {
        return own(LinearSpectralStep.halfSpectrum(grid, full));
    }

    @Override
    void advanceNative(Pointer state, int members, long memberOffset, long step0, int nSteps) {
        params.state(state).members(members).member_offset(memberOffset).step0(step0).nsteps(nSteps);
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_semilinear_advance(params), "sfdt_semilinear_advance");
    }
}
