package org.scorefdt.response;

import java.util.stream.IntStream;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.SpectralTransform;

/**
 * Streaming translation-invariant GFDT on an N×N periodic grid, averaged over positions, members and
 * saves, the covariance H(r, τ) = N⁻² Σ_x ⟨u(x+r, t+τ) B(x, t)⟩ − ū B̄ (spatial and ensemble means
 * over lag τ's pairs, docs/numerics.md §5), computed per Fourier mode and optionally normalised so
 * that R(0) = I; entry i of the result is H(i − p) for the impulse pixel p. Independent of the thread
 * count; not thread-safe. The per-save transforms and lagged products run on the tier that offers them
 * ({@link ResponseKernels#laggedGrid}), else here. A conjugate linear per Fourier mode ({@link #linear})
 * lets the tier sum the field's own autocorrelation, with no conjugate formed, its gain applied when the
 * sums are read. Design and memory: docs/systems.md §5.3 and §5.7.
 */
public final class LaggedGridAccumulator implements LaggedAccumulator {
    private final Grid grid;
    private final int size, pixel, lags, blocks;
    private final int halfWidth;  // 2·N·(N/2+1): the kx ≥ 0 half of a spectrum, interleaved (re, im)
    private final Conjugate conjugate;
    private final ThreadLocal<Work> work;
    private MemberBlocks split;
    private double[][] ring;  // [member][slot][2N²]: B̂ at save t in slot t mod L
    private double[] conj;    // [member][N²] scratch
    private final LaggedGridKernel kernel;  // null: the Java loop below
    private final double[] gainHalf;        // linear conjugate with a kernel (else null): g(k), half spectrum
    private final double dcOffset;          // … and its c: B̂ = g·û + c·δ_{k0}
    private boolean kernelSums;             // the kernel's sums are newer than `sums`
    private double[][] bSums; // kernel path: [member][slot] Σ_x B(x) at save t in slot t mod L
    private BlockSums sums;   // [block][lag][half spectrum]; A = û(0), B = B̂(0)
    private long saves;
    private long rangeOffset, rangeTotal = -1;  // global members (memberRange), or −1: a batch is the whole run
    private boolean observed;               // any save of any batch: beginMemberBatch clears the per-batch state only
    private long conjugateNanos, accumulateNanos;  // wall time in observe (System.nanoTime: ~25 ns a read, 3 a save)

    /**
     * @param grid      the N×N grid (state dimension N²)
     * @param conjugate B, e.g. {@link Conjugate#negativeScore}
     * @param pixel     impulse pixel p = y·N + x
     * @param lags      L ≥ 1
     * @param blocks    member blocks B ≥ 1 (≥ 2 for error bars)
     */
    public LaggedGridAccumulator(Grid grid, Conjugate conjugate, int pixel, int lags, int blocks) {
        this(grid, conjugate, pixel, lags, blocks, ResponseKernels.REFERENCE, Precision.F64, 0);
    }

    /**
     * As {@link #LaggedGridAccumulator(Grid, Conjugate, int, int, int)}, with the per-save work on the
     * kernel {@code kernels} offers (the job's tier chain), else on this class's own loop.
     *
     * @param precision of the kernel's transforms (the Java loop computes in double)
     * @param threads   the kernel's threads, 0 for all
     */
    public LaggedGridAccumulator(Grid grid, Conjugate conjugate, int pixel, int lags, int blocks, ResponseKernels kernels,
                                 Precision precision, int threads) {
        this(grid, conjugate, null, 0, pixel, lags, blocks, kernels, precision, threads);
    }

