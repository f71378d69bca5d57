package org.scorefdt.model;

/**
 * Double well, d independent components: dx = (x − x³) dt + σ dW (docs/systems.md §4; σ = 0.7 there).
 * Stationary density p ∝ exp(2(x²/2 − x⁴/4)/σ²); exact score s(x) = 2(x − x³)/σ². Runs natively.
 */
public record DoubleWell(int dimension, double sigma) implements Model, BuiltinModel {
    public DoubleWell {
        if (dimension < 1) throw new IllegalArgumentException("double well dimension = " + dimension + ": must be >= 1");
        if (!(sigma > 0)) throw new IllegalArgumentException("double well sigma = " + sigma + ": must be > 0");
    }

    @Override
    public String name() {
        return "double-well";
    }

    @Override
    public void drift(double[] x, int xOff, double[] out, int outOff) {
        for (int i = 0; i < dimension; i++) {
            double v = x[xOff + i];
            out[outOff + i] = v - v * v * v;     // same order as models.h: x − (x·x)·x
        }
    }

    @Override
    public Noise noise() {
        return new Noise.Isotropic(sigma);
    }

    /** Exact stationary score 2(x − x³)/σ² per component. */
    public double exactScore(double x) {
        return 2 * (x - x * x * x) / (sigma * sigma);
    }

    @Override
    public int nativeId() {
        return BuiltinModel.DOUBLE_WELL;
    }

    @Override
    public double[] nativeParams() {
        return new double[0];
    }
}
