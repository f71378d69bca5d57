package org.scorefdt.integrate;

import org.scorefdt.util.ConfigName;

/**
 * Fixed-step schemes for Itô SDEs with additive noise dx = f dt + Σ dW (σ dW convention). The
 * increment of each step is Σ·√dt·z with z from the counter-based RNG, keyed by the global step.
 */
public enum Scheme implements ConfigName {
    /** Euler–Maruyama: x' = x + dt f(x) + Σ√dt z. Weak order 1; strong order 1 for additive noise. */
    EULER_MARUYAMA(1),
    /** Stochastic Heun (RK2 drift, same noise in predictor and corrector). Weak order 2 for additive noise. */
    HEUN(2),
    /**
     * The authors' scheme: deterministic RK4 step of the drift, then the EM noise increment. Deterministic
     * order 4; for additive noise weak order 1 and strong order 1.
     */
    RK4_EM(3),
    /** Exact discrete-time OU update per Fourier mode (û' = e^{m dt} û + exact noise); linear spectral models only. */
    EXACT_OU(0),
    /**
     * Stochastic exponential Euler for semilinear models f = L u + N(u)
     * ({@link org.scorefdt.model.SemiLinearSpectralModel}): û' = e^{L dt} û + dt·φ₁(L dt)·N̂(u), then the
     * additive increment η = Σ√dt z as in RK4+EM. Deterministic order 1; for additive noise weak
     * order 1 and strong order 1. Exact (e^{L dt}) on the linear part; on a linear spectral model it
     * is a = e^{m dt}, b = g√dt (see {@link LinearSpectralStep}).
     */
    ETD1(0),
    /**
     * ETDRK2 of Cox &amp; Matthews (2002) for the drift, then the additive increment η as in RK4+EM:
     * â = e^{L dt} û + dt·φ₁·N̂(u), û' = â + dt·φ₂·(N̂(a) − N̂(u)), φ₁(z) = (e^z − 1)/z,
     * φ₂(z) = (e^z − 1 − z)/z². Deterministic order 2; for additive noise the noise quadrature
     * limits it to weak order 1 and strong order 1.
     */
    ETD2(0);

    /** {@code sfdt::SchemeId} of the low-dimensional native body (0: none). */
    public final int nativeId;

    Scheme(int nativeId) {
        this.nativeId = nativeId;
    }

    /** Parses the config spelling: exact-ou, euler-maruyama, heun, rk4-em, etd1, etd2. */
    public static Scheme parse(String s) {
        return ConfigName.find(Scheme.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown scheme '" + s + "': expected one of exact-ou, euler-maruyama, heun, rk4-em, etd1, etd2"));
    }

    /** The config spelling: exact-ou, euler-maruyama, heun, rk4-em, etd1, etd2. */
    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
