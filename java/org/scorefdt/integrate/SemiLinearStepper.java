package org.scorefdt.integrate;

import org.scorefdt.model.SemiLinearSpectralModel;
import org.scorefdt.model.SpectralTransform;

/**
 * One step u' = Φ_dt(u) + η of a {@link SemiLinearSpectralModel} on one member, given its noise
 * increment η (normally {@link CorrelatedIncrement}'s): {@link Scheme#RK4_EM} (bitwise the generic
 * Java integrator), {@link Scheme#ETD1}, or {@link Scheme#ETD2} ({@link EtdCoefficients}). Not
 * thread-safe: one per thread. Schemes and orders: docs/numerics.md §1.
 */
public final class SemiLinearStepper {
    private final SemiLinearSpectralModel model;
    private final Scheme scheme;
    private final double dt;
    private final int d;
    private final EtdCoefficients etd;
    private final SpectralTransform fft;
    private final double[] uHat, rHat, aHat, r, a, f0, f1, f2, f3, xt;

    public SemiLinearStepper(SemiLinearSpectralModel model, IntegratorSpec spec) {
        if (!supports(spec.scheme())) {
            throw new IllegalArgumentException("scheme " + spec.scheme().configName()
                    + " is not a semilinear scheme: expected rk4-em, etd1 or etd2");
        }
        this.model = model;
        this.scheme = spec.scheme();
        this.dt = spec.dt();
        this.d = model.dimension();
        this.etd = scheme == Scheme.RK4_EM ? null : EtdCoefficients.of(model, dt);
        this.fft = new SpectralTransform(model.spectralGrid());
        uHat = new double[2 * d]; rHat = new double[2 * d]; aHat = new double[2 * d];
        r = new double[d]; a = new double[d];
        f0 = new double[d]; f1 = new double[d]; f2 = new double[d]; f3 = new double[d]; xt = new double[d];
    }

    /** Whether this stepper implements the scheme: RK4_EM, ETD1, ETD2. */
    public static boolean supports(Scheme s) {
        return s == Scheme.RK4_EM || s == Scheme.ETD1 || s == Scheme.ETD2;
    }

    public Scheme scheme() {
        return scheme;
    }

    public double dt() {
        return dt;
    }

    /**
     * u[off .. off+N²) ← Φ_dt(u) + η.
     *
     * @param eta the increment (N² values), or null for a deterministic step
     */
    public void step(double[] u, int off, double[] eta) {
        switch (scheme) {
            case RK4_EM -> rk4(u, off, eta);
            case ETD1, ETD2 -> etdStep(u, off, eta);
            default -> throw new IllegalStateException(scheme.toString());
        }
    }

    private void rk4(double[] x, int o, double[] inc) {
        model.drift(x, o, f0, 0);
        double halfDt = 0.5 * dt;
        for (int i = 0; i < d; i++) xt[i] = x[o + i] + halfDt * f0[i];
        model.drift(xt, 0, f1, 0);
        for (int i = 0; i < d; i++) xt[i] = x[o + i] + halfDt * f1[i];
        model.drift(xt, 0, f2, 0);
        for (int i = 0; i < d; i++) xt[i] = x[o + i] + dt * f2[i];
        model.drift(xt, 0, f3, 0);
        double dt6 = dt / 6;
        for (int i = 0; i < d; i++) {
            double v = x[o + i] + dt6 * (((f0[i] + 2 * f1[i]) + 2 * f2[i]) + f3[i]);
            x[o + i] = inc == null ? v : v + inc[i];
        }
    }

    private void etdStep(double[] u, int o, double[] eta) {
        double[] eRe = etd.eRe(), eIm = etd.eIm(), p1Re = etd.p1Re(), p1Im = etd.p1Im();
        for (int i = 0; i < d; i++) r[i] = model.reaction(u[o + i]);
        fft.forward(u, o, uHat);
        fft.forward(r, 0, rHat);
        for (int i = 0; i < d; i++) {
            double ur = uHat[2 * i], ui = uHat[2 * i + 1], rr = rHat[2 * i], ri = rHat[2 * i + 1];
            aHat[2 * i] = (eRe[i] * ur - eIm[i] * ui) + (p1Re[i] * rr - p1Im[i] * ri);
            aHat[2 * i + 1] = (eRe[i] * ui + eIm[i] * ur) + (p1Re[i] * ri + p1Im[i] * rr);
        }
        if (scheme == Scheme.ETD2) {
            double[] p2Re = etd.p2Re(), p2Im = etd.p2Im();
            fft.inverseReal(aHat, a, 0);
            for (int i = 0; i < d; i++) r[i] = model.reaction(a[i]);
            fft.forward(r, 0, uHat);                 // r̂(a), reusing uHat
            for (int i = 0; i < d; i++) {
                double dr = uHat[2 * i] - rHat[2 * i], di = uHat[2 * i + 1] - rHat[2 * i + 1];
                aHat[2 * i] += p2Re[i] * dr - p2Im[i] * di;
                aHat[2 * i + 1] += p2Re[i] * di + p2Im[i] * dr;
            }
        }
        fft.inverseReal(aHat, u, o);
        if (eta != null) for (int i = 0; i < d; i++) u[o + i] += eta[i];
    }
}
