package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.scorefdt.score.ScoreKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.scorefdt.integrate.Precision;
import org.scorefdt.score.KdeScore;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;

/**
 * GPU-only: the KDE kernels of kde.cu against the Java reference ({@code ScoreKernels.REFERENCE}).
 * Skipped, with the loader's cause, where no CUDA device is present.
 *
 * <p>F64: bound 0 ulp. The kernel runs kde.h's pair body per query in the CPU's order (tiles of 128,
 * one rescale per tile, sums over j in order, portable exp/log) and the fatbin is compiled with
 * --fmad=false, so score, divergence and log-sum are bitwise those of Java.
 *
 * <p>F32: the bound of kde_fast.h, evaluated per query from that query's own reference values
 * (see {@link #f32Bound}); sizes cover the tile edges (n = 255, 257, 20 001), the specialised d
 * (3, 8, 16) and the generic kernel (d = 11), leave-one-out and far queries.
 */
@Tag("gpu")
class CudaKdeTest {
    private CudaDevice device;

    @BeforeEach
    void open() {
        device = CudaTier.require().device();
    }

    private static double[] data(SplittableRandom r, int n, int d) {
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) x[i] = 3 + r.nextDouble(-1, 1) * (1 + i % 3);
        return x;
    }

    private static void assertBitwise(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            if (Double.doubleToRawLongBits(want[i]) != Double.doubleToRawLongBits(got[i])) {
                throw new AssertionError(what + "[" + i + "]: Java " + want[i] + ", CUDA " + got[i] + " (bound: 0 ulp)");
            }
        }
    }

    /**
     * kde_fast.h's relative error of the weighted sums for one query: with u = 2⁻²⁴, R' the largest
     * scaled coordinate of data and query, A the largest relevant acc (weights within 2⁻³² of the
     * largest: acc ≤ acc_min + 32, and acc_min ≤ −log₂e·(lse − ln n) from the reference's log-sum),
     * the weights' relative error is ln2·((d + 2)u·A + 4u·√(d·A)·R') + 2⁻²², the sums'
     * (2·256 + n/256 + 4)u, and the neglected weights add 2⁻³²·n.
     */
    static double f32Relative(int n, int d, double lse, double rScaled) {
        double u = 0x1p-24, log2e = 1.4426950408889634;
        double a = Math.max(0, -log2e * (lse - Math.log(n))) + 32;
        double weights = Math.log(2) * ((d + 2) * u * a + 4 * u * Math.sqrt(d * a) * rScaled) + 0x1p-22;
        return weights + (2 * 256 + (double) n / 256 + 4) * u + 0x1p-32 * n;
    }

    /** |Δscore_k| ≤ (2R'·relative + u·|y'|)/(√c·h²): the mean m' moves by at most 2R'·relative. */
    static double f32Bound(int n, int d, double h, double lse, double rScaled, double yScaled) {
        double sqrtC = Math.sqrt(1.4426950408889634 / (2 * h * h));
        return (2 * rScaled * f32Relative(n, d, lse, rScaled) + 0x1p-24 * yScaled) / (sqrtC * h * h);
    }

    /** |Δ∇·s| ≤ 4R'²·relative/(c·h⁴): S2/S0 and |m'|² each move by at most 2R'²·relative. */
    static double f32DivergenceBound(int n, int d, double h, double lse, double rScaled) {
        double c = 1.4426950408889634 / (2 * h * h);
        return 4 * rScaled * rScaled * f32Relative(n, d, lse, rScaled) / (c * h * h * h * h) + 1e-12 * d / (h * h);
    }

    /**
     * The log-sum's bound: log Σ 2^(−acc) = ln2·(log₂ S0 − ref) carries the weights' log error
     * (absolute), the sums' relative error and the rounding of ref (u·A) — no division by h².
     */
    static double f32LseBound(int n, int d, double lse, double rScaled) {
        double u = 0x1p-24, log2e = 1.4426950408889634;
        double a = Math.max(0, -log2e * (lse - Math.log(n))) + 32;
        double weights = Math.log(2) * ((d + 3) * u * a + 4 * u * Math.sqrt(d * a) * rScaled) + 0x1p-22;
        return weights + (2 * 256 + (double) n / 256 + 4) * u + 1e-15 * Math.abs(lse);
    }

    @ParameterizedTest(name = "n={0} queries={1} d={2}")
    @CsvSource({"255, 100, 3", "257, 513, 8", "20001, 600, 8", "4000, 300, 16", "3000, 200, 11", "5000, 131, 1"})
    void f32WithinTheStatedBound(int n, int queries, int d) {
        SplittableRandom r = new SplittableRandom(5L * n + d);
        double[] x = data(r, n, d);
        double[] mean = new double[d];
        for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) mean[k] += x[j * d + k] / n;
        double[] xc = new double[n * d], xx = new double[n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                xc[j * d + k] = x[j * d + k] - mean[k];
                xx[j] += xc[j * d + k] * xc[j * d + k];
            }
        }
        double[] y = new double[queries * d];
        long[] self = new long[queries];
        for (int q = 0; q < queries; q++) {
            boolean atData = q % 2 == 0; // half leave-one-out at data rows, half free queries
            int row = r.nextInt(n);
            self[q] = atData ? row : -1;
            for (int k = 0; k < d; k++) y[q * d + k] = atData ? xc[row * d + k] : r.nextDouble(-3, 3);
        }
        double h = 0.5;
        double negInv2h2 = -0.5 / (h * h), invH2 = 1.0 / (h * h);
        double sqrtC = Math.sqrt(-negInv2h2 * 1.4426950408889634);
        double rMax = 0;
        for (double v : xc) rMax = Math.max(rMax, Math.abs(v) * sqrtC);
        try (CudaKde ref = new CudaKde(device, xc, xx, n, d, negInv2h2, invH2, Precision.F64);
             CudaKde fast = new CudaKde(device, xc, xx, n, d, negInv2h2, invH2, Precision.F32)) {
            double[] s64 = new double[queries * d], s32 = new double[queries * d];
            double[] l64 = new double[queries], l32 = new double[queries];
            double[] v64 = new double[queries], v32 = new double[queries];
            ref.evaluate(y, queries, self, s64, v64, l64);
            fast.evaluate(y, queries, self, s32, v32, l32);
            double worst = 0;
            for (int q = 0; q < queries; q++) {
                double yMax = 0;
                for (int k = 0; k < d; k++) yMax = Math.max(yMax, Math.abs(y[q * d + k]) * sqrtC);
                double bound = f32Bound(n, d, h, l64[q], Math.max(rMax, yMax), yMax);
                for (int k = 0; k < d; k++) {
                    double err = Math.abs(s32[q * d + k] - s64[q * d + k]);
                    worst = Math.max(worst, err / bound);
                    assertTrue(err <= bound, "query " + q + " component " + k + ": F32 " + s32[q * d + k] + ", F64 "
                            + s64[q * d + k] + ", |Δ| = " + err + " > bound " + bound);
                }
                assertEquals(v64[q], v32[q], f32DivergenceBound(n, d, h, l64[q], Math.max(rMax, yMax)), "divergence of query " + q);
                assertEquals(l64[q], l32[q], f32LseBound(n, d, l64[q], Math.max(rMax, yMax)), "log-sum of query " + q);
            }
            assertTrue(worst <= 1, "worst error / bound = " + worst);
        }
    }

    @Test
    void farQueryPointsBackAtTheDataInF32() {
        int n = 300, d = 8;
        double[] x = data(new SplittableRandom(1), n, d), xx = new double[n];
        for (int j = 0; j < n; j++) for (int k = 0; k < d; k++) xx[j] += x[j * d + k] * x[j * d + k];
        double[] y = new double[d];
        java.util.Arrays.fill(y, 1e3);
        double[] s = new double[d];
        double h = 0.3;
        try (CudaKde fast = new CudaKde(device, x, xx, n, d, -0.5 / (h * h), 1 / (h * h), Precision.F32)) {
            fast.evaluate(y, 1, null, s, null, null);
        }
        for (int k = 0; k < d; k++) {
            assertTrue(Double.isFinite(s[k]) && s[k] < -1e3 / (h * h) * 0.9, "component " + k + " = " + s[k]);
        }
    }

    @Test
    void badShapesAreRejected() {
        double[] x = new double[10], xx = new double[5];
        assertThrows(IllegalArgumentException.class, () -> new CudaKde(device, x, xx, 5, 3, -1, 1, Precision.F64));
        assertThrows(IllegalArgumentException.class, () -> new CudaKde(device, x, xx, 5, 2, 1, 1, Precision.F64));
        try (CudaKde k = new CudaKde(device, x, xx, 5, 2, -1, 2, Precision.F64)) {
            assertThrows(IllegalArgumentException.class, () -> k.evaluate(new double[3], 2, null, null, null, null));
            assertThrows(IllegalArgumentException.class, () -> k.evaluate(new double[4], 2, null, new double[3], null, null));
        }
    }
}
