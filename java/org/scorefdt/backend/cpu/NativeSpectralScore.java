package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.LinearSpectralStep;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.score.SpectralScoreKernel;

/**
 * The spectral score on the native CPU library ({@code sfdt_spectral_score}): FFTW r2c/c2r on the half
 * spectrum, OpenMP over members, the per-mode gain g = −N²/S(k) computed here with the Java loops'
 * expression so that both multiply by the same double. F64 equals the Java reference to FFT rounding
 * (JTransforms against FFTW); F32 within the bound of NativeSpectralScoreTest. The batch's native copies
 * are made per call, so calls from several threads do not share memory. Thread-safe.
 */
final class NativeSpectralScore implements SpectralScoreKernel {
    private final int n, size, threads;
    private final double mean;
    private final Precision precision;
    private final double[] gain;  // half spectrum [ky][kx], kx = 0 … N/2

    /** @throws BackendUnavailableException if the native library cannot be loaded */
    NativeSpectralScore(Grid grid, double mean, double[] spectrum, Precision precision, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        if (spectrum.length != grid.size()) {
            throw new IllegalArgumentException("spectrum has " + spectrum.length + " values, grid needs " + grid.size());
        }
        this.n = grid.n();
        this.size = grid.size();
        this.mean = mean;
        this.precision = precision;
        this.threads = threads;
        double[] full = new double[size];
        for (int i = 0; i < size; i++) full[i] = -size / spectrum[i];  // the Java loops' factor, bit for bit
        this.gain = LinearSpectralStep.halfSpectrum(grid, full);
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        if (members == 0) return;
        long count = (long) members * size;
        if (count > x.length || count > out.length) {
            throw new IllegalArgumentException(members + " members of " + size + " need " + count + " values, have "
                    + x.length + " in and " + out.length + " out");
        }
        try (ScoreFdtCpu.SpectralScoreParams p = new ScoreFdtCpu.SpectralScoreParams();
             DoublePointer g = new DoublePointer(gain);
             DoublePointer in = new DoublePointer(count).put(x, 0, (int) count);
             DoublePointer res = new DoublePointer(count)) {
            p.n(n).precision(NativeCpuBackend.precisionCode(precision)).threads(threads).members(members).mean(mean)
                    .gain(g).x(in).out(res);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_spectral_score(p), "sfdt_spectral_score");
            res.get(out, 0, (int) count);
        }
    }

    @Override
    public String tier() {
        return "native";
    }

    @Override
    public String toString() {
        return "native spectral score (" + n + "×" + n + ", " + precision + ")";
    }
}