    /**
     * As {@link #LaggedGridAccumulator(Grid, Conjugate, int, int, int, ResponseKernels, Precision, int)} for a
     * conjugate linear per Fourier mode, B̂(k) = g(k)·û(k) + c·δ_{k0} (unnormalised DFT), e.g. −s of a
     * {@link org.scorefdt.score.CirculantGaussianScore}. With a tier's kernel the per-save work is the
     * field's lagged autocorrelation ({@link LaggedGridKernel#observeField}): û(t)·conj B̂(t − τ) =
     * g·û(t)·conj û(t − τ) + c·û(0)δ_{k0} (g real), so g and c are applied when the sums are read and
     * {@code conjugate} is never formed; the result equals the general path's to rounding. Without a
     * kernel, the Java loop forms {@code conjugate}, which must be the same B.
     *
     * @param gain     g(k), N² real finite values [ky][kx] in FFT order (a real B sees (g(k) + g(−k))/2)
     * @param dcOffset c, added to mode 0 only
     */
    public static LaggedGridAccumulator linear(Grid grid, Conjugate conjugate, double[] gain, double dcOffset, int pixel, int lags,
                                               int blocks, ResponseKernels kernels, Precision precision, int threads) {
        if (gain.length != grid.size()) {
            throw new IllegalArgumentException("gain has " + gain.length + " values, grid needs " + grid.size());
        }
        for (int i = 0; i < gain.length; i++) {
            if (!Double.isFinite(gain[i])) throw new IllegalArgumentException("gain[" + i + "] = " + gain[i] + ": must be finite");
        }
        if (!Double.isFinite(dcOffset)) throw new IllegalArgumentException("dcOffset = " + dcOffset + ": must be finite");
        return new LaggedGridAccumulator(grid, conjugate, gain, dcOffset, pixel, lags, blocks, kernels, precision, threads);
    }

    private LaggedGridAccumulator(Grid grid, Conjugate conjugate, double[] gain, double dcOffset, int pixel, int lags, int blocks,
                                  ResponseKernels kernels, Precision precision, int threads) {
        if (pixel < 0 || pixel >= grid.size()) {
            throw new IllegalArgumentException("pixel = " + pixel + ": must be in 0 … " + (grid.size() - 1));
        }
        if (lags < 1) throw new IllegalArgumentException("lags = " + lags + ": must be >= 1");
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        this.grid = grid;
        this.size = grid.size();
        this.halfWidth = 2 * grid.n() * (grid.n() / 2 + 1);
        this.conjugate = conjugate;
        this.pixel = pixel;
        this.lags = lags;
        this.blocks = blocks;
        this.work = ThreadLocal.withInitial(() -> new Work(grid));
        this.kernel = kernels.laggedGrid(grid, lags, blocks, precision, threads).value();
        this.gainHalf = gain != null && kernel != null ? evenHalf(grid, gain) : null;
        this.dcOffset = dcOffset;
    }

    /**
     * (g(k) + g(−k))/2 on the kx = 0 … N/2 modes the sums hold: a real B keeps only the even part of a
     * real gain (B̂(k) = conj B̂(−k)), as the real part the general path's conjugate takes.
     */
    private static double[] evenHalf(Grid grid, double[] full) {
        int n = grid.n(), h = n / 2 + 1;
        double[] half = new double[n * h];
        for (int ky = 0; ky < n; ky++) {
            for (int kx = 0; kx < h; kx++) {
                double g = full[ky * n + kx], mirror = full[((n - ky) % n) * n + (n - kx) % n];
                half[ky * h + kx] = g == mirror ? g : 0.5 * (g + mirror);
            }
        }
        return half;
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (split == null) {
            split = rangeTotal < 0 ? new MemberBlocks(members, blocks) : new MemberBlocks(members, blocks, rangeOffset, rangeTotal);
            observed = true;
            if (kernel == null) ring = new double[members][lags * halfWidth];
            else bSums = new double[members][lags];
            conj = gainHalf == null ? new double[members * size] : null;  // a linear conjugate is never formed
            if (sums == null) sums = new BlockSums(blocks, lags, halfWidth, 1);
        } else if (members != split.members()) {
            throw new IllegalStateException("saw " + members + " members, earlier saves had " + split.members());
        }
        if ((long) members * size > states.length) {
            throw new IllegalArgumentException("states hold " + states.length + " values, need " + members + " × " + size);
        }
        long t0 = System.nanoTime();
        if (gainHalf == null) conjugate.apply(states, conj, members);
        long t1 = System.nanoTime();
        conjugateNanos += t1 - t0;
        int slot = (int) (saves % lags);
        int maxLag = (int) Math.min(lags - 1, saves);
        long t = saves;
        if (kernel != null) {
            int[] start = new int[blocks + 1];
            for (int b = 0; b <= blocks; b++) start[b] = split.start(b);
            if (gainHalf == null) kernel.observe(t, states, conj, members, start);
            else kernel.observeField(t, states, members, start);
            kernelSums = true;
            for (int b = 0; b < blocks; b++) kernelMarginals(b, states, slot, maxLag, t);
        } else {
            IntStream.range(0, blocks).parallel().forEach(b -> accumulateBlock(b, states, slot, maxLag, t));
        }
        saves++;
        accumulateNanos += System.nanoTime() - t1;
    }

