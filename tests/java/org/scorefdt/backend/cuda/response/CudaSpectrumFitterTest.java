package org.scorefdt.backend.cuda.response;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scorefdt.model.Grid;
import org.scorefdt.score.SpectralQuasiGaussianScore;
import org.scorefdt.testing.CudaTier;
import org.scorefdt.backend.cuda.runtime.CudaDevice;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/**
 * GPU-only: {@link CudaSpectrumFitter#centredOn} keeps S(0) accurate on fields whose mean is large
 * against their fluctuation, where the plain two-sum formula (Σy² − (Σy)²/n)/(n − 1) cancels.
 *
 * <p>Reference: y_r = û_r(0) = Σ_i x_ri summed exactly (BigDecimal), S(0) its exact sample variance.
 * Derived bound for the centred fit (y_r now the sums of the shifted fields x − c):
 * <ul>
 *   <li>input: each y_r is off by δ ≤ ε·Σ_i|x_ri − c| (the shift's rounding) + 5·log₂(N²)·ε·N·‖x_r − c‖₂
 *       (Cooley–Tukey normwise bound, ‖x̂‖₂ = N‖x‖₂; cuFFT's DFT or any order), which moves the
 *       sample variance by ≤ 2δ·√(n·S(0)/(n − 1)) + δ²·n/(n − 1);</li>
 *   <li>formula: Σy² and Σy by recursive sums, (Σy)²/n ≤ Σy² (Cauchy–Schwarz): ≤ 2(n + 3)·ε·Σy²/(n − 1).</li>
 * </ul>
 * The plain formula's error is ≈ ε·n·N⁴μ²/S(0) relative: the claim in the fitter's comment, measured
 * here (and it must exceed the centred bound, else these fields would not test the centring). The
 * k ≠ 0 modes are compared with the Java fitter: |ΔS(k)| ≤ 2·(δ_host + δ_dev)·√S(k)·2 + 2nε·S(k),
 * δ the FFT bound above on x (host) and x − c (device).
 */
@Tag("gpu")
class CudaSpectrumFitterTest {
    private static final double EPS = 0x1.0p-52;

