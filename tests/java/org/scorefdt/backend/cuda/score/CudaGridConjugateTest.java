package org.scorefdt.backend.cuda.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.AllenCahn;
import org.scorefdt.model.Grid;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.score.AllenCahnScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.score.nn.Activation;
import org.scorefdt.score.nn.DsmConfig;
import org.scorefdt.score.nn.DsmScore;
import org.scorefdt.score.nn.NoiseSchedule;
import org.scorefdt.score.nn.PeriodicCnn;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.response.CudaLaggedGridAccumulator;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: the device conjugates of the reproduction job against the host scores, and the grid
 * accumulator fed device conjugates against {@link LaggedGridAccumulator}. Bounds:
 * <ul>
 *   <li>CNN DSM score: the input step is bitwise (same IEEE division and square root), the network
 *       agrees with {@code PeriodicCnn.forward} to ≤ 1e-12 × max|out| (CudaCnn, another summation
 *       order), and ×(−1/σ) is exact: |B_dev − B_host| ≤ 1e-12 × max|B|;</li>
 *   <li>analytic Allen–Cahn: one r2c/c2r pair (cuFFT or its FFTW stand-in against JTransforms),
 *       each ≲ ε·log₂N² ≈ 1.3e-15 relative at N = 8, on lin = κ(Δ − Δ²)u, which dominates B on a grid
 *       whose |k|⁴ reaches 2·(N/2)⁴: bound 1e-12 × max|B|;</li>
 *   <li>accumulated sums: the same products in another order plus the transforms, ≲ 1e-14 relative
 *       per save (CudaDeviceConjugateTest); 1e-11 × max|R| leaves room for the conjugate's own
 *       1e-12 and the normalised quotient.</li>
 * </ul>
 */
@Tag("gpu")
class CudaGridConjugateTest {
    static final int N = 8;

    static DsmScore cnnScore(int n, long seed) {
        PeriodicCnn net = PeriodicCnn.initialised(n, 1, 1, new int[] {4, 3}, 1, Activation.SILU, seed);
        double[] mean = new double[n * n], std = new double[n * n];
        Arrays.fill(mean, 0.2);
        Arrays.fill(std, 0.7);
        DsmConfig cfg = DsmConfig.builder().architecture(DsmConfig.Architecture.PERIODIC_CNN).hiddenWidths(new int[] {4, 3})
                .sigmaMin(0.05).build();
        return new DsmScore(net, mean, std, new NoiseSchedule(0.05, 3.0, cfg.tMin()), cfg);
    }

    static AllenCahnScore allenCahnScore(int n) {
        return new AllenCahnScore(new AllenCahn(AllenCahn.Params.paper(n)));
    }

