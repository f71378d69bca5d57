package org.scorefdt.model;

import java.util.Arrays;
import org.scorefdt.rng.Philox;

/**
 * A system with a known stationary density, for validating learned scores on systems nobody tuned for
 * (docs/systems.md §4.1): the Itô SDE
 *
 * <pre>  dx = −(I + γJ) ∇V(x) dt + √2 dW,   V(x) = Σ_i a_i (x_i² − b_i)² + ½ xᵀK x + h Σ_i exp(−x_i²/(2w²)),</pre>
 *
 * with J the antisymmetric chain J_{i,i+1} = 1 = −J_{i+1,i} and K = c·L (L the path-graph Laplacian,
 * coupling neighbours). For any γ the stationary density is p ∝ exp(−V) (the γJ∇V part is
 * divergence-free against p), so the exact score is s = −∇V; γ ≠ 0 makes the dynamics non-reversible
 * (responses are not symmetric). b_i &gt; 0 gives a double well in component i (multimodal), b_i ≤ 0 a
 * single well. The Gaussian bump h ≥ 0 of width w at the origin ({@link #withBump}) makes V non-polynomial,
 * so that no polynomial score contains the exact one (h = 0: the quartic family). Noise convention: √2 dW,
 * i.e. {@code Noise.Isotropic(√2)}.
 *
 * @param a     quartic weights a_i &gt; 0
 * @param b     well positions b_i (b_i &gt; 0: wells at ±√b_i)
 * @param c     neighbour coupling c ≥ 0
 * @param gamma non-reversible strength γ
 * @param bump  height h ≥ 0 of the Gaussian bump at the origin in every component
 * @param bumpWidth its width w &gt; 0
 * @param label name for logs and reports
 */
public record PotentialModel(double[] a, double[] b, double c, double gamma, double bump, double bumpWidth, String label) implements Model {
    /** The quartic family's form: no bump. */
    public PotentialModel(double[] a, double[] b, double c, double gamma, String label) {
        this(a, b, c, gamma, 0, 1, label);
    }

    public PotentialModel {
        if (a == null || b == null || a.length == 0 || a.length != b.length) {
            throw new IllegalArgumentException("potential: a and b need the same length >= 1");
        }
        a = a.clone();
        b = b.clone();
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0) || !Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("potential: a[" + i + "] = " + a[i] + " must be finite and > 0, b[" + i + "] = " + b[i] + " finite");
            }
        }
        if (!(c >= 0) || !Double.isFinite(c) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("potential: coupling c = " + c + " must be finite and >= 0, gamma = " + gamma + " finite");
        }
        if (!(bump >= 0) || !Double.isFinite(bump) || !(bumpWidth > 0) || !Double.isFinite(bumpWidth)) {
            throw new IllegalArgumentException("potential: bump h = " + bump + " must be finite and >= 0, width w = " + bumpWidth + " finite and > 0");
        }
    }

    /**
     * This member with the Gaussian bump h·exp(−x_i²/(2w²)) added to V in every component (docs/systems.md §4.1):
     * the density stays known in closed form, the score stops being a polynomial.
     */
    public PotentialModel withBump(double h, double w) {
        return new PotentialModel(a, b, c, gamma, h, w, String.format(java.util.Locale.ROOT, "%s-bump%sw%s", label, h, w));
    }

    /**
     * A member of the validation family, drawn from {@code seed} (docs/systems.md §4.1): a_i ∈ [0.5, 1.5],
     * b_i ∈ [0.6, 1.4] when multimodal else [−1, 0], c ∈ [0, 0.5] (0 in 1-D), and γ as given.
     *
     * @param d          dimension 1 … 64
     * @param multimodal double wells in every component
     * @param gamma      non-reversible strength (0: gradient system)
     * @param seed       draws the coefficients
     */
    public static PotentialModel family(int d, boolean multimodal, double gamma, long seed) {
        if (d < 1 || d > 64) throw new IllegalArgumentException("potential family dimension = " + d + ": must be in [1, 64]");
        double[] u = new double[2 * d + 1];
        Philox.normals(seed, org.scorefdt.rng.Streams.INITIAL, 0, 1L << 40, u, 0, u.length, new Philox.Scratch());
        double[] a = new double[d], b = new double[d];
        for (int i = 0; i < d; i++) {
            a[i] = 0.5 + unit(u[i]);
            b[i] = multimodal ? 0.6 + 0.8 * unit(u[d + i]) : -unit(u[d + i]);
        }
        double c = d == 1 ? 0 : 0.5 * unit(u[2 * d]);
        return new PotentialModel(a, b, c, gamma, String.format(java.util.Locale.ROOT, "potential-%dd-%s-g%s-s%d", d,
                multimodal ? "multimodal" : "unimodal", gamma, seed));
    }

    /** A normal draw mapped to (0, 1) through Φ's logistic approximation: coefficients need spread, not exactness. */
    private static double unit(double z) {
        return 1 / (1 + Math.exp(-1.702 * z));
    }

    @Override
    public double[] a() {
        return a.clone();
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    @Override
    public String name() {
        return label;
    }

    @Override
    public int dimension() {
        return a.length;
    }

    /** ∇V at one state: {@code g[gOff + i] = 4 a_i x_i (x_i² − b_i) + (K x)_i − h x_i/w² exp(−x_i²/(2w²))}. */
    public void gradient(double[] x, int xOff, double[] g, int gOff) {
        int d = a.length;
        for (int i = 0; i < d; i++) {
            double v = x[xOff + i];
            double lap = 0;
            if (i > 0) lap += v - x[xOff + i - 1];
            if (i < d - 1) lap += v - x[xOff + i + 1];
            g[gOff + i] = 4 * a[i] * v * (v * v - b[i]) + c * lap;
            if (bump > 0) g[gOff + i] -= bump * v / (bumpWidth * bumpWidth) * Math.exp(-v * v / (2 * bumpWidth * bumpWidth));
        }
    }

    @Override
    public void drift(double[] x, int xOff, double[] out, int outOff) {
        int d = a.length;
        gradient(x, xOff, out, outOff);
        // −(I + γJ)g: (Jg)_i = g_{i+1} − g_{i−1}; read g before overwriting (keep the previous value).
        double prev = 0;
        for (int i = 0; i < d; i++) {
            double gi = out[outOff + i];
            double next = i < d - 1 ? out[outOff + i + 1] : 0;
            out[outOff + i] = -(gi + gamma * (next - prev));
            prev = gi;
        }
    }

    @Override
    public Noise noise() {
        return new Noise.Isotropic(Math.sqrt(2));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PotentialModel p && Arrays.equals(a, p.a) && Arrays.equals(b, p.b) && c == p.c && gamma == p.gamma
                && bump == p.bump && bumpWidth == p.bumpWidth && label.equals(p.label);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(a) * 31 + Arrays.hashCode(b);
    }

    @Override
    public String toString() {
        return label + "[a=" + Arrays.toString(a) + ", b=" + Arrays.toString(b) + ", c=" + c + ", gamma=" + gamma
                + (bump > 0 ? ", bump=" + bump + ", width=" + bumpWidth : "") + "]";
    }
}
