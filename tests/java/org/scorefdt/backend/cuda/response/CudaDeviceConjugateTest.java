package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.ensemble.Ensemble;
import org.scorefdt.ensemble.EnsembleSpec;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.integrate.Scheme;
import org.scorefdt.model.Grid;
import org.scorefdt.integrate.OuExact;
import org.scorefdt.model.OuSpde;
import org.scorefdt.response.Conjugate;
import org.scorefdt.response.LaggedGridAccumulator;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.CudaBackend;
import org.scorefdt.backend.cuda.integrate.CudaDeviceEnsemble;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: the conjugate formed per Fourier mode on the device (B̂ = g·û + δ_{k0}·c) and the device
 * spectrum fitter against their Java references, on fields with a large mean (μ = 3, so the mode-0
 * offset c matters: leaving it out shifts R by O(μ²/S(0)))), and the device-resident ensemble
 * against the host ensemble. Bounds: the sums are the same products in another order and the
 * conjugate is formed before instead of after the FFT, each ≲ 1e-14 relative per save; 1e-11 leaves
 * room for the normalised quotient and the S(0) formula (two sums instead of Welford: ε·μ̂(0)²/S(0)).
 */
@Tag("gpu")
class CudaDeviceConjugateTest {

    private static double maxRel(double[] want, double[] got) {
        double scale = 0, diff = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        assertTrue(scale > 0, "reference is all zero");
        return diff / scale;
    }