    @Override
    public long[] nanosSpent() {
        return new long[] {conjugateNanos, accumulateNanos};
    }

    /**
     * The next saves come from a new batch of members: the lag ring is dropped, the block sums and
     * pair counts kept. Under {@link #memberRange} the batch's members are the global members after
     * the last batch's, so each falls in the block the whole run puts it in (a block that spans two
     * batches adds their pieces batch after batch); without it the batch (≥ blocks members) is split
     * over all B blocks alone, so each block pools members of every batch. Members are independent,
     * so blocks stay independent either way.
     */
    @Override
    public void beginMemberBatch() {
        if (kernel != null) kernel.beginMemberBatch();
        if (split != null && rangeTotal >= 0) rangeOffset += split.members();
        split = null;
        ring = null;
        bSums = null;
        conj = null;
        saves = 0;
    }

    @Override
    public void memberRange(long offset, long total) {
        if (observed) throw new IllegalStateException("memberRange after the first save");
        new MemberBlocks(0, blocks, offset, total);  // checks the range
        rangeOffset = offset;
        rangeTotal = total;
    }

    @Override
    public LaggedSums exportSums() {
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        flushKernel();
        return LaggedSums.of(sums, saves);
    }

    @Override
    public void importSums(LaggedSums s) {
        if (s.lags() != lags || s.width() != halfWidth || s.marginalWidth() != 2 || s.totalBlocks() != blocks) {
            throw new IllegalArgumentException("sums of " + s.shape() + " for a grid accumulator of " + blocks + " blocks × " + lags
                    + " lags × " + halfWidth);
        }
        sums = s.toBlockSums(1);
        saves = s.saves();
        kernelSums = false;
    }

    /** The kernel's sums into {@code sums} (with the linear conjugate's gain), once after observing. */
    private void flushKernel() {
        if (kernelSums) {
            kernel.sumsInto(sums.sums);
            if (gainHalf != null) applyGain();
            kernelSums = false;
        }
    }

    private void accumulateBlock(int b, double[] states, int slot, int maxLag, long t) {
        Work w = work.get();
        int n2 = halfWidth;
        double[] acc = sums.sums, mg = sums.marginals;
        int from = split.start(b), to = split.end(b);
        for (int m = from; m < to; m++) {
            w.fft.forward(conj, m * size, w.spec);
            packHalf(w.spec, ring[m], slot * n2);
            w.fft.forward(states, m * size, w.spec);
            packHalf(w.spec, w.uhat, 0);
            double[] u = w.uhat, r = ring[m];
            for (int tau = 0; tau <= maxLag; tau++) {
                int bo = (int) ((t - tau) % lags) * n2, ao = (b * lags + tau) * n2, mo = 2 * (b * lags + tau);
                for (int k = 0; k < n2; k += 2) { // û(t)·conj B̂(t−τ), kx ≥ 0 modes only (the rest by symmetry)
                    double ur = u[k], ui = u[k + 1], br = r[bo + k], bi = r[bo + k + 1];
                    acc[ao + k] += ur * br + ui * bi;
                    acc[ao + k + 1] += ui * br - ur * bi;
                }
                mg[mo] += u[0];  // mode 0 (real): the field's sum
                mg[mo + 1] += r[bo];
            }
        }
        sums.count(b, maxLag, to - from);
    }

