package org.scorefdt.score.nn;

import java.util.Optional;
import org.scorefdt.score.NoiseConditionalScore;
import org.scorefdt.score.ScoreModel;
import org.scorefdt.util.Offer;

/**
 * A noise-conditional score network trained by denoising score matching ({@link DsmTrainer}):
 * s_θ(y, σ) = g(y, σ) + net(in)/σ ≈ ∇_y log p_σ(y), the inputs normalised by √(s² + σ²) and the noise
 * feature {@link NoiseSchedule#feature}, g the {@link GaussianBase} (zero without one, docs/score-models.md §4.2).
 * As a {@link ScoreModel} the network's part is read off as its {@link ReadOff} says (σ_min unless
 * {@link #withReadOff} chose otherwise, as {@link DsmTrainer} does on held-out data), corrected by its
 * {@link LinearCorrection} if any, and g added at σ = 0. Evaluates
 * on the {@link NetworkKernels} given by {@link #withKernels}. Immutable and thread-safe. Design:
 * docs/score-models.md §4.
 */
public final class DsmScore implements ScoreModel, NoiseConditionalScore {
    /** Rows per forward pass, bounding the workspace. */
    private static final int CHUNK = 256;

    private final Network net;
    private final double[] mean, std;
    private final NoiseSchedule schedule;
    private final DsmConfig config;
    private final NetworkKernels kernels;
    private final ReadOff readOff;
    private final GaussianBase base; // null: none
    private final LinearCorrection correction; // null: none; belongs to the read-off
    private final ThreadLocal<Work> work;

    /**
     * @param net      d + 1 inputs → d outputs per row; copied
     * @param mean     μ, d values
     * @param std      s, d values, each &gt; 0
     * @param config   the training configuration, kept for the model file (may differ in σ_max
     *                 from the schedule when that was estimated from the data)
     */
    public DsmScore(Network net, double[] mean, double[] std, NoiseSchedule schedule, DsmConfig config) {
        this(net, mean, std, schedule, config, null);
    }

    /**
     * As {@link #DsmScore(Network, double[], double[], NoiseSchedule, DsmConfig)}, the network correcting
     * {@code base} (null: none; else of dimension d), as {@code config.base()} says.
     */
    public DsmScore(Network net, double[] mean, double[] std, NoiseSchedule schedule, DsmConfig config, GaussianBase base) {
        this(net, mean, std, schedule, config, NetworkKernels.REFERENCE, ReadOff.at(schedule.sigmaMin()), base, null);
    }

    private DsmScore(Network net, double[] mean, double[] std, NoiseSchedule schedule, DsmConfig config, NetworkKernels kernels,
                     ReadOff readOff, GaussianBase base, LinearCorrection correction) {
        int d = mean.length;
        if (base != null && base.dimension() != d) {
            throw new IllegalArgumentException("Gaussian base of dimension " + base.dimension() + " for a score of dimension " + d);
        }
        if ((base != null) != (config.base() == DsmConfig.Base.GAUSSIAN)) {
            throw new IllegalArgumentException("configuration base " + config.base() + " but " + (base != null ? "a" : "no")
                    + " Gaussian base given: they must agree (DsmConfig.Builder.base(NONE) for a network without one)");
        }
        if (correction != null && (base == null || correction.dimension() != d)) {
            throw new IllegalArgumentException("a linear correction needs a Gaussian base of the score's dimension " + d);
        }
        if (std.length != d) throw new IllegalArgumentException("std has " + std.length + " values, mean has " + d);
        if (net.inputWidth() != d + 1 || net.outputWidth() != d) {
            throw new IllegalArgumentException("network maps " + net.inputWidth() + " → " + net.outputWidth()
                    + " values; a score of dimension " + d + " needs " + (d + 1) + " → " + d);
        }
        for (int i = 0; i < d; i++) {
            if (!(std[i] > 0) || Double.isInfinite(std[i]) || !Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("normalisation of component " + i + ": mean " + mean[i] + ", std "
                        + std[i] + " (need finite mean and finite std > 0)");
            }
        }
        this.net = net.copy();
        this.mean = mean.clone();
        this.std = std.clone();
        this.schedule = schedule;
        this.config = config;
        this.kernels = kernels;
        this.readOff = readOff;
        this.base = base;
        this.correction = correction;
        this.work = ThreadLocal.withInitial(() -> new Work(this.net, d, kernels));
    }

    /**
     * The same model evaluated with what {@code kernels} offer (an MLP's or a periodic CNN's passes). An accelerated tier's scores agree with Java's to rounding.
     */
    public DsmScore withKernels(NetworkKernels kernels) {
        if (kernels == null) throw new IllegalArgumentException("kernels must be given");
        return new DsmScore(net, mean, std, schedule, config, kernels, readOff, base, correction);
    }

    /**
     * The same network read off as {@code readOff} says, without a {@link #correction()} (fitted for another read-off).
     *
     * @throws IllegalArgumentException when a level it evaluates lies outside the trained [σ_min, σ_max]
     */
    public DsmScore withReadOff(ReadOff readOff) {
        if (readOff == null) throw new IllegalArgumentException("readOff must be given");
        double lo = schedule.sigmaMin() * (1 - 1e-12), hi = schedule.sigmaMax() * (1 + 1e-12);
        if (readOff.sigma() < lo || readOff.largestSigma() > hi) {
            throw new IllegalArgumentException("read-off " + readOff.describe() + " leaves the trained range [" + schedule.sigmaMin()
                    + ", " + schedule.sigmaMax() + "]");
        }
        return new DsmScore(net, mean, std, schedule, config, kernels, readOff, base, null);
    }

