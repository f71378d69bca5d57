package org.scorefdt.model;

/**
 * Stochastic Lorenz-96 (docs/systems.md §4): dx_i = ((x_{i+1} − x_{i−2}) x_{i−1} − x_i + F) dt + σ dW_i,
 * indices mod d; defaults d = 40, F = 8, σ = 0.5. Runs natively.
 */
public record Lorenz96(int dimension, double forcing, double sigma) implements Model, BuiltinModel {
    public Lorenz96 {
        if (dimension < 4) throw new IllegalArgumentException("Lorenz-96 dimension = " + dimension + ": must be >= 4");
        if (!Double.isFinite(forcing)) throw new IllegalArgumentException("Lorenz-96 forcing = " + forcing + ": must be finite");
        if (!(sigma >= 0)) throw new IllegalArgumentException("Lorenz-96 sigma = " + sigma + ": must be >= 0");
    }

    /** The defaults of docs/systems.md §4: d = 40, F = 8, σ = 0.5. */
    public static Lorenz96 standard() {
        return new Lorenz96(40, 8.0, 0.5);
    }

    @Override
    public String name() {
        return "lorenz96";
    }

    @Override
    public void drift(double[] x, int o, double[] out, int oo) {
        int d = dimension;
        for (int i = 0; i < d; i++) {
            int ip1 = i + 1 == d ? 0 : i + 1;
            int im1 = i == 0 ? d - 1 : i - 1;
            int im2 = i >= 2 ? i - 2 : i + d - 2;
            out[oo + i] = (x[o + ip1] - x[o + im2]) * x[o + im1] - x[o + i] + forcing;
        }
    }

    @Override
    public Noise noise() {
        return new Noise.Isotropic(sigma);
    }

    @Override
    public int nativeId() {
        return BuiltinModel.LORENZ96;
    }

    @Override
    public double[] nativeParams() {
        return new double[] {forcing};
    }
}
