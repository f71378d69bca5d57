package org.scorefdt.score.nn;

import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;

/** Data for the DSM tests: exact samples of 1-D densities and their (smoothed) scores. */
final class Fixtures {
    private Fixtures() {}

    /** Uniform in (0, 1) from a Philox block on the BOOTSTRAP stream (independent of training draws). */
    static double uniform(long seed, long i) {
        int[] w = new int[4];
        Philox.block(0, (int) i, (int) (i >>> 32), Streams.BOOTSTRAP << 16, (int) seed, (int) (seed >>> 32), w);
        long bits = ((w[0] & 0xFFFFFFFFL) << 21) | ((w[1] & 0xFFFFFFFFL) >>> 11);
        return (bits + 0.5) * 0x1.0p-53;
    }

    /** n Gaussian samples N(μ, s²). */
    static double[] gaussian(int n, double mu, double s, long seed) {
        double[] x = new double[n];
        Philox.Scratch scratch = new Philox.Scratch();
        for (int i = 0; i < n; i++) {
            double[] z = new double[1];
            Philox.normals(seed, Streams.BOOTSTRAP, i, 0, z, 0, 1, scratch);
            x[i] = mu + s * z[0];
        }
        return x;
    }

    /** Unnormalised log density of the double well, 2(x²/2 − x⁴/4)/σ². */
    static double doubleWellLogDensity(double x, double sigma) {
        return 2 * (x * x / 2 - x * x * x * x / 4) / (sigma * sigma);
    }

    static final double LO = -3, HI = 3, DX = 1e-4;

    /**
     * n exact double-well samples by inverse CDF: the density on a grid of spacing 10⁻⁴ over
     * [−3, 3] (p(±3)/p(±1) ≈ e⁻⁶⁴), trapezoid CDF, linear interpolation between nodes.
     */
    static double[] doubleWell(int n, double sigma, long seed) {
        int m = (int) Math.round((HI - LO) / DX);
        double[] cdf = new double[m + 1];
        double prev = Math.exp(doubleWellLogDensity(LO, sigma));
        for (int k = 1; k <= m; k++) {
            double p = Math.exp(doubleWellLogDensity(LO + k * DX, sigma));
            cdf[k] = cdf[k - 1] + 0.5 * (p + prev) * DX;
            prev = p;
        }
        double total = cdf[m];
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = uniform(seed, i) * total;
            int lo = 0, hi = m;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] <= u) lo = mid; else hi = mid;
            }
            double f = (u - cdf[lo]) / Math.max(cdf[hi] - cdf[lo], Double.MIN_NORMAL);
            x[i] = LO + (lo + f) * DX;
        }
        return x;
    }

    /**
     * Score of the double-well density convolved with N(0, s²) at y, by quadrature:
     * s_s(y) = E[(x − y)/s² | y] under p(x)·N(y − x; s²), grid spacing 10⁻⁴ on [−3, 3].
     */
    static double smoothedDoubleWellScore(double y, double sigma, double s) {
        double num = 0, den = 0, ref = Double.NEGATIVE_INFINITY;
        int m = (int) Math.round((HI - LO) / DX);
        for (int k = 0; k <= m; k++) {
            double x = LO + k * DX;
            ref = Math.max(ref, doubleWellLogDensity(x, sigma) - (y - x) * (y - x) / (2 * s * s));
        }
        for (int k = 0; k <= m; k++) {
            double x = LO + k * DX;
            double w = Math.exp(doubleWellLogDensity(x, sigma) - (y - x) * (y - x) / (2 * s * s) - ref);
            num += w * (x - y) / (s * s);
            den += w;
        }
        return num / den;
    }
}
