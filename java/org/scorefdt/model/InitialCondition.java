package org.scorefdt.model;

/**
 * Fills the initial states of a block of members. Implementations draw randomness from the
 * {@link org.scorefdt.rng.Streams#INITIAL} stream keyed by the global member index, so the
 * initial ensemble does not depend on how members are split.
 */
@FunctionalInterface
public interface InitialCondition {
    /**
     * @param states       {@code [members][dimension]} to fill
     * @param members      rows to fill
     * @param memberOffset global index of row 0
     * @param seed         the run seed
     */
    void fill(double[] states, int members, long memberOffset, long seed);

    /** Every member starts at the origin. */
    static InitialCondition zero() {
        return (states, members, offset, seed) -> java.util.Arrays.fill(states, 0, states.length, 0.0);
    }

    /**
     * The Allen–Cahn initial field of docs/systems.md §2: white noise w (one normal per cell, from the
     * {@link org.scorefdt.rng.Streams#INITIAL} stream at step 0, keyed by the global member) smoothed
     * by Σ = (1 − Δ)⁻¹ (symbol 1/(1 + |k|²), applied spectrally), then divided by its maximum, so
     * max u = 1. Should the maximum not be positive (possible only on tiny grids), the field is
     * divided by max |u| instead.
     */
    static InitialCondition smoothedWhiteNoise(org.scorefdt.model.Grid grid) {
        int n = grid.n(), size = grid.size();
        double[] sigma = new double[size];
        for (int jy = 0; jy < n; jy++) {
            for (int jx = 0; jx < n; jx++) sigma[jy * n + jx] = 1 / (1 + grid.k2(jy, jx));
        }
        return (states, members, offset, seed) -> {
            org.scorefdt.model.SpectralTransform fft = new org.scorefdt.model.SpectralTransform(grid);
            org.scorefdt.rng.Philox.Scratch rng = new org.scorefdt.rng.Philox.Scratch();
            double[] w = new double[size], spec = new double[2 * size];
            for (int m = 0; m < members; m++) {
                org.scorefdt.rng.Philox.normals(seed, org.scorefdt.rng.Streams.INITIAL, offset + m, 0, w, 0, size, rng);
                fft.forward(w, 0, spec);
                for (int i = 0; i < size; i++) {
                    spec[2 * i] *= sigma[i];
                    spec[2 * i + 1] *= sigma[i];
                }
                fft.inverseReal(spec, states, m * size);
                double max = Double.NEGATIVE_INFINITY, maxAbs = 0;
                for (int i = 0; i < size; i++) {
                    max = Math.max(max, states[m * size + i]);
                    maxAbs = Math.max(maxAbs, Math.abs(states[m * size + i]));
                }
                double div = max > 0 ? max : maxAbs;
                for (int i = 0; i < size; i++) states[m * size + i] /= div;
            }
        };
    }

    /**
     * {@link #smoothedWhiteNoise} further divided by max |u| where that exceeds 1, so every member
     * starts in [−1, 1]. Why: the field is divided by its maximum, which on a given draw can be far
     * below |minimum| (u ≥ −5.5 on 8×8, max |u| = 2.8e58 after one RK4 step of Allen–Cahn on 64×64
     * for 5 of 257 members), and the cubic reaction then diverges at once. Members already in
     * [−1, 1] are unchanged.
     */
    static InitialCondition boundedSmoothedWhiteNoise(org.scorefdt.model.Grid grid) {
        InitialCondition paper = smoothedWhiteNoise(grid);
        int d = grid.size();
        return (states, members, offset, seed) -> {
            paper.fill(states, members, offset, seed);
            for (int m = 0; m < members; m++) {
                double max = 0;
                for (int i = m * d; i < (m + 1) * d; i++) max = Math.max(max, Math.abs(states[i]));
                if (max > 1) for (int i = m * d; i < (m + 1) * d; i++) states[i] /= max;
            }
        };
    }

    /** Every member starts from a copy of {@code x0}. */
    static InitialCondition constant(double[] x0) {
        double[] copy = x0.clone();
        return (states, members, offset, seed) -> {
            for (int m = 0; m < members; m++) System.arraycopy(copy, 0, states, m * copy.length, copy.length);
        };
    }
}
