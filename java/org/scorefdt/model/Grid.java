package org.scorefdt.model;

/**
 * The doubly periodic N×N grid on [0, 2π)² (docs/systems.md §0): points x_j = 2πj/N, state row-major
 * {@code [y][x]}, integer wavenumbers k ∈ {0, …, N/2, −N/2+1, …, −1} per axis in FFT order.
 *
 * @param n points per side; even, at least 2
 */
public record Grid(int n) {
    public Grid {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("grid size n = " + n + ": must be even and >= 2");
        }
    }

    /** Number of cells N². */
    public int size() {
        return n * n;
    }

    /** Signed wavenumber of FFT index {@code j} (0..N−1); index N/2 maps to +N/2. */
    public int wavenumber(int j) {
        return j <= n / 2 ? j : j - n;
    }

    /** |k|² of the mode at FFT indices (jy, jx). */
    public double k2(int jy, int jx) {
        double kx = wavenumber(jx), ky = wavenumber(jy);
        return kx * kx + ky * ky;
    }

    /** kx for an odd derivative ∂x: the Nyquist column is mapped to 0 so real fields stay real. */
    public int kxForDerivative(int jx) {
        return jx == n / 2 ? 0 : wavenumber(jx);
    }

    /** Cell size h = 2π/N. */
    public double spacing() {
        return 2 * Math.PI / n;
    }
}
