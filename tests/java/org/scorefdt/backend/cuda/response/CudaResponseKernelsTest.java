package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scorefdt.backend.Backend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.PairedIntegrator;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Lorenz96;
import org.scorefdt.model.Model;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedColumnAccumulator;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.model.Grid;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: the response kernels against their CPU definitions. The device lagged accumulator sums
 * in the Java accumulator's order, so its F64 results are bitwise equal; the paired kernel must equal
 * two separate runs of the same members bit for bit (shared noise). Skipped with the cause without a GPU.
 */
@Tag("gpu")
class CudaResponseKernelsTest {
    /** A thread-safe nonlinear conjugate: B = x³ − x per component. */
    private static final Conjugate CUBIC = (s, out, m) -> {
        for (int i = 0; i < out.length && i < s.length; i++) out[i] = s[i] * s[i] * s[i] - s[i];
    };

    @ParameterizedTest
    @ValueSource(ints = {1, 31, 33, 257, 4097})
    void deviceLaggedColumnEqualsTheJavaAccumulatorBitwise(int members) {
        CudaDevice dev = CudaTier.require().device();
        int d = 3, j = 1, lags = 5, blocks = Math.min(4, members), saves = 13;
        LaggedColumnAccumulator ref = new LaggedColumnAccumulator(d, CUBIC, j, lags, blocks);
        try (CudaLaggedColumnAccumulator gpu = new CudaLaggedColumnAccumulator(dev, d, CUBIC, j, lags, blocks)) {
            double[] x = new double[members * d];
            for (int t = 0; t < saves; t++) {
                for (int i = 0; i < x.length; i++) x[i] = 0.6 + Math.sin(0.37 * i + 0.91 * t) * (1 + (i % 3));  // mean ≠ 0
                ref.observe(t, t, x, members);
                gpu.observe(t, t, x, members);
            }
            for (int tau = 0; tau < lags; tau++) assertEquals(ref.pairs(tau), gpu.pairs(tau));
            double[] ones = new double[blocks], boot = new double[blocks];
            java.util.Arrays.fill(ones, 1);
            for (int b = 0; b < blocks; b++) boot[b] = (b * 7 + 2) % 3;  // 2, 0, 1, 2: a bootstrap-like weighting
            if (blocks == 1) boot[0] = 2;
            for (boolean centred : new boolean[] {true, false}) {
                assertArrayEquals(ref.combine(ones, false, centred), gpu.combine(ones, false, centred));
                assertArrayEquals(ref.combine(boot, false, centred), gpu.combine(boot, false, centred));
            }
            assertEquals(ref.conjugateMean(boot), gpu.conjugateMean(boot));
            assertTrue(ref.conjugateMean(ones) != 0);
            assertThrows(IllegalStateException.class, () -> gpu.observe(saves, saves, x, members - 1));
        }
    }

    @Test
    void f32DeviceStatesGiveTheSumsOfTheirWidenedValues() {
        CudaDevice dev = CudaTier.require().device();
        int members = 33, d = 2, lags = 3, blocks = 2;
        LaggedColumnAccumulator ref = new LaggedColumnAccumulator(d, CUBIC, 0, lags, blocks);
        try (CudaLaggedColumnAccumulator gpu = new CudaLaggedColumnAccumulator(dev, d, null, 0, lags, blocks);
             DeviceBuffer xs = DeviceBuffer.allocate(dev, Dtype.F32, (long) members * d);
             DeviceBuffer bs = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * d)) {
            double[] x = new double[members * d], b = new double[members * d];
            for (int t = 0; t < 7; t++) {
                for (int i = 0; i < x.length; i++) x[i] = (float) Math.cos(0.21 * i - 0.5 * t);  // float-exact values
                CUBIC.apply(x, b, members);
                ref.observe(t, t, x, members);
                xs.copyFrom(x);
                bs.copyFrom(b);
                gpu.observeDevice(xs, bs, d, 0, members);  // B_0 of member r at r·d
            }
            assertArrayEquals(ref.combine(new double[] {1, 1}, false), gpu.combine(new double[] {1, 1}, false));
        }
    }

    /** The grid accumulator: same sums up to FFT rounding (cuFFT vs JTransforms), plain and normalised, centred and raw. */
    @ParameterizedTest
    @ValueSource(ints = {5, 33})
    void deviceLaggedGridAgreesWithTheJavaAccumulatorToFftRounding(int members) {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(8);
        int size = grid.size(), lags = 4, blocks = 5, pixel = 3 * 8 + 5, saves = 9;
        LaggedGridAccumulator ref = new LaggedGridAccumulator(grid, CUBIC, pixel, lags, blocks);
        try (CudaLaggedGridAccumulator gpu = new CudaLaggedGridAccumulator(dev, grid, CUBIC, pixel, lags, blocks)) {
            double[] x = new double[members * size];
            for (int t = 0; t < saves; t++) {
                for (int i = 0; i < x.length; i++) x[i] = 1.5 + Math.sin(0.37 * i + 0.91 * t) + 0.2 * Math.cos(1.3 * i * t);
                ref.observe(t, t, x, members);
                gpu.observe(t, t, x, members);
            }
            double[] ones = {1, 1, 1, 1, 1}, boot = {0, 2, 1, 1, 1};
            for (int variant = 0; variant < 8; variant++) {
                boolean normalize = (variant & 1) != 0, centred = (variant & 2) != 0;
                double[] w = variant < 4 ? ones : boot;
                double[] want = ref.combine(w, normalize, centred), got = gpu.combine(w, normalize, centred);
                double scale = 0, diff = 0;
                for (int i = 0; i < want.length; i++) {
                    scale = Math.max(scale, Math.abs(want[i]));
                    diff = Math.max(diff, Math.abs(want[i] - got[i]));
                }
                // Two 64-point FFTs per save (ε·log₂64 each) and one inverse: ≲ 1e-14 relative; 1e-12 leaves room
                // for the normalised quotient of small modes.
                assertTrue(scale > 0 && diff <= 1e-12 * scale, "variant " + variant + ": max diff " + diff + ", scale " + scale);
            }
            assertEquals(ref.pairs(0), gpu.pairs(0));
            assertEquals(ref.pairs(lags - 1), gpu.pairs(lags - 1));
            assertEquals(ref.conjugateMean(boot), gpu.conjugateMean(boot), 1e-12 * Math.abs(ref.conjugateMean(boot)));
        }
    }
}
