package org.scorefdt.score;

import org.scorefdt.ensemble.Observer;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Grid;
import org.scorefdt.model.SpectralTransform;

/**
 * Quasi-Gaussian score of a translation-invariant field on a periodic N×N grid: the mean is one
 * constant μ and the covariance is circulant, C(r) = N⁻⁴ Σ_k S(k) e^{ik·r}, fixed by its spectrum
 * S(k) = E|v̂(k)|² of the centred field v = u − μ (unnormalised DFT, as {@link
 * org.scorefdt.integrate.OuExact}). The score is diagonal in Fourier space:
 * <pre>  ŝ(k) = −N² v̂(k) / S_ρ(k),   S_ρ(k) = S(k) + ρ·mean_k S(k) </pre>
 * The ridge is the spectral form of C + ρ·(tr C/d)·I (the identity has spectrum N² and
 * tr C/d = C(0) = mean_k S(k)/N²), so ρ means the same as in {@link QuasiGaussianScore}.
 * Costs two FFTs per member, in the loop below (the reference) or on the tier {@link #on} found.
 * Thread-safe (transforms are per thread).
 */
public final class SpectralQuasiGaussianScore implements CirculantGaussianScore {
    private final Grid grid;
    private final double mean;
    private final double[] spectrum; // S_ρ(k), full [ky][kx] layout
    private final double ridge;
    private final ThreadLocal<Work> work;
    private final SpectralScoreKernel kernel;  // null: the Java loop

    private SpectralQuasiGaussianScore(Grid grid, double mean, double[] spectrum, double ridge, SpectralScoreKernel kernel) {
        this.grid = grid;
        this.mean = mean;
        this.spectrum = spectrum;
        this.ridge = ridge;
        this.kernel = kernel;
        this.work = ThreadLocal.withInitial(() -> new Work(grid));
    }

    /**
     * This score with its batches on the best tier of {@code kernels} that offers the spectral score
     * (the job's tiers), else in the Java loop; the same μ and S_ρ.
     *
     * @param precision of the tier's transforms
     */
    public SpectralQuasiGaussianScore on(ScoreKernels kernels, Precision precision, int threads) {
        var offer = kernels.spectralScore(grid, mean, spectrum, precision, threads);
        return new SpectralQuasiGaussianScore(grid, mean, spectrum, ridge, offer.offered() ? offer.value() : null);
    }

    /** Where the batches run: {@code java} or the kernel's tier. */
    public String tier() {
        return kernel == null ? "java" : kernel.tier();
    }

    /**
     * From a given mean and spectrum.
     *
     * @param mean     μ, the same at every cell
     * @param spectrum S(k) = E|v̂(k)|², N² values [ky][kx] in FFT order, ≥ 0
     * @param ridge    ρ ≥ 0
     * @throws IllegalArgumentException when a regularised mode is not &gt; 0 (names the mode; use a larger ridge)
     */
    public static SpectralQuasiGaussianScore of(Grid grid, double mean, double[] spectrum, double ridge) {
        int size = grid.size();
        if (spectrum.length != size) {
            throw new IllegalArgumentException("spectrum has " + spectrum.length + " values, grid needs " + size);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge = " + ridge + ": must be finite and >= 0");
        }
        double avg = 0;
        for (double v : spectrum) avg += v;
        avg /= size;
        double[] reg = new double[size];
        for (int i = 0; i < size; i++) {
            reg[i] = spectrum[i] + ridge * avg;
            if (!(reg[i] > 0) || Double.isInfinite(reg[i])) {
                throw new IllegalArgumentException("quasi-Gaussian spectrum is not positive: mode (ky, kx) = ("
                        + grid.wavenumber(i / grid.n()) + ", " + grid.wavenumber(i % grid.n()) + ") has S = " + reg[i]
                        + " with ridge " + ridge + "; use more samples or a larger ridge (e.g. "
                        + (ridge > 0 ? 10 * ridge : 1e-8) + ")");
            }
        }
        return new SpectralQuasiGaussianScore(grid, mean, reg, ridge, null);
    }

    /**
     * The score {@link #of} built, again: from its regularised spectrum ({@link #spectrum()}) and its
     * ridge, so a score read back from a file has the same bits.
     *
     * @throws IllegalArgumentException when the spectrum has another size or a mode is not &gt; 0
     */
    public static SpectralQuasiGaussianScore restore(Grid grid, double mean, double[] regularised, double ridge) {
        if (regularised.length != grid.size()) {
            throw new IllegalArgumentException("spectrum has " + regularised.length + " values, grid needs " + grid.size());
        }
        for (double v : regularised) {
            if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("regularised spectrum has a mode " + v);
        }
        return new SpectralQuasiGaussianScore(grid, mean, regularised.clone(), ridge, null);
    }

    @Override
    public int dimension() {
        return grid.size();
    }

    @Override
    public Grid grid() {
        return grid;
    }

    /** μ. */
    @Override
    public double mean() {
        return mean;
    }

    /** The regularised spectrum S_ρ(k). */
    @Override
    public double[] spectrum() {
        return spectrum.clone();
    }

    public double ridge() {
        return ridge;
    }

