package org.scorefdt.response;

import org.scorefdt.score.ScoreModel;

/**
 * A constant perturbation direction u (kick δ·u), whose GFDT conjugate is B(x) = −u·s(x):
 * an {@link Impulse} u = e_j, or a {@link Profile} of any fixed u, delivered as component
 * {@link #conjugateComponent()} of the conjugate batch. Design: docs/systems.md §5.8.
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
