package org.scorefdt.score;

import org.scorefdt.model.PotentialModel;

/** The exact stationary score −∇V of a {@link PotentialModel} (docs/systems.md §4.1), for any γ. */
public record PotentialScore(PotentialModel model) implements ScoreModel {
    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        int d = model.dimension();
        for (int r = 0; r < members; r++) {
            model.gradient(x, r * d, out, r * d);
            for (int i = 0; i < d; i++) out[r * d + i] = -out[r * d + i];
        }
    }

    @Override
    public String name() {
        return "exact-" + model.name();
    }
}
