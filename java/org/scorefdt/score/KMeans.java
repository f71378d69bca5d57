package org.scorefdt.score;

import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/**
 * Deterministic k-means (Lloyd's algorithm) with k-means++ seeding drawn from Philox stream
 * {@link Streams#KGMM}, step 0: the same seed and data give the same clusters bitwise. Data
 * {@code [n][d]} row-major; cost O(n·k·d) per iteration. Design: docs/score-models.md §2.
 */
public final class KMeans {
    private KMeans() {}

    /**
     * The clustering.
     *
     * @param centroids   {@code [k][d]}
     * @param assignments cluster of each data point, n values
     * @param iterations  Lloyd iterations run
     * @param converged   whether assignments stopped changing before the cap
     */
    public record Result(double[] centroids, int[] assignments, int iterations, boolean converged) {}

    /**
     * @param data          {@code [n][d]}, finite
     * @param k             1 ≤ k ≤ n clusters
     * @param seed          seeding randomness
     * @param maxIterations ≥ 1
     * @throws IllegalArgumentException on bad sizes or non-finite data (naming the row and column)
     */
    public static Result fit(double[] data, int n, int d, int k, long seed, int maxIterations) {
        checkData(data, n, d);
        if (k < 1 || k > n) throw new IllegalArgumentException("clusters k = " + k + ": must be in [1, n = " + n + "]");
        if (maxIterations < 1) throw new IllegalArgumentException("k-means iterations = " + maxIterations + ": must be >= 1");
        double[] c = seedPlusPlus(data, n, d, k, seed);
        int[] assign = new int[n];
        java.util.Arrays.fill(assign, -1);
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int it = 1; it <= maxIterations; it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int a = nearest(c, k, d, data, i * d);
                if (a != assign[i]) { assign[i] = a; changed = true; }
            }
            if (!changed) return new Result(c, assign, it - 1, true);
            java.util.Arrays.fill(sums, 0);
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[assign[i]]++;
                for (int j = 0; j < d; j++) sums[assign[i] * d + j] += data[i * d + j];
            }
            for (int q = 0; q < k; q++) {
                if (counts[q] == 0) {
                    reseed(data, n, d, c, k, assign, q);
                    continue;
                }
                for (int j = 0; j < d; j++) c[q * d + j] = sums[q * d + j] / counts[q];
            }
        }
        return new Result(c, assign, maxIterations, false);
    }

    /** Index of the centre nearest to {@code x[off .. off+d)} (ties: lowest index). */
    public static int nearest(double[] centroids, int k, int d, double[] x, int off) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int q = 0; q < k; q++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double t = x[off + j] - centroids[q * d + j];
                s += t * t;
            }
            if (s < bestD) { bestD = s; best = q; }
        }
        return best;
    }

    static void checkData(double[] data, int n, int d) {
        if (n < 1 || d < 1 || data.length < (long) n * d) {
            throw new IllegalArgumentException("data holds " + data.length + " values, need n × d = " + n + " × " + d + " with n, d >= 1");
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(data[i])) {
                throw new IllegalArgumentException("data row " + i / d + ", component " + i % d + " = " + data[i] + ": must be finite");
            }
        }
    }

    private static double[] seedPlusPlus(double[] data, int n, int d, int k, long seed) {
        double[] c = new double[k * d];
        double[] dist = new double[n];
        int[] words = new int[4];
        int first = (int) Math.min(n - 1, (long) (uniform(seed, 0, words) * n));
        System.arraycopy(data, first * d, c, 0, d);
        for (int i = 0; i < n; i++) dist[i] = squared(data, i * d, c, 0, d);
        for (int t = 1; t < k; t++) {
            double total = 0;
            for (int i = 0; i < n; i++) total += dist[i];
            int pick;
            if (!(total > 0)) {
                pick = t % n; // all points coincide with centres: any choice is as good
            } else {
                double target = uniform(seed, t, words) * total, acc = 0;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    acc += dist[i];
                    if (acc > target) { pick = i; break; }
                }
            }
            System.arraycopy(data, pick * d, c, t * d, d);
            for (int i = 0; i < n; i++) dist[i] = Math.min(dist[i], squared(data, i * d, c, t * d, d));
        }
        return c;
    }

    /** Uniform in [0, 1) from Philox(member = t, step 0, stream KGMM). */
    private static double uniform(long seed, int t, int[] words) {
        Philox.block(0, t, 0, Streams.KGMM << 16, (int) seed, (int) (seed >>> 32), words);
        long bits = ((words[0] & 0xFFFFFFFFL) << 21) | ((words[1] & 0xFFFFFFFFL) >>> 11);
        return bits * 0x1.0p-53;
    }

    private static void reseed(double[] data, int n, int d, double[] c, int k, int[] assign, int q) {
        int far = 0;
        double farD = -1;
        for (int i = 0; i < n; i++) {
            double s = squared(data, i * d, c, assign[i] * d, d);
            if (s > farD) { farD = s; far = i; }
        }
        System.arraycopy(data, far * d, c, q * d, d);
        assign[far] = q;
    }

    private static double squared(double[] a, int aOff, double[] b, int bOff, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double t = a[aOff + j] - b[bOff + j];
            s += t * t;
        }
        return s;
    }
}
