package org.scorefdt.score.nn;

/**
 * Hidden-layer nonlinearities of {@link Mlp}, with the derivative written in terms of what the
 * forward pass keeps (pre-activation z and activation a = φ(z)).
 *
 * <p>Transcendentals come from {@link StrictMath} (fdlibm), so a network gives the same bits on
 * every JVM and platform; they are a negligible cost next to the matrix products.
 */
public enum Activation {
    /** SiLU (swish): φ(z) = z·σ(z), φ'(z) = σ(z)·(1 + z·(1 − σ(z))), σ the logistic function. */
    SILU {
        @Override
        double apply(double z) {
            return z * logistic(z);
        }

        @Override
        double derivative(double z, double a) {
            double s = logistic(z);
            return s * (1 + z * (1 - s));
        }
    },
    /** tanh: φ'(z) = 1 − a². */
    TANH {
        @Override
        double apply(double z) {
            return StrictMath.tanh(z);
        }

        @Override
        double derivative(double z, double a) {
            return 1 - a * a;
        }
    };

    abstract double apply(double z);

    /** φ'(z) given z and a = φ(z). */
    abstract double derivative(double z, double a);

    /** 1/(1 + e^{−z}), written so that neither branch overflows. */
    static double logistic(double z) {
        if (z >= 0) return 1 / (1 + StrictMath.exp(-z));
        double e = StrictMath.exp(z);
        return e / (1 + e);
    }
}
