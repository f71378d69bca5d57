package org.scorefdt.score;

import java.util.Optional;

/**
 * A kernel exponential family score (docs/score-models.md §13): log p(x) = Σ_k θ_k T_k(z) + const in
 * standardised coordinates z = (x − μ)/σ, with T the monomials of degree 1 … P (the polynomial score's
 * basis, §11) and M Gaussian bumps exp(−|z − c_m|²/(2ℓ²)) at centres c_m taken from the data, so the
 * family holds densities no polynomial does. θ minimises Hyvärinen's score-matching loss in closed form
 * ({@link KefFit}); s = ∇log p = Σ θ_k ∇T_k. Immutable, thread-safe, deterministic; model files: {@code ScoreModelFile.saveKef}.
 */
public final class KefScore implements ScoreModel {
    private final int d;
    private final double[] mean, std, centres, theta;
    private final int degree, bumps;
    private final double width, ridge;
    private final Monomials table;
    private final int[][] down;   // down[p][j]: table index of α_p − e_j, −1 where α_pj = 0
    private final int[][] down2;  // α_p − 2e_j, −1 where α_pj < 2
    private final HyperparameterChoice selection;

    KefScore(double[] mean, double[] std, int degree, double[] centres, double width, double[] theta, double ridge,
             HyperparameterChoice selection) {
        this.d = mean.length;
        this.mean = mean.clone();
        this.std = std.clone();
        this.degree = degree;
        this.centres = centres.clone();
        this.bumps = centres.length / d;
        this.width = width;
        this.ridge = ridge;
        this.selection = selection;
        this.table = new Monomials(d, degree);
        int poly = table.size() - 1;
        if (theta.length != poly + bumps) throw new IllegalArgumentException(theta.length + " coefficients for " + poly + " monomials and " + bumps + " bumps");
        this.theta = theta.clone();
        down = new int[poly][d];
        down2 = new int[poly][d];
        for (int p = 0; p < poly; p++) {
            int[] a = table.exponents[p + 1];
            for (int j = 0; j < d; j++) {
                down[p][j] = a[j] < 1 ? -1 : table.indexOf(shift(a, j, 1));
                down2[p][j] = a[j] < 2 ? -1 : table.indexOf(shift(a, j, 2));
            }
        }
    }

    private static int[] shift(int[] a, int j, int by) {
        int[] e = a.clone();
        e[j] -= by;
        return e;
    }

    /** This basis with coefficients θ. */
    KefScore withTheta(double[] theta, double ridge, HyperparameterChoice selection) {
        return new KefScore(mean, std, degree, centres, width, theta, ridge, selection);
    }

    /** Features: monomials of degree 1 … P, then the bumps. */
    int features() {
        return table.size() - 1 + bumps;
    }

    /** Scratch for {@link #basis}: standardised z, monomial values, bump values. */
    final class Scratch {
        final double[] z = new double[d], v = new double[table.size()], phi = new double[bumps];
    }

