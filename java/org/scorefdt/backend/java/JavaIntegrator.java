package org.scorefdt.backend.java;

import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.CorrelatedIncrement;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Model;
import org.scorefdt.model.Noise;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Reference integrator for any {@link Model}: EM, Heun and RK4+EM, the Java twin of
 * {@code native/include/scorefdt/integrators.h} (same operations in the same order, so F64 runs of
 * the built-in models match the native backend bit for bit). Correlated noise is applied through
 * the circulant square root with FFTs.
 */
final class JavaIntegrator extends CheckedIntegrator {
    private final Model model;
    private final Scheme scheme;
    private final double dt;
    private final long seed;
    private final int d;
    private final double[] s;                 // σ_i·√dt for diagonal noise, else null
    private final int firstNoisy;             // even index before which every σ_i is 0 (normals skipped)
    private final Noise.SpectralCorrelated correlated;
    private final MemberChunks chunks;
    private final ThreadLocal<Scratch> scratch;

    JavaIntegrator(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        if (spec.scheme() == Scheme.EXACT_OU || spec.scheme() == Scheme.ETD1 || spec.scheme() == Scheme.ETD2) {
            throw new UnsupportedOperationException("scheme " + spec.scheme().configName() + " needs a spectral model");
        }
        this.model = model;
        this.scheme = spec.scheme();
        this.dt = spec.dt();
        this.seed = seed;
        this.d = model.dimension();
        Noise noise = model.noise();
        if (noise instanceof Noise.SpectralCorrelated c) {
            this.correlated = c;
            this.s = null;
        } else {
            this.correlated = null;
            this.s = noise.diagonal(d);
            double sqrtDt = Math.sqrt(dt);
            for (int i = 0; i < d; i++) s[i] = s[i] * sqrtDt;
        }
        int first = 0;
        while (s != null && first < d && s[first] == 0) first++;
        this.firstNoisy = first & ~1;
        this.chunks = new MemberChunks(threads);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(d, correlated));
    }

    @Override
    protected void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        chunks.forEach(members, (from, to) -> {
            Scratch w = scratch.get();
            for (int m = from; m < to; m++) {
                for (int k = 0; k < nSteps; k++) {
                    noiseIncrement(memberOffset + m, step0 + k, w);
                    step(states, m * d, w);
                    if (precision == Precision.F32) {
                        for (int i = 0; i < d; i++) states[m * d + i] = (float) states[m * d + i];
                    }
                }
            }
        });
    }

    /** Fills w.inc with the noise increment Σ√dt z of this member and step. */
    private void noiseIncrement(long member, long step, Scratch w) {
        if (correlated == null) {
            // Components before firstNoisy have σ = 0: their normals would be multiplied by 0, so
            // they are not drawn (w.z stays 0 there); the others are the same variates as always.
            Philox.normalsFrom(seed, Streams.NOISE, member, step, firstNoisy, w.z, firstNoisy, d - firstNoisy, w.rng);
            for (int i = 0; i < d; i++) w.inc[i] = s[i] * w.z[i];
            return;
        }
        Philox.normals(seed, Streams.NOISE, member, step, w.z, 0, d, w.rng);
        w.correlated.fromWhite(w.z, dt, w.inc);
    }

    private void step(double[] x, int o, Scratch w) {
        double[] f0 = w.f0, f1 = w.f1, f2 = w.f2, f3 = w.f3, xt = w.xt, inc = w.inc;
        model.drift(x, o, f0, 0);
        switch (scheme) {
            case EULER_MARUYAMA -> {
                for (int i = 0; i < d; i++) x[o + i] = x[o + i] + dt * f0[i] + inc[i];
            }
            case HEUN -> {
                for (int i = 0; i < d; i++) xt[i] = x[o + i] + dt * f0[i] + inc[i];
                model.drift(xt, 0, f1, 0);
                double halfDt = 0.5 * dt;
                for (int i = 0; i < d; i++) x[o + i] = x[o + i] + halfDt * (f0[i] + f1[i]) + inc[i];
            }
            case RK4_EM -> {
                double halfDt = 0.5 * dt;
                for (int i = 0; i < d; i++) xt[i] = x[o + i] + halfDt * f0[i];
                model.drift(xt, 0, f1, 0);
                for (int i = 0; i < d; i++) xt[i] = x[o + i] + halfDt * f1[i];
                model.drift(xt, 0, f2, 0);
                for (int i = 0; i < d; i++) xt[i] = x[o + i] + dt * f2[i];
                model.drift(xt, 0, f3, 0);
                double dt6 = dt / 6;
                for (int i = 0; i < d; i++) {
                    x[o + i] = x[o + i] + dt6 * (((f0[i] + 2 * f1[i]) + 2 * f2[i]) + f3[i]) + inc[i];
                }
            }
            default -> throw new IllegalStateException(scheme.toString());
        }
    }

    @Override
    public void close() {
        chunks.close();
    }

    private static final class Scratch {
        final double[] f0, f1, f2, f3, xt, z, inc;
        final Philox.Scratch rng = new Philox.Scratch();
        final CorrelatedIncrement correlated;

        Scratch(int d, Noise.SpectralCorrelated c) {
            f0 = new double[d]; f1 = new double[d]; f2 = new double[d]; f3 = new double[d];
            xt = new double[d]; z = new double[d]; inc = new double[d];
            correlated = c == null ? null : new CorrelatedIncrement(c);
        }
    }
}
