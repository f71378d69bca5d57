package org.scorefdt.backend.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.backend.parity.ParityTier.Op;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.response.LaggedGridKernel;
import org.scorefdt.util.Offer;

/**
 * The lagged grid sums on a tier against the Java accumulator: {@link LaggedGridAccumulator} fed the
 * same fields and conjugates with its per-save work on the tier's {@code laggedGrid} kernel, and
 * without one. Members 1, 31, 33 (odd block splits), N = 8 and 16, one lag and several, two member
 * batches of different sizes, unit and bootstrap-like block weights, combined mid-run as well (the
 * kernel may hold saves back). The bound on the unnormalised column is docs/backends.md §1's:
 *
 * <pre>|ΔH(r, τ)| ≤ κ·ε·⟨‖u(t+τ)‖₂ ‖B(t)‖₂⟩_w,   κ = 2c + 1 (F32), 4c + 1 (F64),   c = 1 + 7·log₂N²,</pre>
 *
 * the weighted mean over the pairs behind lag τ (FFT forward error ≤ c·ε·‖û‖₂ per transform, input
 * rounding included; F64 counts both FFT libraries). The normalised column divides per mode by
 * Ĝ(k, 0), well away from 0 for the conjugate used here; it is checked at 10⁻¹² (F64, the suite's grid
 * bound) and 10⁻⁶ (F32, ≈ 17 float ulps) of its largest value. The tier's sums must not depend on its thread count (bit for bit).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaggedGridParity {

    abstract ParityTier tier();

    /** tier, precision, N, members of the first batch, members of the second (0: none), lags, blocks. */
    Stream<Arguments> cases() {
        int[][] c = {{8, 1, 0, 1, 1}, {8, 31, 0, 1, 3}, {8, 33, 31, 5, 3}, {16, 33, 0, 7, 4}, {16, 31, 1, 3, 1},
            {16, 1, 33, 20, 1}, {8, 33, 33, 24, 2}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (Precision p : Precision.values()) {
            for (int[] k : c) b.add(Arguments.of(tier(), p, k[0], k[1], k[2], k[3], k[4]));
        }
        return b.build();
    }

    /** B = −u + 0.3·u(x − 1) + 0.1: per mode B̂ = (−1 + 0.3e^{−ik_x})û (+ the offset at k = 0), so |Ĝ(k, 0)| ≥ 0.7 Σ|û|². */
    static Conjugate conjugate(int n) {
        return (states, out, members) -> {
            for (int m = 0; m < members; m++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        int o = m * n * n + y * n;
                        out[o + x] = -states[o + x] + 0.3 * states[o + (x + n - 1) % n] + 0.1;
                    }
                }
            }
        };
    }

    @ParameterizedTest(name = "{0} {1} N={2} members={3},{4} lags={5} blocks={6}")
    @MethodSource("cases")
    void sumsMatchTheJavaAccumulator(ParityTier tier, Precision precision, int n, int members1, int members2, int lags,
                                     int blocks) {
        Backend b = tier.require();
        Grid grid = new Grid(n);
        Offer<LaggedGridKernel> offer = ScoreKernelParity.assertTable(tier, Op.LAGGED_GRID, b.laggedGrid(grid, lags, blocks, precision, 2));
        if (!offer.offered()) return;  // the table says the Java loop runs it (or the tier declines): nothing to compare
        offer.value().close();
        int size = grid.size(), pixel = n + 3;
        Conjugate conj = conjugate(n);
        LaggedGridAccumulator ref = new LaggedGridAccumulator(grid, conj, pixel, lags, blocks);
        LaggedGridAccumulator got = new LaggedGridAccumulator(grid, conj, pixel, lags, blocks, b, precision, 2);
        LaggedGridAccumulator one = new LaggedGridAccumulator(grid, conj, pixel, lags, blocks, b, precision, 1);
        PairNorms norms = new PairNorms(lags, blocks);
        SplittableRandom r = new SplittableRandom(1000L * n + 10L * members1 + lags);
        int saves1 = 2 * 16 + 3 + lags, saves2 = 19;  // past two held batches of the native kernel and a ring wrap
        double[] w = new double[blocks];
        for (int i = 0; i < blocks; i++) w[i] = (i * 7 + 2) % 3;  // 2, 0, 1, …: a bootstrap replicate
        if (blocks == 1) w[0] = 2;
        double[] ones = new double[blocks];
        java.util.Arrays.fill(ones, 1);
        for (int batch = 0; batch < 2; batch++) {
            int m = batch == 0 ? members1 : members2;
            if (m == 0) break;
            if (batch == 1) {
                for (LaggedGridAccumulator a : new LaggedGridAccumulator[] {ref, got, one}) a.beginMemberBatch();
                norms.beginMemberBatch();
            }
            if (m < blocks) continue;
            int saves = batch == 0 ? saves1 : saves2;
            double[] states = new double[m * size], b2 = new double[m * size];
            for (int t = 0; t < saves; t++) {
                for (int i = 0; i < states.length; i++) states[i] = r.nextGaussian() * (1 + (i % size) % 3) + 0.5;
                for (LaggedGridAccumulator a : new LaggedGridAccumulator[] {ref, got, one}) a.observe(t, t, states, m);
                conj.apply(states, b2, m);
                norms.observe(states, b2, m, size);
                if (batch == 0 && t == saves1 / 2 && t >= lags) {  // mid-run read: held saves are added early
                    check(ref, got, norms, ones, precision, n, tier + " " + precision + " mid-run");
                }
            }
        }
        for (int lag = 0; lag < lags; lag++) assertEquals(ref.pairs(lag), got.pairs(lag), "pairs at lag " + lag);
        String what = tier + " " + precision + " N=" + n + " members " + members1 + "," + members2 + " lags " + lags + " blocks " + blocks;
        check(ref, got, norms, ones, precision, n, what + " unit weights");
        check(ref, got, norms, w, precision, n, what + " weights " + java.util.Arrays.toString(w));
        for (double[] weights : new double[][] {ones, w}) {
            for (boolean normalize : new boolean[] {false, true}) {
                assertArrayEquals(got.combine(weights, normalize), one.combine(weights, normalize),
                        what + ": 1 and 2 threads differ");
            }
        }
    }

    private static void check(LaggedGridAccumulator ref, LaggedGridAccumulator got, PairNorms norms, double[] weights,
                              Precision precision, int n, String what) {
        int lags = ref.lags(), size = n * n;
        double c = 1 + 7 * (Math.log(size) / Math.log(2));
        double kappa = precision == Precision.F32 ? (2 * c + 1) * Math.ulp(1.0f) / 2 : (4 * c + 1) * Math.ulp(1.0) / 2;
        double[] want = ref.combine(weights, false), have = got.combine(weights, false);
        double worst = 0;
        for (int tau = 0; tau < lags; tau++) {
            double bound = kappa * norms.mean(tau, weights);
            for (int i = 0; i < size; i++) {
                double d = Math.abs(have[tau * size + i] - want[tau * size + i]);
                String at = what + ": lag " + tau + " pixel " + i;
                assertTrue(d <= bound, () -> at + ": H differs by " + d + " > bound " + bound);
                worst = Math.max(worst, d / bound);
            }
        }
        double[] wantN = ref.combine(weights, true), haveN = got.combine(weights, true);
        double tol = (precision == Precision.F32 ? 1e-6 : 1e-12) * Parity.maxAbs(wantN);
        double dn = Parity.maxDiff(wantN, haveN);
        assertTrue(dn <= tol, () -> what + ": normalised column differs by " + dn + " > " + tol);
        assertTrue(worst <= 1, what);
        // B̄: the kernel path sums B plainly where the Java loop reads mode 0 of its transform.
        double bw = ref.conjugateMean(weights), bg = got.conjugateMean(weights);
        assertEquals(bw, bg, 1e-12 * Math.max(1, Math.abs(bw)), what + ": conjugate mean");
    }

    /** Σ ‖u(t+τ)‖₂‖B(t)‖₂ and the pair counts per block and lag, with the accumulator's blocks and batches. */
    private static final class PairNorms {
        final int lags, blocks;
        final double[] sums;
        final long[] counts;
        java.util.List<double[][]> history = new java.util.ArrayList<>();  // per save: [‖u_m‖, ‖B_m‖]

        PairNorms(int lags, int blocks) {
            this.lags = lags;
            this.blocks = blocks;
            this.sums = new double[blocks * lags];
            this.counts = new long[blocks * lags];
        }

        void beginMemberBatch() {
            history = new java.util.ArrayList<>();
        }

        void observe(double[] u, double[] b, int members, int size) {
            double[][] now = new double[2][members];
            for (int m = 0; m < members; m++) {
                double su = 0, sb = 0;
                for (int i = 0; i < size; i++) {
                    su += u[m * size + i] * u[m * size + i];
                    sb += b[m * size + i] * b[m * size + i];
                }
                now[0][m] = Math.sqrt(su);
                now[1][m] = Math.sqrt(sb);
            }
            history.add(now);
            int t = history.size() - 1;
            for (int m = 0; m < members; m++) {
                int block = (int) ((long) m * blocks / members);
                for (int tau = 0; tau <= Math.min(lags - 1, t); tau++) {
                    sums[block * lags + tau] += now[0][m] * history.get(t - tau)[1][m];
                    counts[block * lags + tau]++;
                }
            }
        }

        double mean(int tau, double[] w) {
            double s = 0, n = 0;
            for (int b = 0; b < blocks; b++) {
                s += w[b] * sums[b * lags + tau];
                n += w[b] * counts[b * lags + tau];
            }
            return s / n;
        }
    }
}
