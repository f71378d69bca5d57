package org.scorefdt.score;

/**
 * Nadaraya–Watson kernel regression with a Gaussian kernel:
 * <pre>  f(x) = Σ_k w_k K_h(x − c_k) v_k / Σ_k w_k K_h(x − c_k),   K_h(r) = exp(−‖r‖²/(2h²)) </pre>
 * evaluated in log space (log-sum-exp: the largest exponent is subtracted) so far from every anchor
 * it degrades gracefully to the nearest anchors' values instead of 0/0. Bandwidth h either fixed or
 * a rule: h = factor × the median over anchors of the distance to the nearest other anchor, so the
 * kernel spans a few neighbouring clusters. A convex combination of anchor values: it smooths
 * (bias ~ h² f''), is bounded by the anchor values, and is therefore flat outside the anchors'
 * hull — a learned interpolator (MLP, see {@link ScoreInterpolator}) extrapolates better.
 * Cost O(count·(d + outputs)) per point.
 */
public final class KernelScoreInterpolator implements ScoreInterpolator {
    private final double bandwidth, factor;

    private KernelScoreInterpolator(double bandwidth, double factor) {
        this.bandwidth = bandwidth;
        this.factor = factor;
    }

    /** Fixed bandwidth h &gt; 0 (state units). */
    public static KernelScoreInterpolator withBandwidth(double h) {
        if (!(h > 0) || Double.isInfinite(h)) throw new IllegalArgumentException("kernel bandwidth = " + h + ": must be finite and > 0");
        return new KernelScoreInterpolator(h, 0);
    }

    /** h = factor × median nearest-anchor distance, factor &gt; 0 (1 is a good default). */
    public static KernelScoreInterpolator withNearestNeighbourRule(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("bandwidth factor = " + factor + ": must be finite and > 0");
        return new KernelScoreInterpolator(0, factor);
    }

    /** The fixed bandwidth h, or 0 when the nearest-neighbour rule is used. */
    public double fixedBandwidth() {
        return bandwidth;
    }

    /** The nearest-neighbour rule's factor, or 0 for a fixed bandwidth. */
    public double ruleFactor() {
        return factor;
    }

    @Override
    public Interpolant fit(double[] points, double[] values, double[] weights, int count, int d, int outputs) {
        if (count < 1 || points.length < (long) count * d || values.length < (long) count * outputs || weights.length < count) {
            throw new IllegalArgumentException("interpolator needs count >= 1 anchors with [count][d] points, [count][outputs] values, count weights");
        }
        double h = bandwidth > 0 ? bandwidth : factor * medianNearestDistance(points, count, d);
        if (!(h > 0)) h = 1; // one anchor, or all coincide: the interpolant is constant whatever h
        double[] logW = new double[count];
        for (int q = 0; q < count; q++) {
            if (!(weights[q] > 0)) throw new IllegalArgumentException("anchor weight " + q + " = " + weights[q] + ": must be > 0");
            logW[q] = Math.log(weights[q]);
        }
        return new Fitted(points.clone(), values.clone(), logW, count, d, outputs, h);
    }

    private static double medianNearestDistance(double[] p, int count, int d) {
        if (count < 2) return 0;
        double[] nn = new double[count];
        for (int a = 0; a < count; a++) {
            double best = Double.POSITIVE_INFINITY;
            for (int b = 0; b < count; b++) {
                if (b == a) continue;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double t = p[a * d + j] - p[b * d + j];
                    s += t * t;
                }
                best = Math.min(best, s);
            }
            nn[a] = Math.sqrt(best);
        }
        java.util.Arrays.sort(nn);
        return nn[count / 2];
    }

    /** The bandwidth a fitted interpolant uses. */
    public static double bandwidthOf(Interpolant i) {
        return ((Fitted) i).h;
    }

    private record Fitted(double[] points, double[] values, double[] logW, int count, int d, int outputs, double h)
            implements Interpolant {
        @Override
        public int dimension() {
            return d;
        }

        @Override
        public void evaluate(double[] x, double[] out, int members) {
            double[] e = new double[count];
            double inv = 1 / (2 * h * h);
            for (int m = 0; m < members; m++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int q = 0; q < count; q++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        double t = x[m * d + j] - points[q * d + j];
                        s += t * t;
                    }
                    e[q] = logW[q] - s * inv;
                    max = Math.max(max, e[q]);
                }
                double norm = 0;
                int o = m * outputs;
                for (int k = 0; k < outputs; k++) out[o + k] = 0;
                for (int q = 0; q < count; q++) {
                    double w = Math.exp(e[q] - max);
                    norm += w;
                    for (int k = 0; k < outputs; k++) out[o + k] += w * values[q * outputs + k];
                }
                for (int k = 0; k < outputs; k++) out[o + k] /= norm;
            }
        }
    }
}
