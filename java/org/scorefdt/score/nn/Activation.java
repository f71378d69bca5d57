package org.scorefdt.score.nn;

/**
 * Hidden-layer nonlinearities of {@link Mlp}. The forward pass keeps, per unit, the activation
 * a = φ(z) and one auxiliary value chosen so that φ' needs no further transcendental
 * ({@link #aux}): σ(z) for SiLU, nothing for tanh.
 *
 * <p>Transcendentals come from {@link StrictMath} (fdlibm), so a network gives the same bits on
 * every JVM and platform; they are a negligible cost next to the matrix products.
 */
public enum Activation {
    /**
     * SiLU (swish): φ(z) = z·σ(z), σ the logistic function; aux = σ(z) and
     * φ'(z) = σ(z)(1 + z(1 − σ(z))) = σ + a(1 − σ).
     */
    SILU {
        @Override
        double aux(double z) {
            return logistic(z);
        }

        @Override
        double apply(double z, double aux) {
            return z * aux;
        }

        @Override
        double derivative(double aux, double a) {
            return aux + a * (1 - aux);
        }
    },
    /** tanh: aux = 0 (unused), φ'(z) = 1 − a². */
    TANH {
        @Override
        double aux(double z) {
            return 0;
        }

        @Override
        double apply(double z, double aux) {
            return StrictMath.tanh(z);
        }

        @Override
        double derivative(double aux, double a) {
            return 1 - a * a;
        }
    };

    /** The auxiliary value kept by the forward pass for pre-activation z. */
    abstract double aux(double z);

    /** φ(z) given z and {@link #aux}(z). */
    abstract double apply(double z, double aux);

    /** φ'(z) given {@link #aux}(z) and a = φ(z). */
    abstract double derivative(double aux, double a);

    /** 1/(1 + e^{−z}), written so that neither branch overflows. */
    static double logistic(double z) {
        if (z >= 0) return 1 / (1 + StrictMath.exp(-z));
        double e = StrictMath.exp(z);
        return e / (1 + e);
    }
}