    /**
     * The kernel's autocorrelation sums into the linear conjugate's: each mode times g(k), and c times
     * the pairs' Σ û(0) = Σ_x u(t) (the A marginal) added to mode 0.
     */
    private void applyGain() {
        double[] acc = sums.sums, mg = sums.marginals;
        for (int row = 0; row < blocks * lags; row++) {
            int o = row * halfWidth;
            for (int k = 0; k < halfWidth / 2; k++) {
                acc[o + 2 * k] *= gainHalf[k];
                acc[o + 2 * k + 1] *= gainHalf[k];
            }
            acc[o] += dcOffset * mg[2 * row];
        }
    }

    /**
     * The marginal sums of block b beside the kernel's products: mode 0 of a half spectrum is the
     * field's plain sum, so Σ_x u(t) and Σ_x B(t − τ) (kept per member) stand in for û(0) and B̂(0).
     */
    private void kernelMarginals(int b, double[] states, int slot, int maxLag, long t) {
        double[] mg = sums.marginals;
        int from = split.start(b), to = split.end(b);
        for (int m = from; m < to; m++) {
            double us = 0, bs = 0;
            if (gainHalf == null) {
                for (int i = m * size; i < (m + 1) * size; i++) {
                    us += states[i];
                    bs += conj[i];
                }
            } else {  // B̂(0) = g(0)·û(0) + c
                for (int i = m * size; i < (m + 1) * size; i++) us += states[i];
                bs = gainHalf[0] * us + dcOffset;
            }
            bSums[m][slot] = bs;
            for (int tau = 0; tau <= maxLag; tau++) {
                int mo = 2 * (b * lags + tau);
                mg[mo] += us;
                mg[mo + 1] += bSums[m][(int) ((t - tau) % lags)];
            }
        }
        sums.count(b, maxLag, to - from);
    }

    @Override
    public int lags() {
        return lags;
    }

    @Override
    public int dimension() {
        return size;
    }

    @Override
    public int impulseComponent() {
        return pixel;
    }

    @Override
    public int blocks() {
        return blocks;
    }

    public Grid grid() {
        return grid;
    }

    @Override
    public long pairs(int lag) {
        return sums == null ? 0 : sums.pairs(lag);
    }

    @Override
    public boolean canNormalize() {
        return true;
    }

    /** After the first combine has flushed any tier-held sums, combines only read (the workspace is per thread). */
    @Override
    public boolean concurrentCombine() {
        return true;
    }

    @Override
    public double[] combine(double[] weights, boolean normalize, boolean centred) {
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        flushKernel();
        Work w = work.get();
        // Centring mode 0 alone subtracts the product of the spatial means at every separation.
        return columnFromHalfSpectra(grid, pixel, lags, sums.combine(weights, saves, centred, 1), normalize, w.fft, w.spec);
    }

    /** Frees the tier's kernel (its native ring and sums), if one was offered. */
    @Override
    public void close() {
        if (kernel != null) kernel.close();
    }

    /** B̄ per pixel: the mean of B̂(0) = Σ_x B(x) over lag 0's pairs, divided by N². */
    @Override
    public double conjugateMean(double[] weights) {
        if (sums == null) throw new IllegalStateException("nothing observed yet");
        return sums.conjugateMean(weights, saves) / size;
    }

