package org.scorefdt.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.EtdCoefficients;
import org.scorefdt.integrate.Integrator;
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
final class NativeSemiLinearIntegrator implements Integrator {
    /** {@code SFDT_SEMI_*} of abi.h. */
    static final int SEMI_RK4_EM = 3, SEMI_ETD1 = 4, SEMI_ETD2 = 5;
    /** {@code sfdt::REACTION_ALLEN_CAHN}. */
    static final int REACTION_ALLEN_CAHN = 1;

    private final int size;
    private final Precision precision;
    private final ScoreFdtCpu.SemiLinearParams params = new ScoreFdtCpu.SemiLinearParams();
    private final List<DoublePointer> arrays = new ArrayList<>();
    private final StateBuffer buffer;

    NativeSemiLinearIntegrator(AllenCahn model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        Grid grid = model.spectralGrid();
        this.size = grid.size();
        this.precision = precision;
        this.buffer = new StateBuffer(precision);
        double dt = spec.dt();
        int code = switch (spec.scheme()) {
            case RK4_EM -> SEMI_RK4_EM;
            case ETD1 -> SEMI_ETD1;
            case ETD2 -> SEMI_ETD2;
            default -> throw new IllegalArgumentException("scheme " + spec.scheme().configName()
                    + " is not a native semilinear scheme: expected rk4-em, etd1 or etd2");
        };
        params.n(grid.n()).precision(StateBuffer.code(precision)).scheme(code).reaction(REACTION_ALLEN_CAHN)
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
        DoublePointer p = new DoublePointer(LinearSpectralStep.halfSpectrum(grid, full));
        arrays.add(p);
        return p;
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
        NativeCpuBackend.check(ScoreFdtCpu.sfdt_semilinear_advance(params), "sfdt_semilinear_advance");
        buffer.store(states, count);
    }

    @Override
    public void close() {
        buffer.close();
        for (DoublePointer p : arrays) p.close();
        arrays.clear();
        params.close();
    }
}
