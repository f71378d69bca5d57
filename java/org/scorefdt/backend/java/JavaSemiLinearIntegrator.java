package org.scorefdt.backend.java;

import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.CorrelatedIncrement;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.SemiLinearStepper;
import org.scorefdt.model.SemiLinearSpectralModel;

/**
 * Reference integrator for {@link SemiLinearSpectralModel}s (Allen–Cahn) with RK4+EM, ETD1 or ETD2:
 * per member and step, the increment of (seed, member, step) from {@link CorrelatedIncrement}, then
 * one {@link SemiLinearStepper} step. The native twin is {@code native/cpu/semilinear.cpp}.
 */
final class JavaSemiLinearIntegrator extends CheckedIntegrator {
    private final long seed;
    private final double dt;
    private final int d;
    private final MemberChunks chunks;
    private final ThreadLocal<Scratch> scratch;

    JavaSemiLinearIntegrator(SemiLinearSpectralModel model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        if (!SemiLinearStepper.supports(spec.scheme())) {
            throw new IllegalArgumentException("scheme " + spec.scheme().configName() + " is not a semilinear scheme");
        }
        this.seed = seed;
        this.dt = spec.dt();
        this.d = model.dimension();
        this.chunks = new MemberChunks(threads);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(model, spec));
    }

    @Override
    protected void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        chunks.forEach(members, (from, to) -> {
            Scratch w = scratch.get();
            for (int m = from; m < to; m++) {
                for (int k = 0; k < nSteps; k++) {
                    w.noise.draw(seed, memberOffset + m, step0 + k, dt, w.inc);
                    w.stepper.step(states, m * d, w.inc);
                    if (precision == Precision.F32) {
                        for (int i = 0; i < d; i++) states[m * d + i] = (float) states[m * d + i];
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        chunks.close();
    }

    private static final class Scratch {
        final SemiLinearStepper stepper;
        final CorrelatedIncrement noise;
        final double[] inc;

        Scratch(SemiLinearSpectralModel model, IntegratorSpec spec) {
            stepper = new SemiLinearStepper(model, spec);
            noise = new CorrelatedIncrement(model.noise());
            inc = new double[model.dimension()];
        }
    }
}
