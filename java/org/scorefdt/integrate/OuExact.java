package org.scorefdt.integrate;

import org.scorefdt.model.Grid;
import org.scorefdt.model.InitialCondition;
import org.scorefdt.model.LinearSpectralModel;
import org.scorefdt.model.SpectralTransform;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Exact answers for a linear spectral model (the OU SPDE) in the engine's discrete conventions:
 * the stationary spectrum S(k) = |b|² N²/(1 − |a|²), covariances, the score ŝ(k) = −N² û(k)/S(k) and
 * the impulse response R(r, n) = N⁻² Σ_k a(k)ⁿ e^{ik·r}. Derivation: docs/numerics.md §2.
 */
public final class OuExact {
    private final LinearSpectralModel model;
    private final LinearSpectralStep step;
    private final Grid grid;
    private final ThreadLocal<SpectralTransform> transforms;
    private volatile double[] spectrum;   // lazily: an unstable scheme still has a response, but no stationary law

    /** Exact answers of the model stepped with {@code spec} (use the exact-OU scheme for the continuum law). */
    public OuExact(LinearSpectralModel model, IntegratorSpec spec) {
        this.model = model;
        this.step = LinearSpectralStep.of(model, spec);
        this.grid = model.spectralGrid();
        this.transforms = ThreadLocal.withInitial(() -> new SpectralTransform(grid));
    }

    /**
     * S(k) = E|û(k)|², full [ky][kx] layout.
     *
     * @throws IllegalStateException if the scheme does not damp every mode (dt too large): no stationary law
     */
    public double[] stationarySpectrum() {
        return spectrum().clone();
    }

    private double[] spectrum() {
        double[] s = spectrum;
        if (s == null) {
            s = step.stationarySpectrum();
            spectrum = s;
        }
        return s;
    }

    /** The step coefficients these answers belong to. */
    public LinearSpectralStep step() {
        return step;
    }

    /** Stationary variance of one pixel, C(0) = N⁻⁴ Σ_k S(k). */
    public double pixelVariance() {
        double s = 0;
        for (double v : spectrum()) s += v;
        return s / ((double) grid.size() * grid.size());
    }

    /** C(r, n) for all offsets r (row-major [ry][rx]) after n steps (n = 0: the covariance). */
    public double[] laggedCovariance(int n) {
        double[] spec = spectrum();
        double[] re = new double[spec.length], im = new double[spec.length];
        powerOfA(n, re, im);
        for (int i = 0; i < spec.length; i++) {
            re[i] *= spec[i];
            im[i] *= spec[i];
        }
        double[] out = inverse(re, im);
        double scale = 1.0 / grid.size();
        for (int i = 0; i < out.length; i++) out[i] *= scale;
        return out;
    }

    /** R(r, n) = response of pixel r, n steps after a unit impulse at pixel 0 (row-major [ry][rx]). */
    public double[] responseColumn(int n) {
        double[] re = new double[grid.size()], im = new double[grid.size()];
        powerOfA(n, re, im);
        return inverse(re, im);
    }

    /** Response n steps after a kick along the constant direction u: aⁿ applied to u, i.e. e^{Mt}u. */
    public double[] response(double[] u, int n) {
        int size = grid.size();
        if (u.length != size) throw new IllegalArgumentException("u has " + u.length + " entries, grid needs " + size);
        double[] re = new double[size], im = new double[size];
        powerOfA(n, re, im);
        double[] spec = new double[2 * size];
        transforms.get().forward(u, 0, spec);
        double[] pr = new double[size], pi = new double[size];
        for (int i = 0; i < size; i++) {
            double ur = spec[2 * i], ui = spec[2 * i + 1];
            pr[i] = re[i] * ur - im[i] * ui;
            pi[i] = re[i] * ui + im[i] * ur;
        }
        return inverse(pr, pi);
    }

    /**
     * Exact score of a batch of fields: out = −C⁻¹ u per member. Thread-safe (per-thread transforms).
     *
     * @param u   [members][N²]
     * @param out [members][N²]
     */
    public void score(double[] u, double[] out, int members) {
        int size = grid.size();
        double[] spectrum = spectrum();
        SpectralTransform fft = transforms.get();
        double[] spec = new double[2 * size];
        for (int m = 0; m < members; m++) {
            fft.forward(u, m * size, spec);
            for (int i = 0; i < size; i++) {
                double f = -size / spectrum[i];
                spec[2 * i] *= f;
                spec[2 * i + 1] *= f;
            }
            fft.inverseReal(spec, out, m * size);
        }
    }

    /**
     * Initial condition drawn from the exact stationary law: û(k) = √(S(k)/N²)·ŵ(k), with w white
     * from the {@link Streams#INITIAL} stream of each member. Removes the need for spin-up.
     */
    public InitialCondition stationaryInitialCondition() {
        int size = grid.size();
        double[] spectrum = spectrum();
        double[] amp = new double[size];
        for (int i = 0; i < size; i++) amp[i] = Math.sqrt(spectrum[i] / size);
        return (states, members, offset, seed) -> {
            SpectralTransform fft = new SpectralTransform(grid);
            double[] w = new double[size], spec = new double[2 * size];
            Philox.Scratch scratch = new Philox.Scratch();
            for (int m = 0; m < members; m++) {
                Philox.normals(seed, Streams.INITIAL, offset + m, 0, w, 0, size, scratch);
                fft.forward(w, 0, spec);
                for (int i = 0; i < size; i++) {
                    spec[2 * i] *= amp[i];
                    spec[2 * i + 1] *= amp[i];
                }
                fft.inverseReal(spec, states, m * size);
            }
        };
    }

    public LinearSpectralModel model() {
        return model;
    }

    private void powerOfA(int n, double[] re, double[] im) {
        double[] aRe = step.aRe(), aIm = step.aIm();
        for (int i = 0; i < re.length; i++) {
            // aⁿ via polar form: exact enough for n in the thousands and keeps cost O(1) per mode.
            double mod = Math.hypot(aRe[i], aIm[i]), arg = Math.atan2(aIm[i], aRe[i]);
            double r = Math.pow(mod, n);
            re[i] = r * Math.cos(n * arg);
            im[i] = r * Math.sin(n * arg);
        }
    }

    /** N⁻² Σ_k (re + i·im)(k) e^{ik·r}, real part. */
    private double[] inverse(double[] re, double[] im) {
        int size = grid.size();
        double[] spec = new double[2 * size];
        for (int i = 0; i < size; i++) {
            spec[2 * i] = re[i];
            spec[2 * i + 1] = im[i];
        }
        double[] out = new double[size];
        transforms.get().inverseReal(spec, out, 0);
        return out;
    }
}
