package org.scorefdt.backend.java;

import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Reference integrator for linear spectral models: each member moves to Fourier space once per
 * call, takes its steps there as û' = a·û + b·ŵ (see {@link LinearSpectralStep}), and moves back.
 * Same algorithm as {@code native/cpu/spectral.cpp}; the FFT libraries differ (JTransforms vs
 * FFTW), so the two agree to rounding (≈1e−13 relative in F64), not bitwise.
 */
final class JavaSpectralIntegrator extends CheckedIntegrator {
    private final LinearSpectralStep coef;
    private final long seed;
    private final int size;
    private final MemberChunks chunks;
    private final ThreadLocal<Scratch> scratch;

    JavaSpectralIntegrator(LinearSpectralModel model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        super(model.dimension(), precision);
        this.coef = LinearSpectralStep.of(model, spec);
        this.seed = seed;
        this.size = model.spectralGrid().size();
        this.chunks = new MemberChunks(threads);
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(model));
    }

    @Override
    protected void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        double[] aRe = coef.aRe(), aIm = coef.aIm(), bRe = coef.bRe(), bIm = coef.bIm();
        chunks.forEach(members, (from, to) -> {
            Scratch w = scratch.get();
            for (int m = from; m < to; m++) {
                w.fft.forward(states, m * size, w.u);
                for (int k = 0; k < nSteps; k++) {
                    Philox.normals(seed, Streams.NOISE, memberOffset + m, step0 + k, w.z, 0, size, w.rng);
                    w.fft.forward(w.z, 0, w.w);
                    double[] u = w.u, wh = w.w;
                    for (int i = 0; i < size; i++) {
                        double ur = u[2 * i], ui = u[2 * i + 1], wr = wh[2 * i], wi = wh[2 * i + 1];
                        u[2 * i] = (aRe[i] * ur - aIm[i] * ui) + (bRe[i] * wr - bIm[i] * wi);
                        u[2 * i + 1] = (aRe[i] * ui + aIm[i] * ur) + (bRe[i] * wi + bIm[i] * wr);
                    }
                }
                w.fft.inverseReal(w.u, states, m * size);
                if (precision == Precision.F32) {
                    for (int i = 0; i < size; i++) states[m * size + i] = (float) states[m * size + i];
                }
            }
        });
    }

    @Override
    public void close() {
        chunks.close();
    }

    private static final class Scratch {
        final SpectralTransform fft;
        final double[] u, w, z;
        final Philox.Scratch rng = new Philox.Scratch();

        Scratch(LinearSpectralModel model) {
            int size = model.spectralGrid().size();
            fft = new SpectralTransform(model.spectralGrid());
            u = new double[2 * size];
            w = new double[2 * size];
            z = new double[size];
        }
    }
}