    /**
     * The response column from mean lagged half spectra: expands Ĝ(k, τ) to full spectra by
     * Hermitian symmetry, divides by N² (or by Ĝ(k, 0) when normalising), inverse-transforms each lag
     * and shifts it to the impulse pixel. Shared with accumulators that form Ĝ elsewhere (the CUDA
     * tier's device sums).
     *
     * @param halves    Ĝ per lag on the kx = 0 … N/2 half spectrum, [lag][ky][kx][re, im]
     * @param fft       a transform of this grid (not shared between threads)
     * @param spec      scratch of 2·N² values
     * @return {@code [lags][N²]}
     */
    public static double[] columnFromHalfSpectra(Grid grid, int pixel, int lags, double[] halves, boolean normalize,
                                                 SpectralTransform fft, double[] spec) {
        int size = grid.size(), n2 = 2 * size;
        if (halves.length != lags * 2 * grid.n() * (grid.n() / 2 + 1)) {
            throw new IllegalArgumentException(halves.length + " values for " + lags + " half spectra of " + grid.n() + "×" + grid.n());
        }
        double[] g = expandHalves(grid, lags, halves); // Ĝ(k, τ), full spectra
        double[] out = new double[lags * size];
        double[] field = new double[size];
        for (int tau = 0; tau < lags; tau++) {
            for (int k = 0; k < size; k++) {
                double gr = g[tau * n2 + 2 * k], gi = g[tau * n2 + 2 * k + 1];
                if (normalize) {
                    double zr = g[2 * k], zi = g[2 * k + 1], den = zr * zr + zi * zi;
                    spec[2 * k] = den == 0 ? 0 : (gr * zr + gi * zi) / den;
                    spec[2 * k + 1] = den == 0 ? 0 : (gi * zr - gr * zi) / den;
                } else {
                    spec[2 * k] = gr / size; // Ĥ = Ĝ/N²
                    spec[2 * k + 1] = gi / size;
                }
            }
            fft.inverseReal(spec, field, 0);
            shiftTo(grid, pixel, field, out, tau * size);
        }
        return out;
    }

    /** Copies the kx = 0 … N/2 columns of a full spectrum into {@code half} at {@code off}. */
    private void packHalf(double[] full, double[] half, int off) {
        int n = grid.n(), row = 2 * (n / 2 + 1);
        for (int ky = 0; ky < n; ky++) System.arraycopy(full, 2 * ky * n, half, off + ky * row, row);
    }

    /**
     * Full spectra from kx ≥ 0 halves, lag by lag: Ĝ is the transform of a real correlation, so
     * Ĝ(ky, kx) = conj Ĝ(−ky, −kx) fills the kx > N/2 columns (halving the accumulation work).
     */
    private static double[] expandHalves(Grid grid, int lags, double[] halves) {
        int n = grid.n(), h = n / 2 + 1, size = grid.size(), n2 = 2 * size, halfWidth = 2 * n * h;
        double[] full = new double[lags * n2];
        for (int tau = 0; tau < lags; tau++) {
            int ho = tau * halfWidth, fo = tau * n2;
            for (int ky = 0; ky < n; ky++) {
                for (int kx = 0; kx < n; kx++) {
                    int src, sign;
                    if (kx < h) {
                        src = ho + 2 * (ky * h + kx);
                        sign = 1;
                    } else {
                        src = ho + 2 * (((n - ky) % n) * h + (n - kx));
                        sign = -1;
                    }
                    full[fo + 2 * (ky * n + kx)] = halves[src];
                    full[fo + 2 * (ky * n + kx) + 1] = sign * halves[src + 1];
                }
            }
        }
        return full;
    }

    /** out[i] = field[i − p] (periodic in both axes). */
    private static void shiftTo(Grid grid, int pixel, double[] field, double[] out, int off) {
        int n = grid.n(), py = pixel / n, px = pixel % n;
        for (int y = 0; y < n; y++) {
            int sy = Math.floorMod(y - py, n);
            for (int x = 0; x < n; x++) out[off + y * n + x] = field[sy * n + Math.floorMod(x - px, n)];
        }
    }

    private static final class Work {
        final SpectralTransform fft;
        final double[] spec, uhat;

        Work(Grid g) {
            fft = new SpectralTransform(g);
            spec = new double[2 * g.size()];
            uhat = new double[2 * g.size()];
        }
    }
}