    /** Smooth fields in about [−1.3, 1.3] plus noise, [members][N²] (rows of {@code stride}, extra columns 1e3). */
    static double[] fields(int members, int stride, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] f = new double[members * stride];
        Arrays.fill(f, 1e3);  // hidden columns: a wrong packing shows at O(1e3)
        for (int m = 0; m < members; m++) {
            double phase = rng.nextDouble() * 6.28;
            for (int i = 0; i < N * N; i++) {
                int x = i % N, y = i / N;
                f[m * stride + i] = Math.sin(2 * Math.PI * x / N + phase) * Math.cos(2 * Math.PI * y / N) + 0.3 * rng.nextGaussian();
            }
        }
        return f;
    }

    private static double maxRel(double[] want, double[] got) {
        double scale = 0, diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        assertTrue(scale > 0, "reference is all zero");
        return diff / scale;
    }

    private static double deviceConjugateError(CudaDevice dev, DeviceConjugate conjugate, ScoreModel host, int members) {
        double[] u = fields(members, N * N, 3);
        double[] want = new double[u.length];
        Conjugate.negativeScore(host).apply(u, want, members);
        try (DeviceBuffer in = DeviceBuffer.allocate(dev, Dtype.F64, u.length);
             DeviceBuffer out = DeviceBuffer.allocate(dev, Dtype.F64, u.length)) {
            in.copyFrom(u);
            conjugate.apply(in, members, out);
            conjugate.apply(in, members, out);  // a second call reuses the scratch
            return maxRel(want, out.toArray());
        }
    }

    @Test
    void cnnConjugateEqualsTheHostScore() {
        CudaDevice dev = CudaTier.require().device();
        DsmScore score = cnnScore(N, 5);
        try (CudaCnnConjugate c = new CudaCnnConjugate(dev, score, new Grid(N))) {
            double rel = deviceConjugateError(dev, c, score, 5);
            System.err.printf("CudaGridConjugateTest CNN conjugate: max|dev − host|/max|host| = %.3e%n", rel);
            assertTrue(rel <= 1e-12, "CNN conjugate: " + rel);
        }
    }

    @Test
    void allenCahnConjugateEqualsTheHostScore() {
        CudaDevice dev = CudaTier.require().device();
        AllenCahnScore score = allenCahnScore(N);
        try (CudaAllenCahnConjugate c = new CudaAllenCahnConjugate(dev, score)) {
            double rel = deviceConjugateError(dev, c, score, 3);
            System.err.printf("CudaGridConjugateTest Allen–Cahn conjugate: max|dev − host|/max|host| = %.3e%n", rel);
            assertTrue(rel <= 1e-12, "Allen–Cahn conjugate: " + rel);
        }
    }

    @Test
    void unsupportedScoresAreNamed() {
        assertTrue(CudaCnnConjugate.unsupported(allenCahnScore(N), new Grid(N)).orElseThrow().contains("not a DSM"));
        assertTrue(CudaCnnConjugate.unsupported(cnnScore(N, 1), new Grid(16)).orElseThrow().contains("16×16"));
        assertTrue(CudaCnnConjugate.unsupported(cnnScore(N, 1), new Grid(N)).isEmpty());
    }

    /** Device fields and device conjugates handed in (observeDevice(fields, B)) against the Java accumulator. */
    @Test
    void accumulatorWithDeviceConjugatesEqualsTheHostAccumulator() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(N);
        int size = grid.size(), members = 6, saves = 9, lags = 4, blocks = 3, pixel = 11;
        Conjugate b = Conjugate.negativeScore(allenCahnScore(N));
        LaggedGridAccumulator host = new LaggedGridAccumulator(grid, b, pixel, lags, blocks);
        try (CudaLaggedGridAccumulator acc = new CudaLaggedGridAccumulator(dev, grid, null, pixel, lags, blocks);
             DeviceBuffer u = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size);
             DeviceBuffer bu = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size)) {
            double[] conj = new double[members * size];
            for (int t = 0; t < saves; t++) {
                double[] f = fields(members, size, 100 + t);
                host.observe(t, t, f, members);
                b.apply(f, conj, members);
                u.copyFrom(f);
                bu.copyFrom(conj);
                acc.observeDevice(u, bu, members);
            }
            compare("observeDevice(fields, B)", host, acc, blocks, 1e-11);
        }
    }

    /**
     * The CNN conjugate formed on the device inside the accumulator, from state rows wider than the
     * field (packed on the device), over two member batches, against the host accumulator.
     */
    @Test
    void accumulatorWithADeviceConjugateReadsStridedRowsAndMemberBatches() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(N);
        int size = grid.size(), stride = size + 3, saves = 6, lags = 3, blocks = 2, pixel = 0;
        DsmScore score = cnnScore(N, 9);
        LaggedGridAccumulator host = new LaggedGridAccumulator(grid, Conjugate.negativeScore(score), pixel, lags, blocks);
        try (CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.withConjugate(dev, grid, null,
                new CudaCnnConjugate(dev, score, grid), pixel, lags, blocks).withRowStride(stride)) {
            assertTrue(acc.conjugateOnDevice());
            int batch = 0;
            for (int members : new int[] {5, 3}) {
                if (batch++ > 0) {
                    host.beginMemberBatch();
                    acc.beginMemberBatch();
                }
                try (DeviceBuffer rows = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * stride)) {
                    double[] packed = new double[members * size];
                    for (int t = 0; t < saves; t++) {
                        double[] f = fields(members, stride, 31L * batch + t);
                        for (int m = 0; m < members; m++) System.arraycopy(f, m * stride, packed, m * size, size);
                        host.observe(t, t, packed, members);
                        rows.copyFrom(f);
                        acc.observeDevice(rows, members);
                    }
                }
            }
            assertEquals(host.pairs(0), acc.pairs(0));
            assertEquals((5 + 3) * saves, acc.pairs(0));
            compare("CNN conjugate, strided rows, two batches", host, acc, blocks, 1e-11);
        }
    }

    /**
     * Under memberRange(0, 8), batches of 4, 1 and 3 members put member g in block ⌊g·3/8⌋ (0–2, 3–5,
     * 6–7) on the device as on the host: block 1 spans all three batches, and the one-member batch is
     * fewer than the blocks. Every block alone agrees, not only the pooled estimate.
     */
    @Test
    void accumulatorUnderAMemberRangeKeysBlocksByGlobalMemberAcrossBatches() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(N);
        int size = grid.size(), saves = 5, lags = 3, blocks = 3, pixel = 5;
        Conjugate b = Conjugate.negativeScore(allenCahnScore(N));
        LaggedGridAccumulator host = new LaggedGridAccumulator(grid, b, pixel, lags, blocks);
        try (CudaLaggedGridAccumulator acc = new CudaLaggedGridAccumulator(dev, grid, null, pixel, lags, blocks)) {
            host.memberRange(0, 8);
            acc.memberRange(0, 8);
            int batch = 0;
            for (int members : new int[] {4, 1, 3}) {
                if (batch++ > 0) {
                    host.beginMemberBatch();
                    acc.beginMemberBatch();
                }
                try (DeviceBuffer u = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size);
                     DeviceBuffer bu = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size)) {
                    double[] conj = new double[members * size];
                    for (int t = 0; t < saves; t++) {
                        double[] f = fields(members, size, 57L * batch + t);
                        host.observe(t, t, f, members);
                        b.apply(f, conj, members);
                        u.copyFrom(f);
                        bu.copyFrom(conj);
                        acc.observeDevice(u, bu, members);
                    }
                }
            }
            compare("memberRange, three batches", host, acc, blocks, 1e-11);
            for (int k = 0; k < blocks; k++) {
                double[] one = new double[blocks];
                one[k] = 1;
                double rel = maxRel(host.combine(one, false), acc.combine(one, false));
                assertTrue(rel <= 1e-11, "block " + k + ": " + rel);
            }
        }
    }

    private static void compare(String what, LaggedGridAccumulator host, CudaLaggedGridAccumulator acc, int blocks, double bound) {
        double[] w = new double[blocks];
        Arrays.fill(w, 1);
        for (int lag = 0; lag < host.lags(); lag++) assertEquals(host.pairs(lag), acc.pairs(lag), "pairs at lag " + lag);
        for (boolean normalize : new boolean[] {false, true}) {
            double rel = maxRel(host.combine(w, normalize), acc.combine(w, normalize));
            System.err.printf("CudaGridConjugateTest %s (normalize %b): max|dev − host|/max|host| = %.3e%n", what, normalize, rel);
            assertTrue(rel <= bound, what + " (normalize " + normalize + "): " + rel);
        }
        double[] one = new double[blocks];
        one[blocks - 1] = 1;  // one block alone: the per-block sums, not only their total
        double rel = maxRel(host.combine(one, false), acc.combine(one, false));
        assertTrue(rel <= bound, what + " (last block): " + rel);
    }
}
