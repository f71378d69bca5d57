package org.scorefdt.response;

import org.scorefdt.score.ScoreModel;

/**
 * A constant (state-independent) perturbation direction u: the system is kicked by δ·u, or forced
 * by δ·u·δ(t). For constant u the GFDT conjugate is B(x) = −∇·u − u·s(x) = −u·s(x) (docs/systems.md §5),
 * and the response of every component to it is R_u(t) = ⟨x(t) B(x(0))⟩ = e^{Mt}u for linear models.
 *
 * <ul>
 *   <li>{@link Impulse}: u = e_j, localized at one component (pixel); B_j = −s_j. Conjugates of all
 *       impulses come from one score evaluation, and translation-invariant grids average them.</li>
 *   <li>{@link Profile}: any fixed u (uniform forcing, a bump…); B = −u·s is one number per state,
 *       delivered as component 0 of the conjugate batch (see {@link #conjugateComponent()}).</li>
 * </ul>
 */
public sealed interface Perturbation {

    /** u = e_j. */
    record Impulse(int component) implements Perturbation {
        public Impulse {
            if (component < 0) throw new IllegalArgumentException("impulse component = " + component + ": must be >= 0");
        }

        @Override
        public void add(double[] states, int offset, int dimension, double delta) {
            states[offset + component] += delta;
        }

        @Override
        public Conjugate conjugate(ScoreModel score) {
            return Conjugate.negativeScore(score);
        }

        @Override
        public int conjugateComponent() {
            return component;
        }

        @Override
        public int dimensionNeeded() {
            return component + 1;
        }
    }

    /** A fixed direction u (not normalised: the response is to δ·u). */
    record Profile(double[] u) implements Perturbation {
        public Profile {
            u = u.clone();
            for (int i = 0; i < u.length; i++) {
                if (!Double.isFinite(u[i])) throw new IllegalArgumentException("perturbation u[" + i + "] = " + u[i] + ": must be finite");
            }
        }

        /** u = (1, …, 1): a spatially uniform forcing. */
        public static Profile uniform(int dimension) {
            double[] u = new double[dimension];
            java.util.Arrays.fill(u, 1.0);
            return new Profile(u);
        }

        @Override
        public double[] u() {
            return u.clone();
        }

        @Override
        public void add(double[] states, int offset, int dimension, double delta) {
            for (int i = 0; i < dimension; i++) states[offset + i] += delta * u[i];
        }

        @Override
        public Conjugate conjugate(ScoreModel score) {
            int d = u.length;
            if (score.dimension() != d) {
                throw new IllegalArgumentException("perturbation has " + d + " components, score dimension is " + score.dimension());
            }
            return (states, out, members) -> {
                score.score(states, out, members);
                for (int m = 0; m < members; m++) {
                    double b = 0;
                    for (int i = 0; i < d; i++) b -= u[i] * out[m * d + i];
                    out[m * d] = b;
                }
            };
        }

        @Override
        public int conjugateComponent() {
            return 0;
        }

        @Override
        public int dimensionNeeded() {
            return u.length;
        }
    }

    /** Adds δ·u to one member's state {@code states[offset .. offset+dimension)}. */
    void add(double[] states, int offset, int dimension, double delta);

    /** The GFDT conjugate B(x) for this perturbation and score. */
    Conjugate conjugate(ScoreModel score);

    /** Which component of the conjugate batch carries B. */
    int conjugateComponent();

    /** Smallest state dimension this perturbation fits. */
    int dimensionNeeded();
}
