package org.scorefdt.score;

/**
 * Per-cluster running sums of KGMM's noisy samples (count, Σy, Σ(−z/σ²), Σ(z/σ²)², Σ‖z‖²) and the
 * per-cluster mean position, score ŝ_q = mean(−z/σ²), its standard error and divergence estimate read
 * from them. Not thread-safe. Formulas: docs/score-models.md §2.
 */
final class KgmmAccumulator {
    final int k, d;
    final double sigma;
    final long[] count;
    final double[] sumY, sumS, sumS2, sumZ2;

    KgmmAccumulator(int k, int d, double sigma) {
        this.k = k;
        this.d = d;
        this.sigma = sigma;
        count = new long[k];
        sumY = new double[k * d];
        sumS = new double[k * d];
        sumS2 = new double[k * d];
        sumZ2 = new double[k];
    }

    /** One sample: y[yOff..], z[zOff..] (the noise, not divided by σ²), in cluster q. */
    void add(int q, double[] y, int yOff, double[] z, int zOff) {
        count[q]++;
        double inv = 1 / (sigma * sigma), zz = 0;
        for (int j = 0; j < d; j++) {
            double zj = z[zOff + j], s = -zj * inv;
            sumY[q * d + j] += y[yOff + j];
            sumS[q * d + j] += s;
            sumS2[q * d + j] += s * s;
            zz += zj * zj;
        }
        sumZ2[q] += zz;
    }

    /** SE_q / (‖ŝ_q‖ + ref): the relative standard error, ∞ for clusters with &lt; 2 samples. */
    double relativeError(int q, double ref) {
        long n = count[q];
        if (n < 2) return Double.POSITIVE_INFINITY;
        double norm2 = 0;
        for (int j = 0; j < d; j++) norm2 += Math.pow(sumS[q * d + j] / n, 2);
        return standardError(q) / (Math.sqrt(norm2) + ref);
    }

    /** SE_q = √(Σ_j Var(−z_j/σ²) / N_q), ∞ for clusters with &lt; 2 samples. */
    double standardError(int q) {
        long n = count[q];
        if (n < 2) return Double.POSITIVE_INFINITY;
        double var = 0;
        for (int j = 0; j < d; j++) {
            double m = sumS[q * d + j] / n;
            var += Math.max(0, (sumS2[q * d + j] / n - m * m)) * n / (n - 1);
        }
        return Math.sqrt(var / n);
    }

    /** Count-weighted RMS of ‖ŝ_q‖ over clusters: the score scale that relative errors refer to. */
    double scoreScale() {
        double sum = 0;
        long total = 0;
        for (int q = 0; q < k; q++) {
            long n = count[q];
            if (n == 0) continue;
            double norm2 = 0;
            for (int j = 0; j < d; j++) norm2 += Math.pow(sumS[q * d + j] / n, 2);
            sum += n * norm2;
            total += n;
        }
        return total == 0 ? 0 : Math.sqrt(sum / total);
    }

    double divergence(int q) {
        long n = count[q];
        double s4 = sigma * sigma * sigma * sigma, meanZ2 = 0;
        for (int j = 0; j < d; j++) {
            double mz = -sumS[q * d + j] / n * sigma * sigma; // mean z_j
            meanZ2 += mz * mz;
        }
        return -d / (sigma * sigma) + (sumZ2[q] / n - meanZ2) / s4;
    }
}
