package org.scorefdt.score.nn;

import org.scorefdt.score.ScoreInterpolator;

/**
 * KGMM's neural interpolator: a small MLP fitted to the (centroid, value) pairs by weighted least
 * squares, L(θ) = Σ_k w_k |net(p_k) − v_k|² / Σ_k w_k, full batch, Adam, a fixed number of steps
 * from a seeded initialisation (deterministic). Inputs and outputs are standardised per component
 * for the fit and the scaling is undone on evaluation. The parameters with the lowest training loss
 * seen are kept. Unlike the kernel interpolator it is smooth and cheap to evaluate far from the
 * anchors, at the price of a training run.
 */
public final class MlpScoreInterpolator implements ScoreInterpolator {

    /**
     * @param hidden        hidden widths (≥ 1 layer, each ≥ 1)
     * @param activation    hidden activation
     * @param steps         Adam steps (≥ 1)
     * @param learningRate  Adam step size (&gt; 0)
     * @param seed          initialisation seed
     */
    public record Settings(int[] hidden, Activation activation, int steps, double learningRate, long seed) {
        public Settings {
            if (hidden == null || hidden.length == 0) throw new IllegalArgumentException("hidden widths: at least one layer");
            for (int w : hidden) if (w < 1) throw new IllegalArgumentException("hidden width " + w + ": must be >= 1");
            if (activation == null) throw new IllegalArgumentException("activation must be given");
            if (steps < 1) throw new IllegalArgumentException("steps = " + steps + ": must be >= 1");
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learning rate = " + learningRate + ": must be finite and > 0");
            }
            hidden = hidden.clone();
        }

        /** Two hidden layers of 32 SiLU units, 2000 steps at 3e-3. */
        public static Settings defaults(long seed) {
            return new Settings(new int[] {32, 32}, Activation.SILU, 2000, 3e-3, seed);
        }
    }

    private final Settings settings;

    public MlpScoreInterpolator(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public Interpolant fit(double[] points, double[] values, double[] weights, int count, int d, int outputs) {
        if (count < 1 || points.length < (long) count * d || values.length < (long) count * outputs || weights.length < count) {
            throw new IllegalArgumentException("need " + count + " anchors of " + d + " inputs and " + outputs + " outputs");
        }
        double[] inMean = new double[d], inStd = new double[d], outMean = new double[outputs], outStd = new double[outputs];
        standardise(points, count, d, inMean, inStd);
        standardise(values, count, outputs, outMean, outStd);
        double[] x = scaled(points, count, d, inMean, inStd), t = scaled(values, count, outputs, outMean, outStd);
        double wsum = 0;
        for (int k = 0; k < count; k++) {
            if (!(weights[k] > 0)) throw new IllegalArgumentException("weight " + k + " = " + weights[k] + ": must be > 0");
            wsum += weights[k];
        }
        int[] widths = new int[settings.hidden().length + 2];
        widths[0] = d;
        System.arraycopy(settings.hidden(), 0, widths, 1, settings.hidden().length);
        widths[widths.length - 1] = outputs;
        Mlp net = Mlp.initialised(widths, settings.activation(), settings.seed());
        Adam adam = new Adam(net.parameterCount());
        Mlp.Workspace ws = net.workspace(count);
        double[] y = new double[count * outputs], dy = new double[count * outputs], grad = new double[net.parameterCount()];
        double[] best = net.parameters().clone();
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int step = 0; step < settings.steps(); step++) {
            net.forward(x, count, y, ws);
            double loss = 0;
            for (int k = 0; k < count; k++) {
                double w = weights[k] / wsum;
                for (int o = 0; o < outputs; o++) {
                    double r = y[k * outputs + o] - t[k * outputs + o];
                    loss += w * r * r;
                    dy[k * outputs + o] = 2 * w * r;
                }
            }
            if (!Double.isFinite(loss)) break;   // keep the best parameters seen
            if (loss < bestLoss) {
                bestLoss = loss;
                System.arraycopy(net.parameters(), 0, best, 0, best.length);
            }
            net.backward(ws, count, dy, grad, null);
            adam.step(net.parameters(), grad, settings.learningRate());
        }
        return new Fitted(net.withParameters(best), inMean, inStd, outMean, outStd);
    }

    private static void standardise(double[] a, int n, int d, double[] mean, double[] std) {
        for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) mean[i] += a[k * d + i] / n;
        for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) std[i] += (a[k * d + i] - mean[i]) * (a[k * d + i] - mean[i]) / n;
        for (int i = 0; i < d; i++) std[i] = std[i] > 0 ? Math.sqrt(std[i]) : 1;   // a constant component keeps unit scale
    }

    private static double[] scaled(double[] a, int n, int d, double[] mean, double[] std) {
        double[] s = new double[n * d];
        for (int k = 0; k < n; k++) for (int i = 0; i < d; i++) s[k * d + i] = (a[k * d + i] - mean[i]) / std[i];
        return s;
    }

    /** The fitted network and its scalings; evaluation allocates its scratch per call (thread-safe). */
    private record Fitted(Mlp net, double[] inMean, double[] inStd, double[] outMean, double[] outStd) implements Interpolant {
        @Override
        public int dimension() {
            return inMean.length;
        }

        @Override
        public int outputs() {
            return outMean.length;
        }

        @Override
        public void evaluate(double[] x, double[] out, int members) {
            double[] in = scaled(x, members, inMean.length, inMean, inStd);
            net.forward(in, members, out, net.workspace(members));
            int o = outMean.length;
            for (int k = 0; k < members; k++) for (int i = 0; i < o; i++) out[k * o + i] = out[k * o + i] * outStd[i] + outMean[i];
        }
    }
}
