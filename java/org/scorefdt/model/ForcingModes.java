package org.scorefdt.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The wavenumber set K of the random-wave forcing of {@link NavierStokes2d} (docs/systems.md §3):
 * K = {k : kx² + ky² ≤ kMax2, |kx| &lt; N/2, |ky| &lt; N/2}, k = 0 included, ordered row-major over
 * signed wavenumbers; mode j's phase is state component N² + j. Details: docs/numerics.md §3.
 *
 * @param grid    the grid
 * @param kx      signed kx of mode j
 * @param ky      signed ky of mode j
 * @param partner index of the mode −k_j (j itself for k = 0)
 */
public record ForcingModes(Grid grid, int[] kx, int[] ky, int[] partner) {

    /**
     * @throws IllegalArgumentException if kMax2 is negative or not finite
     */
    public static ForcingModes of(Grid grid, double kMax2) {
        if (!(kMax2 >= 0) || Double.isInfinite(kMax2)) {
            throw new IllegalArgumentException("forcing kMax2 = " + kMax2 + ": must be finite and >= 0");
        }
        int h = grid.n() / 2;
        List<int[]> modes = new ArrayList<>();
        for (int y = -(h - 1); y <= h - 1; y++) {
            for (int x = -(h - 1); x <= h - 1; x++) {
                if ((double) x * x + (double) y * y <= kMax2) modes.add(new int[] {x, y});
            }
        }
        int count = modes.size();
        int[] kx = new int[count], ky = new int[count], partner = new int[count];
        for (int j = 0; j < count; j++) {
            kx[j] = modes.get(j)[0];
            ky[j] = modes.get(j)[1];
        }
        // Row-major over a centred square: −k sits at the mirrored position, count − 1 − j.
        for (int j = 0; j < count; j++) partner[j] = count - 1 - j;
        for (int j = 0; j < count; j++) {
            if (kx[partner[j]] != -kx[j] || ky[partner[j]] != -ky[j]) throw new AssertionError("forcing set not symmetric");
        }
        return new ForcingModes(grid, kx, ky, partner);
    }

    public ForcingModes {
        kx = kx.clone();
        ky = ky.clone();
        partner = partner.clone();
    }

    /** |K|, the number of forcing waves (and of phases). */
    public int size() {
        return kx.length;
    }

    /** Index of mode j in the full N×N spectrum, [jy][jx] in FFT order. */
    public int spectrumIndex(int j) {
        int n = grid.n();
        return Math.floorMod(ky[j], n) * n + Math.floorMod(kx[j], n);
    }

    @Override
    public int[] kx() {
        return kx.clone();
    }

    @Override
    public int[] ky() {
        return ky.clone();
    }

    @Override
    public int[] partner() {
        return partner.clone();
    }
}
