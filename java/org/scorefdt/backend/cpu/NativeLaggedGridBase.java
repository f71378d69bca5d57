package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.backend.BackendUnavailableException;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.response.LaggedGridKernel;

/**
 * What the two native lagged grid kernels share ({@link NativeLaggedGrid}, direct; {@link NativeLaggedGridFft},
 * by FFT over time): the library, the sizes, the sums (B × L half spectra, double, real parts then
 * imaginary parts per row), the host staging of one save (fields, conjugates, block starts) sized by
 * the member count, and the read-out into the interleaved layout of {@link LaggedGridKernel#sumsInto}.
 * Subclasses own the buffers of their method and decide when products are added to the sums.
 */
abstract class NativeLaggedGridBase implements LaggedGridKernel {
    protected final int n, size, half, lags, blocks, threads;
    protected final Precision precision;
    protected final DoublePointer sums;
    protected DoublePointer states, conjugates;
    protected LongPointer blockStart;
    protected int members = -1;
    /** The sums plus a partial time block, for reads mid-block (the committed sums stay untouched). */
    private DoublePointer readCopy;
    private double[] chunk;

    /**
     * @param threads OpenMP threads, 0 = library default
     * @throws BackendUnavailableException if the native library cannot be loaded
     */
    NativeLaggedGridBase(Grid grid, int lags, int blocks, Precision precision, int threads) {
        loadLibrary();
        if (lags < 1 || blocks < 1) throw new IllegalArgumentException("lags = " + lags + ", blocks = " + blocks + ": must be >= 1");
        this.n = grid.n();
        this.size = grid.size();
        this.half = n * (n / 2 + 1);
        this.lags = lags;
        this.blocks = blocks;
        this.precision = precision;
        this.threads = threads;
        this.sums = new DoublePointer((long) blocks * lags * 2 * half).zero();
    }

    /** @throws BackendUnavailableException if the native library cannot be loaded */
    static void loadLibrary() {
        try {
            Loader.load(ScoreFdtCpu.class);
        } catch (Throwable t) {
            throw new BackendUnavailableException("native CPU library could not be loaded: " + NativeCpuBackend.causeChain(t), t);
        }
    }

    /** Adds whatever products are pending to the sums (before buffers change size). */
    protected abstract void flushPending();

    /** Allocates the method's own buffers for {@code members}. */
    protected abstract void allocateOwn(int members);

    /** Frees the method's own buffers. */
    protected abstract void freeOwn();

    /** Resizes for a new member count (after flushing) and checks the block starts. */
    protected final void prepare(int members, int[] blockStart) {
        if (members != this.members) {
            flushPending();
            freeBuffers();
            long count = (long) members * size;
            states = new DoublePointer(count);
            conjugates = new DoublePointer(count);
            this.blockStart = new LongPointer(blocks + 1);
            allocateOwn(members);
            this.members = members;
        }
        if (blockStart.length != blocks + 1 || blockStart[blocks] != members) {
            throw new IllegalArgumentException("block starts " + java.util.Arrays.toString(blockStart) + " for " + members
                    + " members in " + blocks + " blocks");
        }
    }

    /** Copies one save's fields, conjugates (none: null) and block starts to the native staging buffers. */
    protected final void stage(double[] states, double[] conjugates, int[] blockStart) {
        int count = members * size;
        this.states.put(states, 0, count);
        if (conjugates != null) this.conjugates.put(conjugates, 0, count);
        for (int b = 0; b <= blocks; b++) this.blockStart.put(b, blockStart[b]);
    }

    /**
     * The sums into {@code into}; with a partial time block pending ({@code partial}), a copy of the
     * sums receives it through {@code addPartial} first, so the committed blocks stay as they are.
     */
    protected final void sumsInto(double[] into, boolean partial, java.util.function.Consumer<DoublePointer> addPartial) {
        DoublePointer from = sums;
        if (partial) {
            long count = (long) blocks * lags * 2 * half;
            if (readCopy == null) readCopy = new DoublePointer(count);
            Pointer.memcpy(readCopy, sums, count * Double.BYTES);
            addPartial.accept(readCopy);
            from = readCopy;
        }
        copySums(from, into);
    }

    /** {@code from} (the sums' native layout) into {@code into}, interleaved (re, im) per mode. */
    protected final void copySums(DoublePointer from, double[] into) {
        int width = 2 * half, row = lags * width;
        if (chunk == null) chunk = new double[row];
        for (int b = 0; b < blocks; b++) {
            from.position((long) b * row).get(chunk, 0, row);
            for (int tau = 0; tau < lags; tau++) {
                int o = tau * width, to = b * row + o;
                for (int k = 0; k < half; k++) {
                    into[to + 2 * k] = chunk[o + k];
                    into[to + 2 * k + 1] = chunk[o + half + k];
                }
            }
        }
        from.position(0);
    }

    private void freeBuffers() {
        for (Pointer p : new Pointer[] {states, conjugates, blockStart}) {
            if (p != null) p.close();
        }
        states = conjugates = null;
        blockStart = null;
        freeOwn();
    }

    @Override
    public void close() {
        freeBuffers();
        sums.close();
        if (readCopy != null) readCopy.close();
        readCopy = null;
        members = -1;
    }

    /** Whether n = 2^a·3^b·5^c, a transform length FFTW handles at full speed. */
    static boolean fftwFast(int n) {
        for (int q : new int[] {2, 3, 5}) {
            while (n % q == 0) n /= q;
        }
        return n == 1;
    }
}