    /**
     * The basis at {@code x[off …]}: gradients in x, {@code grad[k·d + j] = ∂T_k/∂x_j}, and (when {@code lap}
     * is not null) Laplacians {@code lap[k] = Σ_j ∂²T_k/∂x_j²}.
     */
    void basis(double[] x, int off, Scratch s, double[] grad, double[] lap) {
        double[] z = s.z, v = s.v;
        for (int j = 0; j < d; j++) z[j] = (x[off + j] - mean[j]) / std[j];
        table.values(z, 0, v, v.length);
        int poly = table.size() - 1;
        boolean laplacians = lap != null;  // the score (every member, every save) needs the gradients only
        for (int p = 0; p < poly; p++) {
            int[] a = table.exponents[p + 1];
            double l = 0;
            for (int j = 0; j < d; j++) {
                grad[p * d + j] = a[j] == 0 ? 0 : a[j] * v[down[p][j]] / std[j];
                if (laplacians && down2[p][j] >= 0) l += a[j] * (a[j] - 1) * v[down2[p][j]] / (std[j] * std[j]);
            }
            if (laplacians) lap[p] = l;
        }
        double w2 = width * width;
        for (int m = 0; m < bumps; m++) {
            double r2 = 0;
            for (int j = 0; j < d; j++) {
                double r = z[j] - centres[m * d + j];
                r2 += r * r;
            }
            double phi = Math.exp(-r2 / (2 * w2)), l = 0;
            int k = poly + m;
            for (int j = 0; j < d; j++) {
                double r = z[j] - centres[m * d + j];
                grad[k * d + j] = -r / w2 * phi / std[j];
                if (laplacians) l += (r * r / (w2 * w2) - 1 / w2) * phi / (std[j] * std[j]);
            }
            if (laplacians) lap[k] = l;
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        int f = features();
        Scratch s = new Scratch();
        double[] grad = new double[f * d];
        for (int r = 0; r < members; r++) {
            basis(x, r * d, s, grad, null);
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int k = 0; k < f; k++) v += theta[k] * grad[k * d + j];
                out[r * d + j] = v;
            }
        }
    }

    /** ∇·s at each row, {@code out [members]}. */
    public void divergence(double[] x, double[] out, int members) {
        int f = features();
        Scratch s = new Scratch();
        double[] grad = new double[f * d], lap = new double[f];
        for (int r = 0; r < members; r++) {
            basis(x, r * d, s, grad, lap);
            double v = 0;
            for (int k = 0; k < f; k++) v += theta[k] * lap[k];
            out[r] = v;
        }
    }

    /**
     * A fitted score back from its parts (a model file): standardisation, polynomial degree, bump centres in
     * standardised coordinates {@code [M][d]}, width, θ (monomials in graded order, then bumps) and ridge.
     */
    public static KefScore of(double[] mean, double[] std, int degree, double[] centres, double width, double[] theta, double ridge,
                              HyperparameterChoice selection) {
        int d = mean.length;
        if (d < 1 || std.length != d || centres.length % d != 0 || !(width > 0) || degree < 1) {
            throw new IllegalArgumentException("kef: mean, std of " + mean.length + ", " + std.length + " values, " + centres.length
                    + " centre values, width " + width + ", degree " + degree + ": inconsistent");
        }
        for (double v : std) if (!(v > 0)) throw new IllegalArgumentException("kef: standard deviation " + v + " must be > 0");
        return new KefScore(mean, std, degree, centres, width, theta, ridge, selection);
    }

    /** Standardisation mean μ. */
    public double[] mean() {
        return mean.clone();
    }

    /** Standardisation σ. */
    public double[] std() {
        return std.clone();
    }

    /** Bump centres in standardised coordinates, {@code [M][d]}. */
    public double[] centres() {
        return centres.clone();
    }

    /** θ: monomials of degree 1 … P in graded order, then the bumps. */
    public double[] theta() {
        return theta.clone();
    }

    /** Dimensions the default fit is for: beyond, the monomials and the fit's cost (rows × features² × d) grow too fast. */
    public static final int MAX_DIMENSION = KefFit.MAX_DIMENSION;

    /** This score's degree, bumps, width and ridge refitted on other rows (standardisation and θ from them). */
    public KefScore refit(double[] data, int n) {
        return KefFit.refit(this, data, n);
    }

    /** The default fit: polynomial degree, bump width and ridge on held-out rows ({@link KefFit}). */
    public static KefScore fit(double[] data, int n, int d) {
        return KefFit.fit(data, n, d);
    }

    @Override
    public String name() {
        return "kef";
    }

    public int degree() {
        return degree;
    }

    public int bumps() {
        return bumps;
    }

    public double width() {
        return width;
    }

    public double ridge() {
        return ridge;
    }

    /** How degree, width and ridge were chosen. */
    public Optional<HyperparameterChoice> selection() {
        return Optional.ofNullable(selection);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "kef(degree %d, %d bumps of width %s, ridge %s)", degree, bumps, width, ridge);
    }
}