    /**
     * The same model with its stationary score's remainder corrected by {@code correction} (fitted for
     * this read-off: {@link #withReadOff} drops it).
     *
     * @throws IllegalArgumentException without a Gaussian base or for another dimension
     */
    public DsmScore withCorrection(LinearCorrection correction) {
        if (correction == null) throw new IllegalArgumentException("correction must be given");
        return new DsmScore(net, mean, std, schedule, config, kernels, readOff, base, correction);
    }

    /** The correction of the stationary score's remainder, if it has one (docs/score-models.md §4.2). */
    public Optional<LinearCorrection> correction() {
        return Optional.ofNullable(correction);
    }

    /** How the stationary score is read off the network (σ_min by default). */
    public ReadOff readOff() {
        return readOff;
    }

    /** The Gaussian part the network corrects, if it has one. */
    public Optional<GaussianBase> base() {
        return Optional.ofNullable(base);
    }

    /** Where the passes are obtained (see {@link #withKernels}). */
    public NetworkKernels kernels() {
        return kernels;
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    /** A copy of the network. */
    public Network network() {
        return net.copy();
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public DsmConfig config() {
        return config;
    }

    /**
     * The stationary score: n(x, σ_r) = net/σ_r, or (4 n(x, σ_r) − n(x, 2σ_r))/3 when extrapolated, plus
     * the {@link #correction()}'s a + B(x − μ) and the base at σ = 0 (known in closed form there, so only the
     * network's remainder is read off at σ_r).
     */
    @Override
    public void score(double[] x, double[] out, int members) {
        remainder(x, out, members);
        if (correction != null) correction.add(x, out, members);
        if (base != null) base.add(x, 0, 0, out, 0, members, work.get().baseWork);
    }

    /** The network's part of the stationary score, read off as {@link #readOff()} says (the remainder a correction is fitted to). */
    void remainder(double[] x, double[] out, int members) {
        network(x, readOff.sigma(), out, members);
        if (!readOff.extrapolated()) return;
        int len = members * mean.length;
        double[] far = new double[len];
        network(x, ReadOff.RATIO * readOff.sigma(), far, members);
        double r2 = ReadOff.RATIO * ReadOff.RATIO;
        for (int k = 0; k < len; k++) out[k] = (r2 * out[k] - far[k]) / (r2 - 1);
    }

    @Override
    public void score(double[] y, double sigma, double[] out, int members) {
        network(y, sigma, out, members);
        if (base != null) base.add(y, 0, sigma, out, 0, members, work.get().baseWork);
    }

    /** The network's part net/σ of s(y, σ). */
    private void network(double[] y, double sigma, double[] out, int members) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) throw new IllegalArgumentException("sigma = " + sigma + ": must be finite and > 0");
        int d = mean.length;
        Work w = work.get();
        for (int r0 = 0; r0 < members; r0 += CHUNK) {
            int rows = Math.min(CHUNK, members - r0);
            for (int r = 0; r < rows; r++) input(y, (r0 + r) * d, sigma, mean, std, schedule, w.in, r * (d + 1));
            if (w.ev != null) w.ev.forward(w.in, rows, w.out);
            else if (w.cnn != null) w.cnn.forward(w.in, rows, w.out);
            else net.forward(w.in, rows, w.out, w.ws);
            double inv = 1 / sigma;
            for (int k = 0; k < rows * d; k++) out[r0 * d + k] = w.out[k] * inv;
        }
    }

    /** The network input of one row (the equation in the class comment); shared with the trainer. */
    static void input(double[] y, int yOff, double sigma, double[] mean, double[] std, NoiseSchedule schedule,
                      double[] in, int inOff) {
        int d = mean.length;
        double s2 = sigma * sigma;
        for (int i = 0; i < d; i++) in[inOff + i] = (y[yOff + i] - mean[i]) / Math.sqrt(std[i] * std[i] + s2);
        in[inOff + d] = schedule.feature(sigma);
    }

    @Override
    public String name() {
        return "dsm-" + net.architecture();
    }

    /** Per-thread scratch; a native evaluator lives as long as its thread (its buffers are freed with it by JavaCPP). */
    private static final class Work {
        final Network.Workspace ws;
        final MlpEvaluator ev;
        final CnnEvaluator cnn;
        final double[] in, out, baseWork;

        Work(Network net, int d, NetworkKernels kernels) {
            Offer<MlpEvaluator> offer = net instanceof Mlp mlp ? kernels.mlp(mlp, CHUNK, NetworkKernels.ONE_THREAD) : Offer.reference();
            ev = offer.offered() ? offer.value() : null;
            Offer<CnnEvaluator> cnnOffer = net instanceof PeriodicCnn c ? kernels.cnn(c, CHUNK, NetworkKernels.ONE_THREAD) : Offer.reference();
            cnn = cnnOffer.offered() ? cnnOffer.value() : null;
            ws = ev == null && cnn == null ? net.workspace(CHUNK) : null;
            in = new double[CHUNK * (d + 1)];
            out = new double[CHUNK * d];
            baseWork = new double[2 * d];
        }
    }
}
