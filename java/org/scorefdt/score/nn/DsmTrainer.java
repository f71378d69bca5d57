package org.scorefdt.score.nn;

import java.util.Arrays;
import org.scorefdt.rng.Philox;
import org.scorefdt.rng.Streams;
import org.scorefdt.score.ScoreDiagnostics;
import org.scorefdt.util.Offer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Noise-conditional denoising score matching (variance-exploding, docs/systems.md §6) for a
 * {@link Network} ({@link Mlp} or {@link PeriodicCnn}), producing a {@link DsmScore}: minimises the
 * mean of |net(in(x + σz, σ)) + z|² with Adam, clipping, EMA, a held-out checkpoint and early
 * stopping; stops on divergence (see {@link #EXPLOSION_FACTOR}). Bitwise reproducible for a seed;
 * runs on the {@link NetworkKernels} given (default {@link NetworkKernels#REFERENCE}). Thread-safe.
 * Procedure, randomness and tiers: docs/score-models.md §5.
 */
public final class DsmTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DsmTrainer.class);

    /** A minibatch loss above this multiple of the best one so far counts as divergence. */
    public static final double EXPLOSION_FACTOR = 1e6;
    /**
     * An evaluation counts as an improvement for early stopping when its held-out loss is below the
     * reference's by more than this many standard errors of the paired per-row difference
     * (docs/score-models.md §5.1).
     */
    public static final double SIGNIFICANCE = 2;
    /** Training rows per chunk of the {@link LinearCorrection}'s pass (bounds its memory). */
    private static final int CORRECTION_CHUNK = 4096;
    /** Training rows used to estimate the largest pairwise distance (O(m²d) work). */
    public static final int PAIRWISE_SUBSAMPLE = 1000;

    private static final long STEP_SPLIT = 1, STEP_VALID = 2, STEP_BATCH0 = 3;
    /**
     * Noise draws per held-out row: the held-out loss at small σ is noisy (its targets have variance
     * 1/σ²), and more draws resolve smaller gains for the early-stopping test at little cost.
     */
    static final int VALID_DRAWS = 4;
    private static final int UNIFORM_PAIR = 0xFFFFFFFF;

    private final DsmConfig config;
    private final NetworkKernels kernels;

    /** Trains with the Java reference passes. */
    public DsmTrainer(DsmConfig config) {
        this(config, NetworkKernels.REFERENCE);
    }

    /** Trains with what {@code kernels} offers (see the class comment). */
    public DsmTrainer(DsmConfig config, NetworkKernels kernels) {
        if (config == null || kernels == null) throw new IllegalArgumentException("config and kernels must be given");
        this.config = config;
        this.kernels = kernels;
    }

    /**
     * The default DSM score of {@code n} rows of dimension d ({@link DsmConfig#builder()}'s defaults with
     * {@code seed}: training length and read-off chosen on the held-out rows), on the Java reference
     * passes. One call for APIs that want a learned score without settings.
     */
    public static DsmScore fitDefault(double[] data, int n, int d, long seed) {
        return fitDefault(data, n, d, seed, NetworkKernels.REFERENCE);
    }

    /** {@link #fitDefault(double[], int, int, long)} on what {@code kernels} offer (e.g. a backend's tiers). */
    public static DsmScore fitDefault(double[] data, int n, int d, long seed, NetworkKernels kernels) {
        DsmResult r = new DsmTrainer(DsmConfig.builder().seed(seed).build(), kernels).train(data, n, d, TrainingListener.NONE);
        if (r.diverged()) LOG.warn("default DSM fit: {}", r.message());
        return r.model();
    }

    /** Where the passes and steps are obtained. */
    public NetworkKernels kernels() {
        return kernels;
    }

    public DsmConfig config() {
        return config;
    }

    /**
     * Trains on {@code n} rows of dimension {@code d}.
     *
     * @param data {@code [n][d]} row-major, finite, read-only
     * @throws IllegalArgumentException on bad shapes, a non-finite value (names row and component),
     *                                  too few rows for the split, a constant component, or all rows equal
     */
    public DsmResult train(double[] data, int n, int d, TrainingListener listener) {
        checkData(data, n, d);
        long seed = config.seed();
        int nValid = (int) Math.round(config.validationFraction() * n), nTrain = n - nValid;
        if (nValid < 1 || nTrain < 2) {
            throw new IllegalArgumentException(n + " rows with validationFraction " + config.validationFraction() + " give "
                    + nTrain + " training and " + nValid + " held-out rows: need at least 2 and 1");
        }
        int[] order = split(n, seed);
        double[] train = gather(data, d, order, nValid, nTrain), valid = gather(data, d, order, 0, nValid);
        double[] mean = new double[d], std = new double[d];
        moments(train, nTrain, d, mean, std);
        if (config.architecture() == DsmConfig.Architecture.PERIODIC_CNN) pool(train, nTrain, d, mean, std);
        double sigmaMax = config.sigmaMaxFromData() ? 1.2 * maxPairwiseDistance(train, Math.min(nTrain, PAIRWISE_SUBSAMPLE), d)
                : config.sigmaMax();
        if (!(sigmaMax > config.sigmaMin())) {
            throw new IllegalArgumentException("estimated sigmaMax = " + sigmaMax + " (1.2 × largest pairwise distance) is not > sigmaMin = "
                    + config.sigmaMin() + "; set sigmaMax or a smaller sigmaMin");
        }
        NoiseSchedule schedule = new NoiseSchedule(config.sigmaMin(), sigmaMax, config.tMin());
        DsmConfig used = config;
        GaussianBase base = null;
        String noBase = null;
        if (config.base() == DsmConfig.Base.GAUSSIAN) {
            try {
                base = GaussianBase.fit(train, nTrain, d);
            } catch (GaussianBase.Unsuitable e) { // too large, too few rows, or rows in a subspace: the plain network
                noBase = e.getMessage();
                LOG.info("DSM without a Gaussian base: {}", noBase);
                used = config.toBuilder().base(DsmConfig.Base.NONE).build();
            }
        }

        Network net = initialNetwork(config, d);
        Network evalNet = net.copy();
        int batch = config.batchSize();
        try (Passes passes = Passes.of(net, kernels, batch); Passes evalPasses = Passes.of(evalNet, kernels, batch)) {
            return train(d, nTrain, nValid, train, valid, mean, std, schedule, base, used, noBase, net, evalNet, passes, evalPasses, listener);
        }
    }

    private DsmResult train(int d, int nTrain, int nValid, double[] train, double[] valid, double[] mean, double[] std,
                            NoiseSchedule schedule, GaussianBase base, DsmConfig used, String noBase, Network net, Network evalNet,
                            Passes passes, Passes evalPasses, TrainingListener listener) {
        long seed = config.seed();
        int batch = config.batchSize();
        double[] params = net.parameters();
        Adam adam = new Adam(params.length);
        Ema ema = new Ema(params, config.emaDecay());
        Validation validation = new Validation(valid, nValid, d, mean, std, schedule, base, seed, config.batchSize());
        double[] in = new double[batch * (d + 1)], z = new double[batch * d], out = new double[batch * d];
        double[] g = new double[d], gWork = new double[2 * d];
        double[] grad = new double[params.length];
        Philox.Scratch scratch = new Philox.Scratch();
        int[] words = new int[4];

        double best = validation.loss(evalPasses);
        double[] reference = validation.rowLosses(); // per-row losses of the last significant improvement
        double[] bestParams = params.clone();
        long bestStep = 0;
        listener.progress(0, Double.NaN, best);
        double bestTrain = Double.POSITIVE_INFINITY, trainSum = 0;
        int trainCount = 0, stale = 0;
        DsmResult.Stop stop = DsmResult.Stop.COMPLETED;
        long diverged = -1, stepsRun = 0;
        String why = null;

        DeviceDsmStep gpu = deviceStep(net, batch, config.emaDecay());
        String stepTier = gpu != null ? gpu.tier() : null;
        try {
            for (long k = 0; k < config.steps(); k++) {
                long counterStep = STEP_BATCH0 + k;
                for (int r = 0; r < batch; r++) {
                    uniforms(seed, r, counterStep, words);
                    int row = (int) (uniform(words[0], words[1]) * nTrain);
                    double sigma = schedule.sigma(schedule.time(uniform(words[2], words[3])));
                    Philox.normals(seed, Streams.TRAINING, r, counterStep, z, r * d, d, scratch);
                    for (int i = 0; i < d; i++) out[r * d + i] = train[row * d + i] + sigma * z[r * d + i]; // y, reusing out
                    DsmScore.input(out, r * d, sigma, mean, std, schedule, in, r * (d + 1));
                    if (base != null) residualTarget(base, out, r * d, sigma, z, r * d, g, gWork);
                }
                double loss, gradNorm;
                if (gpu != null) {
                    double[] lg = gpu.lossAndGradient(in, z, batch);
                    loss = lg[0];
                    gradNorm = lg[1];
                } else {
                    passes.forward(in, batch, out);
                    loss = 0;
                    double scale = 2.0 / ((double) batch * d);
                    for (int j = 0; j < batch * d; j++) {
                        double e = out[j] + z[j];
                        loss += e * e;
                        out[j] = scale * e; // ∂loss/∂net, reusing out
                    }
                    loss /= (double) batch * d;
                    passes.backward(batch, out, grad);
                    gradNorm = Adam.clipGlobalNorm(grad, config.clipNorm());
                }
                if (!Double.isFinite(loss) || !Double.isFinite(gradNorm) || loss > EXPLOSION_FACTOR * bestTrain) {
                    stop = DsmResult.Stop.DIVERGED;
                    diverged = k + 1;
                    why = "training diverged at step " + diverged + ": minibatch loss " + loss + " (best " + bestTrain
                            + "), gradient norm " + gradNorm + "; kept the checkpoint of step " + bestStep
                            + " (held-out loss " + best + ")";
                    break;
                }
                bestTrain = Math.min(bestTrain, loss);
                double rate = Adam.warmup(config.learningRate(), k, config.warmupSteps());
                if (gpu != null) {
                    gpu.update(rate, config.clipNorm(), gradNorm);
                } else {
                    adam.step(params, grad, rate);
                    ema.update(params);
                }
                stepsRun = k + 1;
                trainSum += loss;
                trainCount++;
                if (stepsRun % config.evalEvery() == 0 || stepsRun == config.steps()) {
                    double[] average = gpu != null ? gpu.emaAverage() : ema.average();
                    System.arraycopy(average, 0, evalNet.parameters(), 0, params.length);
                    double v = validation.loss(evalPasses);
                    listener.progress(stepsRun, trainSum / trainCount, v);
                    trainSum = 0;
                    trainCount = 0;
                    if (v < best) { // the checkpoint: the lowest loss, however small the gain
                        best = v;
                        bestStep = stepsRun;
                        System.arraycopy(average, 0, bestParams, 0, params.length);
                    }
                    // the stopping clock: only a gain beyond the held-out noise resets it, so a plateau
                    // that creeps down by noise-sized steps still ends training
                    if (validation.significantlyBelow(reference)) {
                        reference = validation.rowLosses();
                        stale = 0;
                    } else if (++stale >= config.patience()) {
                        stop = DsmResult.Stop.EARLY_STOPPED;
                        break;
                    }
                }
            }
        } finally {
            if (gpu != null) gpu.close();
        }
        if (why == null) {
            why = (stop == DsmResult.Stop.COMPLETED ? "completed " : "stopped early after ") + stepsRun
                    + " steps; kept the EMA weights of step " + bestStep + " (held-out loss " + best + ")";
        }
        why += " (" + (stepTier != null ? stepTier : passes.tier()) + " passes)";
        if (noBase != null) why += " (no Gaussian base: " + noBase + ")";
        DsmScore model = new DsmScore(net.withParameters(bestParams), mean, std, schedule, used, base).withKernels(kernels);
        ReadOffSelection readOff = selectReadOff(model, valid, nValid);
        why += "; " + readOff.summary();
        DsmScore chosen = model.withReadOff(readOff.readOff());
        if (base != null) {
            chosen = chosen.withCorrection(correction(chosen, base, train, nTrain, d));
            why += "; remainder's mean and linear moment removed on the " + nTrain + " training rows" + heldOutCheck(chosen, valid, nValid);
        }
        return new DsmResult(chosen, stop, stepsRun, bestStep, best, diverged, why, readOff);
    }

    /**
     * Turns the noise z of a row into the network's target with a base: the loss |σ s + z|² with
     * s = g + net/σ is |net + (z + σ g)|², so the network is fitted to −(z + σ g(y, σ)).
     */
    private static void residualTarget(GaussianBase base, double[] y, int yOff, double sigma, double[] z, int zOff, double[] g,
                                       double[] work) {
        Arrays.fill(g, 0);
        base.add(y, yOff, sigma, g, 0, 1, work);
        for (int i = 0; i < g.length; i++) z[zOff + i] += sigma * g[i];
    }

    /**
     * The {@link LinearCorrection} of {@code model}'s remainder over its base at its read-off, on every
     * training row (those μ and Σ came from, so the correction is exact on them), in chunks.
     */
    private static LinearCorrection correction(DsmScore model, GaussianBase base, double[] train, int nTrain, int d) {
        LinearCorrection.Moments moments = new LinearCorrection.Moments(base);
        int chunk = Math.min(nTrain, CORRECTION_CHUNK);
        double[] x = new double[chunk * d], r = new double[chunk * d];
        for (int r0 = 0; r0 < nTrain; r0 += chunk) {
            int rows = Math.min(chunk, nTrain - r0);
            System.arraycopy(train, r0 * d, x, 0, rows * d);
            model.remainder(x, r, rows);
            moments.add(x, r, rows);
        }
        return moments.correction();
    }

    /** The corrected score's held-out Hyvärinen loss and Stein diagonal (what the read-off candidates report, before it), or "". */
    private String heldOutCheck(DsmScore corrected, double[] valid, int nValid) {
        if (nValid < 2 * ScoreDiagnostics.BLOCKS) return "";
        ScoreDiagnostics.Report rep = ScoreDiagnostics.of(corrected, valid, nValid, 0, config.seed());
        return String.format(java.util.Locale.ROOT, " (after it: held-out Hyvärinen loss %.4g ± %.2g, Stein diagonal %.3f ± %.3f)",
                rep.hyvarinen(), rep.hyvarinenStderr(), rep.steinDiagonal(), rep.steinDiagonalStderr());
    }

    /** The held-out choice of read-off (docs/score-models.md §4.1), or σ_min when configured so or too few rows are held out. */
    private ReadOffSelection selectReadOff(DsmScore model, double[] valid, int nValid) {
        if (config.readOff() == DsmConfig.ReadOffRule.SIGMA_MIN) return ReadOffSelection.fixed(model.readOff());
        if (nValid < 2 * ScoreDiagnostics.BLOCKS) {
            LOG.info("DSM read-off not selected: {} held-out rows, need {}; reading at σ_min", nValid, 2 * ScoreDiagnostics.BLOCKS);
            return ReadOffSelection.fixed(model.readOff());
        }
        return ReadOffSelection.select(model, valid, nValid, config.seed());
    }

    /** The device-held step when the kernels offer one, else null (the host loop below). */
    private DeviceDsmStep deviceStep(Network net, int batch, double emaDecay) {
        Offer<DeviceDsmStep> offer = kernels.dsmStep(net, batch, emaDecay);
        if (!offer.offered()) return null;
        LOG.info("DSM training of the {} runs its steps on the {} tier", net.architecture(), offer.value().tier());
        return offer.value();
    }

    /** Forward/backward of the network being trained: an {@link MlpEvaluator} on the tier, or the network's own. */
    private interface Passes extends AutoCloseable {
        void forward(double[] in, int batch, double[] out);

        void backward(int batch, double[] dOut, double[] gradient);

        String tier();

        @Override
        void close();

        static Passes of(Network net, NetworkKernels kernels, int capacity) {
            Offer<MlpEvaluator> offer = net instanceof Mlp mlp ? kernels.mlp(mlp, capacity, NetworkKernels.ONE_THREAD) : Offer.reference();
            if (offer.offered()) {
                MlpEvaluator ev = offer.value();
                return new Passes() {
                    @Override public void forward(double[] in, int batch, double[] out) { ev.forward(in, batch, out); }
                    @Override public void backward(int batch, double[] dOut, double[] gradient) { ev.backward(batch, dOut, gradient, null); }
                    @Override public String tier() { return ev.tier(); }
                    @Override public void close() { ev.close(); }
                };
            }
            Offer<CnnEvaluator> cnnOffer = net instanceof PeriodicCnn cnn ? kernels.cnn(cnn, capacity, NetworkKernels.ONE_THREAD) : Offer.reference();
            if (cnnOffer.offered()) {
                CnnEvaluator ev = cnnOffer.value();
                return new Passes() {
                    @Override public void forward(double[] in, int batch, double[] out) { ev.forward(in, batch, out); }
                    @Override public void backward(int batch, double[] dOut, double[] gradient) { ev.backward(batch, dOut, gradient, null); }
                    @Override public String tier() { return ev.tier(); }
                    @Override public void close() { ev.close(); }
                };
            }
            Network.Workspace ws = net.workspace(capacity);
            return new Passes() {
                @Override public void forward(double[] in, int batch, double[] out) { net.forward(in, batch, out, ws); }
                @Override public void backward(int batch, double[] dOut, double[] gradient) { net.backward(ws, batch, dOut, gradient, null); }
                @Override public String tier() { return "java"; }
                @Override public void close() {}
            };
        }
    }

    private static void checkData(double[] data, int n, int d) {
        if (d < 1) throw new IllegalArgumentException("dimension = " + d + ": must be >= 1");
        if (n < 1 || (long) n * d > data.length) {
            throw new IllegalArgumentException("data hold " + data.length + " values, need " + n + " rows × " + d);
        }
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double v = data[r * d + i];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("data row " + r + ", component " + i + " is " + v + ": must be finite");
            }
        }
    }

    /**
     * The untrained network of {@code config} for dimension d: an MLP (d + 1) → hidden → d, or a
     * periodic CNN on N×N (d = N², 1 field + 1 constant noise channel → hidden channels → 1).
     */
    static Network initialNetwork(DsmConfig config, int d) {
        return switch (config.architecture()) {
            case MLP -> {
                int[] widths = new int[config.hiddenWidths().length + 2];
                widths[0] = d + 1;
                System.arraycopy(config.hiddenWidths(), 0, widths, 1, widths.length - 2);
                widths[widths.length - 1] = d;
                yield Mlp.initialised(widths, config.activation(), config.seed());
            }
            case PERIODIC_CNN -> {
                int n = (int) Math.round(Math.sqrt(d));
                if (n * n != d) throw new IllegalArgumentException("dimension = " + d + " is not N² for an N×N grid: the periodic CNN needs square fields");
                yield PeriodicCnn.initialised(n, 1, 1, config.hiddenWidths(), 1, config.activation(), config.seed());
            }
        };
    }

    /**
     * Replaces per-component moments by one mean and one standard deviation over all components
     * (the mean of the means; the root of the mean per-component variance about that pooled mean).
     */
    private static void pool(double[] x, int n, int d, double[] mean, double[] std) {
        double mu = 0;
        for (int i = 0; i < d; i++) mu += mean[i];
        mu /= d;
        double ss = 0;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double c = x[r * d + i] - mu;
                ss += c * c;
            }
        }
        double s = Math.sqrt(ss / ((double) (n - 1) * d));
        Arrays.fill(mean, mu);
        Arrays.fill(std, s);
    }

    /**
     * The rows this trainer holds out of training on {@code n} rows (its validation split), in their
     * original order: data no fitted parameter has seen, for {@link org.scorefdt.score.ScoreDiagnostics}.
     *
     * @return {@code [nValid][d]}
     */
    public double[] heldOutRows(double[] data, int n, int d) {
        int nValid = (int) Math.round(config.validationFraction() * n);
        int[] held = Arrays.copyOf(split(n, config.seed()), nValid);
        Arrays.sort(held);
        return gather(data, d, held, 0, nValid);
    }

    /** Row order for the split: rows sorted by a Philox key (ties by index). */
    private static int[] split(int n, long seed) {
        int[] w = new int[4];
        Integer[] idx = new Integer[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            uniforms(seed, i, STEP_SPLIT, w);
            keys[i] = ((long) w[0] << 32) | (w[1] & 0xFFFFFFFFL);
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(a, b));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = idx[i];
        return order;
    }

    private static double[] gather(double[] data, int d, int[] order, int from, int count) {
        double[] out = new double[count * d];
        for (int r = 0; r < count; r++) System.arraycopy(data, order[from + r] * d, out, r * d, d);
        return out;
    }

    /** Per-component mean and (1/(n−1)) standard deviation, two-pass. */
    private static void moments(double[] x, int n, int d, double[] mean, double[] std) {
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) mean[i] += x[r * d + i];
        for (int i = 0; i < d; i++) mean[i] /= n;
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < d; i++) {
                double c = x[r * d + i] - mean[i];
                std[i] += c * c;
            }
        }
        for (int i = 0; i < d; i++) {
            std[i] = Math.sqrt(std[i] / (n - 1));
            if (!(std[i] > 0)) throw new IllegalArgumentException("data component " + i + " is constant (" + mean[i] + ") over the training rows: cannot normalise");
        }
    }

    /** The largest Euclidean distance between any two of the first m rows. */
    static double maxPairwiseDistance(double[] x, int m, int d) {
        double best = 0;
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    double c = x[a * d + i] - x[b * d + i];
                    s += c * c;
                }
                best = Math.max(best, s);
            }
        }
        return Math.sqrt(best);
    }

    /** The Philox block of pair index 2³² − 1 for (member, step) on stream TRAINING. */
    private static void uniforms(long seed, long member, long step, int[] words) {
        int c3 = ((int) (step >>> 32) & 0xFFFF) | (Streams.TRAINING << 16);
        Philox.block(UNIFORM_PAIR, (int) member, (int) step, c3, (int) seed, (int) (seed >>> 32), words);
    }

    /** 53 random bits of two words as a uniform in [0, 1). */
    private static double uniform(int hi, int lo) {
        long bits = ((hi & 0xFFFFFFFFL) << 21) | ((lo & 0xFFFFFFFFL) >>> 11);
        return bits * 0x1.0p-53;
    }

    /** The held-out rows with {@link #VALID_DRAWS} noise draws each, drawn once: inputs and targets fixed for the whole run. */
    private static final class Validation {
        final int rows, d, chunk;
        final double[] in, z, out, perRow;

        Validation(double[] valid, int rows, int d, double[] mean, double[] std, NoiseSchedule schedule, GaussianBase base, long seed,
                   int chunk) {
            this.rows = rows;
            this.d = d;
            this.chunk = chunk;
            int all = VALID_DRAWS * rows;
            in = new double[all * (d + 1)];
            z = new double[all * d];
            out = new double[chunk * d];
            perRow = new double[rows];
            double[] y = new double[d], g = new double[d], gWork = new double[2 * d];
            int[] w = new int[4];
            Philox.Scratch scratch = new Philox.Scratch();
            for (int q = 0; q < all; q++) { // draw q of row q % rows; member q (draw 0 of row r is member r)
                int r = q % rows;
                uniforms(seed, q, STEP_VALID, w);
                double sigma = schedule.sigma(schedule.time(uniform(w[2], w[3])));
                Philox.normals(seed, Streams.TRAINING, q, STEP_VALID, z, q * d, d, scratch);
                for (int i = 0; i < d; i++) y[i] = valid[r * d + i] + sigma * z[q * d + i];
                DsmScore.input(y, 0, sigma, mean, std, schedule, in, q * (d + 1));
                if (base != null) residualTarget(base, y, 0, sigma, z, q * d, g, gWork);
            }
        }

        /** Mean of |net + z|² per component over the held-out draws; keeps each row's mean ({@link #rowLosses}). */
        double loss(Passes net) {
            int all = VALID_DRAWS * rows;
            double[] chunkIn = new double[chunk * (d + 1)];
            java.util.Arrays.fill(perRow, 0);
            double s = 0;
            for (int q0 = 0; q0 < all; q0 += chunk) {
                int m = Math.min(chunk, all - q0);
                System.arraycopy(in, q0 * (d + 1), chunkIn, 0, m * (d + 1));
                net.forward(chunkIn, m, out);
                for (int k = 0; k < m; k++) {
                    double row = 0;
                    for (int i = 0; i < d; i++) {
                        double e = out[k * d + i] + z[(q0 + k) * d + i];
                        row += e * e;
                    }
                    perRow[(q0 + k) % rows] += row / ((double) d * VALID_DRAWS);
                    s += row;
                }
            }
            return s / ((double) all * d);
        }

        /** The per-row losses of the last {@link #loss} (a copy). */
        double[] rowLosses() {
            return perRow.clone();
        }

        /**
         * Whether the last evaluation's loss is below {@code reference}'s by more than
         * {@link #SIGNIFICANCE} standard errors of the mean paired difference (rows are independent
         * draws; the noise is the same for both, so the pairing cancels most of it).
         */
        boolean significantlyBelow(double[] reference) {
            double m = 0, ss = 0;
            for (int r = 0; r < rows; r++) m += reference[r] - perRow[r];
            m /= rows;
            for (int r = 0; r < rows; r++) {
                double e = reference[r] - perRow[r] - m;
                ss += e * e;
            }
            double se = rows > 1 ? Math.sqrt(ss / (rows - 1) / rows) : 0;
            return m > SIGNIFICANCE * se && m > 0;
        }
    }
}
