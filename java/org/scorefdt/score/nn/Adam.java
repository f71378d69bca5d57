package org.scorefdt.score.nn;

/**
 * Adam (Kingma &amp; Ba 2015) with bias correction, over a flat parameter vector θ:
 * <pre>
 *   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,
 *   θ ← θ − η_t · m̂ / (√v̂ + ε),   m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
 * </pre>
 * with t the 1-based update count. Also the two helpers every trainer applies before the update:
 * {@link #clipGlobalNorm} and the linear {@link #warmup} of the learning rate. Not thread-safe.
 */
public final class Adam {
    private final double beta1, beta2, eps;
    private final double[] m, v;
    private long t;

    /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 10⁻⁸ for {@code n} parameters. */
    public Adam(int n) {
        this(n, 0.9, 0.999, 1e-8);
    }

    public Adam(int n, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam beta1 = " + beta1 + ": must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam beta2 = " + beta2 + ": must be in [0, 1)");
        if (!(eps > 0)) throw new IllegalArgumentException("Adam eps = " + eps + ": must be > 0");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new double[n];
        this.v = new double[n];
    }

    /** Updates completed so far. */
    public long steps() {
        return t;
    }

    /** One update of {@code params} in place with gradient {@code grad} and learning rate η. */
    public void step(double[] params, double[] grad, double learningRate) {
        t++;
        // Bias corrections 1 − βᵗ; StrictMath.pow keeps the bits platform-independent.
        double c1 = 1 - StrictMath.pow(beta1, t), c2 = 1 - StrictMath.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            params[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
        }
    }

    /**
     * Scales {@code grad} in place so that its Euclidean norm is at most {@code maxNorm}
     * (g ← g·maxNorm/‖g‖ when ‖g‖ &gt; maxNorm); a non-finite norm leaves g alone for the caller to see.
     *
     * @return ‖g‖ before clipping
     */
    public static double clipGlobalNorm(double[] grad, double maxNorm) {
        double s = 0;
        for (double g : grad) s += g * g;
        double norm = Math.sqrt(s);
        if (norm > maxNorm && Double.isFinite(norm)) {
            double f = maxNorm / norm;
            for (int i = 0; i < grad.length; i++) grad[i] *= f;
        }
        return norm;
    }

    /** Linear warm-up: η·min(1, (step+1)/warmupSteps) for the 0-based {@code step}; η when warmupSteps = 0. */
    public static double warmup(double learningRate, long step, long warmupSteps) {
        if (warmupSteps <= 0 || step + 1 >= warmupSteps) return learningRate;
        return learningRate * (step + 1) / warmupSteps;
    }
}
