package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.model.Grid;
import org.scorefdt.score.HalfSpectra;

/**
 * Half spectra of a batch of fields on the native CPU library ({@code sfdt_half_spectra}: FFTW r2c in
 * double, OpenMP over rows); equal to the Java transforms to FFT rounding. The native copies are kept
 * for the next call (grown when a batch is larger). Thread-safe (calls take turns).
 */
final class NativeHalfSpectra implements HalfSpectra {
    private final int n, size, half, threads;
    // Kept between calls: a fresh native block per call (≈ 1 MB at 128 members of 32×32) is a fresh
    // mapping whose pages fault in on every save. Freed with the JavaCPP deallocator when unreachable.
    private DoublePointer fieldsIn, spectraOut;
    private long capacityIn;

    /** @throws BackendUnavailableException if the native library cannot be loaded */
    NativeHalfSpectra(Grid grid, int threads) {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
        this.n = grid.n();
        this.size = grid.size();
        this.half = 2 * n * (n / 2 + 1);
        this.threads = threads;
    }

    @Override
    public void transform(double[] fields, int rows, double[] out) {
        if (rows == 0) return;
        long in = (long) rows * size, got = (long) rows * half;
        if (in > fields.length || got > out.length) {
            throw new IllegalArgumentException(rows + " rows need " + in + " field and " + got + " spectrum values, have "
                    + fields.length + " and " + out.length);
        }
        synchronized (this) {  // one caller at a time on the kept buffers
            if (in > capacityIn) {
                if (fieldsIn != null) fieldsIn.close();
                if (spectraOut != null) spectraOut.close();
                fieldsIn = new DoublePointer(in);
                spectraOut = new DoublePointer(got);
                capacityIn = in;
            }
            fieldsIn.put(fields, 0, (int) in);
            NativeCpuBackend.check(ScoreFdtCpu.sfdt_half_spectra(n, threads, rows, fieldsIn, spectraOut), "sfdt_half_spectra");
            spectraOut.get(out, 0, (int) got);
        }
    }

    @Override
    public String toString() {
        return "native half spectra (" + n + "×" + n + ")";
    }
}