    @Test
    void centredFitKeepsS0AccurateWhenTheMeanIsLarge() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(8);
        int nn = grid.n(), size = grid.size(), members = 9, saves = 30;
        double mu = 250.0, c = 249.97;  // c: an estimate of the mean (as the first save's mean would be)
        SplittableRandom rng = new SplittableRandom(3);
        double[][] fields = new double[saves][members * size];
        for (double[] f : fields) {
            for (int i = 0; i < f.length; i++) f[i] = mu + 0.02 * rng.nextGaussian() + 0.01 * Math.cos(0.9 * (i % size));
        }
        SpectralQuasiGaussianScore.Fitter host = new SpectralQuasiGaussianScore.Fitter(grid);
        try (CudaSpectrumFitter plain = new CudaSpectrumFitter(dev, grid);
             CudaSpectrumFitter centred = new CudaSpectrumFitter(dev, grid).centredOn(c);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, (long) members * size)) {
            for (double[] f : fields) {
                host.add(f, members);
                states.copyFrom(f);
                plain.observeDevice(states, members);
                centred.observeDevice(states, members);
            }
            long n = (long) members * saves;
            assertEquals(n, centred.count());
            // Exact S(0) and mean, and the bound's ingredients.
            MathContext mc = new MathContext(60);
            BigDecimal sum = BigDecimal.ZERO, sq = BigDecimal.ZERO;
            double deltaDev = 0, deltaHost = 0, sumY2 = 0, fft = 5 * (2 * Math.log(nn) / Math.log(2)) * EPS * nn;
            for (double[] f : fields) {
                for (int r = 0; r < members; r++) {
                    BigDecimal y = BigDecimal.ZERO;
                    double abs = 0, l2c = 0, l2 = 0;
                    for (int i = 0; i < size; i++) {
                        double x = f[r * size + i];
                        y = y.add(new BigDecimal(x));
                        abs += Math.abs(x - c);
                        l2c += (x - c) * (x - c);
                        l2 += x * x;
                    }
                    sum = sum.add(y);
                    sq = sq.add(y.multiply(y));
                    double yc = y.subtract(new BigDecimal(c).multiply(BigDecimal.valueOf(size))).doubleValue();
                    sumY2 += yc * yc;
                    deltaDev = Math.max(deltaDev, 1.01 * (EPS * abs + fft * Math.sqrt(l2c)));
                    deltaHost = Math.max(deltaHost, 1.01 * fft * Math.sqrt(l2));
                }
            }
            BigDecimal bn = BigDecimal.valueOf(n);
            double exactS0 = sq.subtract(sum.multiply(sum).divide(bn, mc)).divide(BigDecimal.valueOf(n - 1), mc).doubleValue();
            double exactMean = sum.divide(bn.multiply(BigDecimal.valueOf(size)), mc).doubleValue();
            double f = (double) n / (n - 1);
            double bound = 2 * deltaDev * Math.sqrt(f * exactS0) + deltaDev * deltaDev * f + 2 * (n + 3) * EPS * sumY2 / (n - 1);

            SpectralQuasiGaussianScore gotC = centred.build(0), gotP = plain.build(0), want = host.build(0);
            double errC = Math.abs(gotC.spectrum()[0] - exactS0), errP = Math.abs(gotP.spectrum()[0] - exactS0);
            double errH = Math.abs(want.spectrum()[0] - exactS0);
            System.err.printf("CudaSpectrumFitterTest S(0) = %.6e: |Δ| centred %.3e (bound %.3e), plain two-sum %.3e, "
                    + "Java Welford %.3e; mean |Δ| centred %.3e, Java %.3e%n", exactS0, errC, bound, errP, errH,
                    Math.abs(gotC.mean() - exactMean), Math.abs(want.mean() - exactMean));
            assertTrue(errC <= bound, "centred S(0) off by " + errC + " > " + bound);
            assertTrue(errP > bound, "the plain formula stays within the centred bound (" + errP + "): fields too benign");
            // Mean: c + Σy_c/(n N²): each y_c off by δ, the sum by (n + 1)ε·Σ|y_c|, then /nN² and + c.
            double meanBound = deltaDev / size + (n + 2) * EPS * Math.sqrt(n * sumY2) / (n * size) + 2 * EPS * Math.abs(exactMean);
            assertTrue(Math.abs(gotC.mean() - exactMean) <= meanBound, "mean off by " + Math.abs(gotC.mean() - exactMean)
                    + " > " + meanBound);

            // k ≠ 0: the Java fitter (uncentred JTransforms) against the device on x − c.
            double worst = 0;
            for (int k = 1; k < size; k++) {
                double s = want.spectrum()[k], d = Math.abs(gotC.spectrum()[k] - s);
                double b = 4 * (deltaHost + deltaDev) * Math.sqrt(s) + (deltaHost + deltaDev) * (deltaHost + deltaDev)
                        + 2 * n * EPS * s;
                worst = Math.max(worst, d / b);
                assertTrue(d <= b, "mode " + k + ": |ΔS| " + d + " > " + b);
            }
            System.err.printf("CudaSpectrumFitterTest k != 0: max |ΔS(k)| / bound = %.3e%n", worst);
        }
    }

    @Test
    void centreAndStrideAreSetBeforeTheFirstSave() {
        CudaDevice dev = CudaTier.require().device();
        Grid grid = new Grid(4);
        try (CudaSpectrumFitter f = new CudaSpectrumFitter(dev, grid);
             DeviceBuffer states = DeviceBuffer.allocate(dev, Dtype.F64, 2L * grid.size())) {
            assertThrows(IllegalArgumentException.class, () -> f.centredOn(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> f.withRowStride(3));
            f.centredOn(1.5);
            states.copyFrom(new double[2 * grid.size()]);
            f.observeDevice(states, 2);
            assertThrows(IllegalStateException.class, () -> f.centredOn(1.0));
            assertThrows(IllegalStateException.class, () -> f.withRowStride(grid.size()));
        }
    }
}
