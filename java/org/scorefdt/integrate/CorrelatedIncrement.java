package org.scorefdt.integrate;

import org.scorefdt.model.Noise;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * The increment η = amplitude·√dt·Σ^{1/2} z of {@link Noise.SpectralCorrelated} noise over one step,
 * applied spectrally (forward FFT of z, multiply by the real symbol, inverse, scale). The one place
 * the Java tier builds correlated increments: every integrator of grid models uses it, and tests
 * use {@link #fromWhite} to drive schemes with chosen white noise (e.g. Brownian paths summed from
 * finer steps).
 *
 * <p>Not thread-safe (owns an FFT and buffers): one per thread.
 */
public final class CorrelatedIncrement {
    private final double amplitude;
    private final double[] sqrtSymbol, spectrum, z;
    private final SpectralTransform fft;
    private final Philox.Scratch rng = new Philox.Scratch();

    public CorrelatedIncrement(Noise.SpectralCorrelated noise) {
        this.amplitude = noise.amplitude();
        this.sqrtSymbol = noise.sqrtSymbol();
        this.fft = new SpectralTransform(noise.grid());
        this.spectrum = new double[2 * sqrtSymbol.length];
        this.z = new double[sqrtSymbol.length];
    }

    /** out = amplitude·√dt·Σ^{1/2} z for the given white field z (N² values; out may be z). */
    public void fromWhite(double[] z, double dt, double[] out) {
        int d = sqrtSymbol.length;
        double scale = amplitude * Math.sqrt(dt);
        fft.forward(z, 0, spectrum);
        for (int i = 0; i < d; i++) {
            spectrum[2 * i] *= sqrtSymbol[i];
            spectrum[2 * i + 1] *= sqrtSymbol[i];
        }
        fft.inverseReal(spectrum, out, 0);
        for (int i = 0; i < d; i++) out[i] *= scale;
    }

    /** The increment of (seed, member, step) with z from the {@link Streams#NOISE} stream. */
    public void draw(long seed, long member, long step, double dt, double[] out) {
        Philox.normals(seed, Streams.NOISE, member, step, z, 0, z.length, rng);
        fromWhite(z, dt, out);
    }
}
