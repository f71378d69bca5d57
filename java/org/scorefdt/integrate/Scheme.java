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
    /** The authors' scheme: deterministic RK4 step of the drift, then the EM noise increment. Weak order 1. */
    RK4_EM(3),
    /** Exact discrete-time OU update per Fourier mode (û' = e^{m dt} û + exact noise); linear spectral models only. */
    EXACT_OU(0);

    /** {@code sfdt::SchemeId} of the low-dimensional native body (0: none). */
    public final int nativeId;

    Scheme(int nativeId) {
        this.nativeId = nativeId;
    }

    /** Parses the config spelling: exact-ou, euler-maruyama, heun, rk4-em. */
    public static Scheme parse(String s) {
        return ConfigName.find(Scheme.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown scheme '" + s + "': expected one of exact-ou, euler-maruyama, heun, rk4-em"));
    }

    /** The config spelling: exact-ou, euler-maruyama, heun, rk4-em. */
    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