    @Test
    void deviceConjugateAndFitterMatchJavaOnFieldsWithAMean() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(8);
        int size = grid.size(), members = 7, saves = 12, lags = 4, blocks = 3, pixel = 2 * 8 + 5;
        SplittableRandom rng = new SplittableRandom(11);
        double[][] fields = new double[saves][members * size];
        for (double[] f : fields) {
            for (int i = 0; i < f.length; i++) f[i] = 3.0 + rng.nextGaussian() + 0.5 * Math.sin(0.7 * (i % size));
        }
        SpectralQuasiGaussianScore.Fitter ref = new SpectralQuasiGaussianScore.Fitter(grid);
        try (CudaSpectrumFitter gpu = new CudaSpectrumFitter(dev, grid);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size)) {
            for (double[] f : fields) {
                ref.add(f, members);
                states.copyFrom(f);
                gpu.observeDevice(states, members);
            }
            assertEquals(ref.count(), gpu.count());
            SpectralQuasiGaussianScore want = ref.build(1e-6), got = gpu.build(1e-6);
            assertEquals(want.mean(), got.mean(), 1e-13 * Math.abs(want.mean()));
            System.err.printf("CudaDeviceConjugateTest fitter: spectrum %.3e, mean %.3e%n", maxRel(want.spectrum(), got.spectrum()),
                    Math.abs(want.mean() - got.mean()) / Math.abs(want.mean()));
            assertTrue(maxRel(want.spectrum(), got.spectrum()) <= 1e-11, "spectrum: " + maxRel(want.spectrum(), got.spectrum()));

            // Device conjugate of this score vs the Java accumulator with B = −s on the host.
            double[] gain = new double[size];
            double[] s = want.spectrum();
            for (int i = 0; i < size; i++) gain[i] = size / s[i];
            LaggedGridAccumulator host = new LaggedGridAccumulator(grid, Conjugate.negativeScore(want), pixel, lags, blocks);
            try (CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.linear(dev, grid, null, gain,
                    -gain[0] * size * want.mean(), pixel, lags, blocks)) {
                assertTrue(acc.conjugateOnDevice());
                for (int t = 0; t < saves; t++) {
                    host.observe(t, t, fields[t], members);
                    states.copyFrom(fields[t]);
                    acc.observeDevice(states, members);
                }
                for (boolean normalize : new boolean[] {false, true}) {
                    for (double[] w : new double[][] {{1, 1, 1}, {0, 2, 1}}) {
                        double rel = maxRel(host.combine(w, normalize), acc.combine(w, normalize));
                        System.err.printf("CudaDeviceConjugateTest conjugate, normalize=%s: %.3e%n", normalize, rel);
                        assertTrue(rel <= 1e-11, "normalize=" + normalize + ": " + rel);
                    }
                }
                assertEquals(host.pairs(lags - 1), acc.pairs(lags - 1));
                assertThrows(IllegalStateException.class, () -> acc.observe(0, 0, fields[0], members));
            }
            // Without the mode-0 offset the raw estimate is far off (the offset is exercised, not decorative; the
            // centred estimate does not see a constant in B).
            try (CudaLaggedGridAccumulator noOffset = CudaLaggedGridAccumulator.linear(dev, grid, null, gain, 0, pixel, lags, blocks)) {
                for (double[] f : fields) {
                    states.copyFrom(f);
                    noOffset.observeDevice(states, members);
                }
                double[] ones = {1, 1, 1};
                double off = maxRel(host.combine(ones, false, false), noOffset.combine(ones, false, false));
                System.err.printf("CudaDeviceConjugateTest without the mode-0 offset: %.3e%n", off);
                assertTrue(off > 1e-3, "offset made no difference: " + off);
            }
        }
    }

    @Test
    void deviceResidentEnsembleFeedsTheSameSumsAsTheHostEnsemble() {
        CudaBackend backend = CudaTier.require();
        OuSpde model = new OuSpde(new OuSpde.Params(8, 0.5, 0.01, 0.2, 4e-3, OuSpde.NoiseScaling.GRID));
        IntegratorSpec spec = new IntegratorSpec(Scheme.EXACT_OU, 1.0);
        OuExact exact = new OuExact(model, spec);
        Grid grid = model.spectralGrid();
        int size = grid.size(), pixel = 9, lags = 5, blocks = 3;
        EnsembleSpec es = new EnsembleSpec(6, 3, 20, 2, 5);
        double[] s = exact.stationarySpectrum(), gain = new double[size];
        for (int i = 0; i < size; i++) gain[i] = size / s[i];
        Conjugate conj = Conjugate.negativeScore(new org.scorefdt.score.ExactOuScore(exact));
        LaggedGridAccumulator host = new LaggedGridAccumulator(grid, conj, pixel, lags, blocks);
        try (Integrator integrator = backend.create(model, spec, Precision.F64, 5, 1);
             CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.linear(backend.device(), grid, conj, gain, 0, pixel, lags,
                     blocks)) {
            new Ensemble(integrator, es, exact.stationaryInitialCondition(), 1.0).run(List.of(host), null);
            DeviceBuffer.CopyCount before = DeviceBuffer.copies();
            long[] work = {0};
            CudaDeviceEnsemble.of(integrator).run(es, exact.stationaryInitialCondition(), 0, List.of(acc), w -> work[0] += w);
            DeviceBuffer.CopyCount c = DeviceBuffer.copies().since(before);
            assertEquals(es.totalSteps() * es.members(), work[0]);
            // One upload of the initial states and the gain/offset/unit spectra (4); after spin-up and at the end.
            assertEquals(5, c.toDevice(), c.toString());
            assertEquals(2, c.toHost(), c.toString());
            double rel = maxRel(host.combine(new double[] {1, 1, 1}, true), acc.combine(new double[] {1, 1, 1}, true));
            System.err.printf("CudaDeviceConjugateTest device-resident vs host ensemble: %.3e%n", rel);
            assertTrue(rel <= 1e-11, "device-resident vs host: " + rel);
        }
        try (Integrator f32 = backend.create(model, spec, Precision.F32, 5, 1)) {
            assertTrue(CudaDeviceEnsemble.unsupported(f32).orElseThrow().contains("F32"));
            assertThrows(IllegalArgumentException.class, () -> CudaDeviceEnsemble.of(f32));
        }
    }

    @Test
    void badInputIsRejectedWithTheFieldNamed() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(4);
        double[] gain = new double[16];
        var e = assertThrows(IllegalArgumentException.class,
                () -> CudaLaggedGridAccumulator.linear(dev, grid, null, new double[15], 0, 0, 2, 1));
        assertTrue(e.getMessage().contains("gain has 15"), e.getMessage());
        gain[3] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> CudaLaggedGridAccumulator.linear(dev, grid, null, gain, 0, 0, 2, 1));
        assertTrue(e.getMessage().contains("gain[3]"), e.getMessage());
        gain[3] = 1;
        try (CudaLaggedGridAccumulator acc = CudaLaggedGridAccumulator.linear(dev, grid, null, gain, 0, 0, 2, 1);
             CudaLaggedGridAccumulator hostOnly = new CudaLaggedGridAccumulator(dev, grid, (x, out, m) -> { }, 0, 2, 1);
             DeviceBuffer f32 = DeviceBuffer.allocate(dev, Dtype.F32, 32);
             DeviceBuffer small = DeviceBuffer.allocate(dev, Dtype.F64, 31)) {
            e = assertThrows(IllegalArgumentException.class, () -> acc.observeDevice(f32, 2));
            assertTrue(e.getMessage().contains("F64"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> acc.observeDevice(small, 2));
            assertThrows(IllegalStateException.class, () -> hostOnly.observeDevice(small, 1));
            assertTrue(!hostOnly.conjugateOnDevice());
        }
    }
}