    @Override
    public void score(double[] x, double[] out, int members) {
        if (kernel != null) {
            kernel.score(x, out, members);
            return;
        }
        int size = grid.size();
        Work w = work.get();
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < size; i++) w.field[i] = x[m * size + i] - mean;
            w.fft.forward(w.field, 0, w.spec);
            for (int i = 0; i < size; i++) {
                double f = -size / spectrum[i];
                w.spec[2 * i] *= f;
                w.spec[2 * i + 1] *= f;
            }
            w.fft.inverseReal(w.spec, out, m * size);
        }
    }

    @Override
    public String name() {
        return "quasi-gaussian-spectral";
    }

    private static final class Work {
        final SpectralTransform fft;
        final double[] field, spec;

        Work(Grid g) {
            fft = new SpectralTransform(g);
            field = new double[g.size()];
            spec = new double[2 * g.size()];
        }
    }

    /**
     * Streams fields into the spectrum estimate. Translation invariance makes E û(k) = 0 for k ≠ 0,
     * so those modes need only Σ|û(k)|²/n (a sum of positive terms: no cancellation); the k = 0
     * mode carries the mean, û(0) = Σ_x u = N²μ + v̂(0), and is tracked by Welford's update so that
     * S(0) = Var û(0) (1/(n−1)) is stable for |μ| ≫ σ. As an {@link Observer} every save of every
     * member is one sample. The transforms run on the tier that offers them ({@link ScoreKernels#halfSpectra},
     * a batch at a time), else here; the sums are taken here either way, in the same order. Not thread-safe.
     */
    public static final class Fitter implements Observer {
        private final Grid grid;
        private final SpectralTransform fft;
        private final double[] spec;
        private final double[] power; // Σ|û(k)|², k ≠ 0
        private final HalfSpectra tier; // null: the Java transform
        private double[] halves;        // the tier's batch of half spectra
        private long n;
        private double mean0, m2Zero; // Welford on û(0)

        /** With the Java transforms (the reference). */
        public Fitter(Grid grid) {
            this(grid, ScoreKernels.REFERENCE, 0);
        }

        /** With the transforms on the best tier of {@code kernels} that offers them (the job's tiers). */
        public Fitter(Grid grid, ScoreKernels kernels, int threads) {
            this.grid = grid;
            this.fft = new SpectralTransform(grid);
            this.spec = new double[2 * grid.size()];
            this.power = new double[grid.size()];
            var offer = kernels.halfSpectra(grid, threads);
            this.tier = offer.offered() ? offer.value() : null;
        }

        /** Adds {@code rows} fields, {@code fields} = {@code [rows][N²]}. */
        public void add(double[] fields, int rows) {
            int size = grid.size();
            if ((long) rows * size > fields.length) {
                throw new IllegalArgumentException("fields hold " + fields.length + " values, need " + rows + " × " + size);
            }
            int n2 = grid.n(), h = n2 / 2 + 1, halfWidth = 2 * n2 * h;
            if (tier != null) {
                if (halves == null || halves.length < rows * halfWidth) halves = new double[rows * halfWidth];
                tier.transform(fields, rows, halves);
            }
            for (int r = 0; r < rows; r++) {
                double zero;
                if (tier != null) {
                    zero = halves[r * halfWidth];
                    addHalfPower(halves, r * halfWidth, n2, h);
                } else {
                    fft.forward(fields, r * size, spec);
                    zero = spec[0];
                    for (int i = 1; i < size; i++) power[i] += spec[2 * i] * spec[2 * i] + spec[2 * i + 1] * spec[2 * i + 1];
                }
                n++;
                double d0 = zero - mean0;
                mean0 += d0 / n;
                m2Zero += d0 * (zero - mean0);
            }
        }

        /**
         * |û(k)|² of every k ≠ 0 added to {@link #power} straight from the kx ≥ 0 half of a real field's
         * spectrum: for kx &gt; N/2, û(ky, kx) = conj û(−ky, −kx) has the same modulus, so the half's
         * value is read at the mirrored index (the same bits as expanding the full spectrum first, at
         * half the memory traffic).
         */
        private void addHalfPower(double[] half, int off, int gridN, int h) {
            for (int ky = 0; ky < gridN; ky++) {
                int mirror = off + 2 * ((gridN - ky) % gridN) * h;
                for (int kx = ky == 0 ? 1 : 0; kx < gridN; kx++) {
                    int s = kx < h ? off + 2 * (ky * h + kx) : mirror + 2 * (gridN - kx);
                    power[ky * gridN + kx] += half[s] * half[s] + half[s + 1] * half[s + 1];
                }
            }
        }

        @Override
        public void observe(long saveIndex, double time, double[] states, int members) {
            add(states, members);
        }

        public long count() {
            return n;
        }

        /** μ = mean û(0) / N². */
        public double mean() {
            return mean0 / grid.size();
        }

        /** Estimated S(k), N² values. */
        public double[] spectrum() {
            if (n < 2) throw new IllegalStateException("spectrum needs at least 2 samples, have " + n);
            double[] s = new double[grid.size()];
            s[0] = m2Zero / (n - 1);
            for (int i = 1; i < s.length; i++) s[i] = power[i] / n;
            return s;
        }

        /** See {@link SpectralQuasiGaussianScore#of}. */
        public SpectralQuasiGaussianScore build(double ridge) {
            return SpectralQuasiGaussianScore.of(grid, mean(), spectrum(), ridge);
        }
    }
}
