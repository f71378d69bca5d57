package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.score.KMeans;
import org.scorefdt.score.KernelScoreInterpolator;
import org.scorefdt.score.ScoreInterpolator;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only: the KGMM lookups of kgmm.cu against Java. Skipped, with the cause, without a GPU.
 * Nearest centroid: the same operations in the same order, ties to the lowest index: equal indices
 * (0 tolerance), duplicated centres included. Interpolant: the same sums in the same order, exp
 * from CUDA (≤ 1 ulp from Java's): relative error ≤ (count + 4)·2ε of the values' scale, with
 * count = 300: 10⁻¹³·max|v|.
 */
@Tag("gpu")
class CudaKgmmTest {
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    @Test
    void nearestCentroidEqualsKMeansNearest() {
        SplittableRandom r = new SplittableRandom(8);
        int k = 37, d = 5, m = 1001;
        double[] c = new double[k * d], x = new double[m * d];
        for (int i = 0; i < c.length; i++) c[i] = r.nextDouble(-2, 2);
        System.arraycopy(c, 0, c, 10 * d, d); // centre 10 duplicates centre 0: ties go to 0
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-2.5, 2.5);
        System.arraycopy(c, 0, x, 0, d);       // a point exactly on the duplicated centre
        int[] want = new int[m];
        for (int i = 0; i < m; i++) want[i] = KMeans.nearest(c, k, d, x, i * d);
        try (CudaKgmm.NearestCentroid gpu = new CudaKgmm.NearestCentroid(device, c, k, d)) {
            assertArrayEquals(want, gpu.nearest(x, m));
            assertArrayEquals(new int[0], gpu.nearest(x, 0));
            assertThrows(IllegalArgumentException.class, () -> gpu.nearest(new double[4], 1));
        }
        assertTrue(want[0] == 0);
    }

    @Test
    void kernelInterpolantMatchesJava() {
        SplittableRandom r = new SplittableRandom(9);
        int count = 300, d = 3, outputs = 3, m = 517;
        double h = 0.4;
        double[] p = new double[count * d], v = new double[count * outputs], w = new double[count], x = new double[m * d];
        for (int i = 0; i < p.length; i++) p[i] = r.nextDouble(-2, 2);
        for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-5, 5);
        for (int q = 0; q < count; q++) w[q] = 1 + r.nextInt(50);
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble(-3, 3);
        x[0] = 1e3; // far away: the max-shifted weights stay finite
        ScoreInterpolator.Interpolant java = KernelScoreInterpolator.withBandwidth(h).fit(p, v, w, count, d, outputs);
        double[] want = new double[m * outputs], got = new double[m * outputs];
        java.evaluate(x, want, m);
        try (CudaKgmm.KernelInterpolant gpu = new CudaKgmm.KernelInterpolant(device, p, v, w, count, d, outputs, h)) {
            gpu.evaluate(x, got, m);
        }
        double scale = 0, diff = 0;
        for (double a : v) scale = Math.max(scale, Math.abs(a));
        for (int i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(got[i] - want[i]));
        assertTrue(diff <= 1e-13 * scale, "max |gpu − java| = " + diff + " (values up to " + scale + ")");
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CudaKgmm.NearestCentroid(device, new double[3], 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new CudaKgmm.KernelInterpolant(device, new double[2], new double[2], new double[] {0, 1}, 2, 1, 1, 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> new CudaKgmm.KernelInterpolant(device, new double[2], new double[2], new double[] {1, 1}, 2, 1, 1, 0));
    }
}
