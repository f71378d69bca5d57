package org.scorefdt.score.nn;

import java.util.Arrays;

/**
 * Settings of denoising-score-matching training ({@link DsmTrainer}), checked on construction
 * (messages name the field, value and allowed range). Defaults ({@link #builder()}) and why:
 * docs/score-models.md §5.
 *
 * @param hiddenWidths       widths of the hidden layers, each ≥ 1 (at least one layer)
 * @param activation         hidden nonlinearity
 * @param learningRate       Adam's η &gt; 0 after warm-up
 * @param batchSize          minibatch rows ≥ 1
 * @param steps              Adam updates ≥ 1 (at most; early stopping may end sooner)
 * @param warmupSteps        linear learning-rate warm-up ≥ 0
 * @param clipNorm           global gradient-norm clip &gt; 0 (∞ disables)
 * @param emaDecay           EMA decay of the weights in [0, 1)
 * @param sigmaMin           σ_min &gt; 0, data units; the stationary score is read off here
 * @param sigmaMax           σ_max &gt; σ_min, data units, or NaN: 1.2 × the largest pairwise distance
 *                           among up to {@link DsmTrainer#PAIRWISE_SUBSAMPLE} training rows
 * @param tMin               t ~ U(t_min, 1), t_min in [0, 1)
 * @param validationFraction held-out fraction in (0, 1)
 * @param evalEvery          steps between held-out evaluations ≥ 1
 * @param patience           evaluations without improvement before stopping early, ≥ 1
 * @param seed               Philox seed of initialisation, split, minibatches and noise
 * @param architecture       the network: {@link Architecture#MLP} (default) or
 *                           {@link Architecture#PERIODIC_CNN} for fields on an N×N periodic grid
 *                           (d = N²), where {@code hiddenWidths} are the hidden layers' channel counts
 * @param readOff            how the stationary score is read off the trained network
 * @param base               what the network corrects: {@link Base#GAUSSIAN} (the builder's default for
 *                           the MLP) or {@link Base#NONE} (the periodic CNN's only choice)
 */
public record DsmConfig(int[] hiddenWidths, Activation activation, double learningRate, int batchSize, int steps,
                        int warmupSteps, double clipNorm, double emaDecay, double sigmaMin, double sigmaMax,
                        double tMin, double validationFraction, int evalEvery, int patience, long seed,
                        Architecture architecture, ReadOffRule readOff, Base base) {

    // The defaults, defined here once: the builder, the CLI's options and their help text read them.
    /** Default hidden layers: {@value #DEFAULT_LAYERS} of width {@value #DEFAULT_WIDTH}. */
    public static final int DEFAULT_WIDTH = 64, DEFAULT_LAYERS = 2;
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    public static final int DEFAULT_BATCH = 128;
    /** The ceiling on Adam updates; early stopping ends sooner when the held-out loss stops improving (docs/score-models.md §5.1). */
    public static final int DEFAULT_STEPS = 20_000;
    public static final int DEFAULT_WARMUP = 500;
    public static final double DEFAULT_CLIP = 1.0, DEFAULT_EMA = 0.999;
    public static final double DEFAULT_SIGMA_MIN = 0.01, DEFAULT_T_MIN = 1e-5, DEFAULT_VALIDATION = 0.2;
    public static final int DEFAULT_EVAL_EVERY = 250;
    public static final int DEFAULT_PATIENCE = 40;

    /** How {@link DsmTrainer} reads the stationary score off the noise-conditional network (docs/score-models.md §4.1). */
    public enum ReadOffRule {
        /** At σ_min, the smallest trained level (the rule before the read-off was chosen). */
        SIGMA_MIN,
        /**
         * The candidate (a level σ_r ≥ σ_min, or the extrapolation σ → 0 from σ_r and 2σ_r) with the
         * lowest Hyvärinen loss on the held-out rows (default).
         */
        HELD_OUT
    }

    /** What the network's output is added to (docs/score-models.md §4.2). */
    public enum Base {
        /** s(y, σ) = net/σ: the network is the whole score. */
        NONE,
        /**
         * s(y, σ) = g(y, σ) + net/σ, g the exact score of the training rows' Gaussian fit smoothed by σ
         * ({@link GaussianBase}): the network learns only the non-Gaussian remainder, and a zero
         * output is the quasi-Gaussian score. MLP only; the trainer falls back to {@link #NONE}, saying why, for
         * d &gt; {@link GaussianBase#MAX_DIMENSION}, no more training rows than d, or rows in or near a subspace.
         */
        GAUSSIAN
    }

    /** Network architectures {@link DsmTrainer} can train; {@link #tag()} is the model-file name. */
    public enum Architecture {
        /** {@link Mlp} of widths (d + 1) → hiddenWidths → d. */
        MLP("mlp"),
        /**
         * {@link PeriodicCnn} on the N×N grid (d = N²): 1 field + 1 constant (noise) channel →
         * hiddenWidths channels → 1 channel, 3×3 circular convolutions.
         */
        PERIODIC_CNN("periodic-cnn");

        private final String tag;

        Architecture(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        /** The architecture of a tag ({@code "mlp"}, {@code "periodic-cnn"}). */
        public static Architecture ofTag(String tag) {
            for (Architecture a : values()) if (a.tag.equals(tag)) return a;
            throw new IllegalArgumentException("architecture '" + tag + "': must be mlp or periodic-cnn");
        }
    }

    /**
     * An MLP configuration (the form before architectures, read-off rules and bases were selectable):
     * read at σ_min with no base, as it always was, so callers of this constructor keep their results;
     * the builder's defaults are {@link ReadOffRule#HELD_OUT} and, for the MLP, {@link Base#GAUSSIAN}.
     */
    public DsmConfig(int[] hiddenWidths, Activation activation, double learningRate, int batchSize, int steps,
                     int warmupSteps, double clipNorm, double emaDecay, double sigmaMin, double sigmaMax,
                     double tMin, double validationFraction, int evalEvery, int patience, long seed) {
        this(hiddenWidths, activation, learningRate, batchSize, steps, warmupSteps, clipNorm, emaDecay, sigmaMin, sigmaMax,
                tMin, validationFraction, evalEvery, patience, seed, Architecture.MLP, ReadOffRule.SIGMA_MIN, Base.NONE);
    }

    public DsmConfig {
        if (readOff == null) throw new IllegalArgumentException("readOff: must be given (SIGMA_MIN or HELD_OUT)");
        if (architecture == null) throw new IllegalArgumentException("architecture: must be given (MLP or PERIODIC_CNN)");
        if (base == null) throw new IllegalArgumentException("base: must be given (NONE or GAUSSIAN)");
        if (base == Base.GAUSSIAN && architecture != Architecture.MLP) {
            throw new IllegalArgumentException("base = GAUSSIAN: only the MLP takes a Gaussian base (a dense covariance of a "
                    + architecture.tag() + "'s field is too large); use NONE");
        }
        if (hiddenWidths == null || hiddenWidths.length == 0) throw new IllegalArgumentException("hiddenWidths: need at least one hidden layer");
        hiddenWidths = hiddenWidths.clone();
        for (int i = 0; i < hiddenWidths.length; i++) {
            if (hiddenWidths[i] < 1) throw new IllegalArgumentException("hiddenWidths[" + i + "] = " + hiddenWidths[i] + ": must be >= 1");
        }
        if (activation == null) throw new IllegalArgumentException("activation: must be given (SILU or TANH)");
        positive("learningRate", learningRate);
        atLeast("batchSize", batchSize, 1);
        atLeast("steps", steps, 1);
        atLeast("warmupSteps", warmupSteps, 0);
        if (!(clipNorm > 0)) throw new IllegalArgumentException("clipNorm = " + clipNorm + ": must be > 0 (Infinity disables)");
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new IllegalArgumentException("emaDecay = " + emaDecay + ": must be in [0, 1)");
        positive("sigmaMin", sigmaMin);
        if (!Double.isNaN(sigmaMax) && !(sigmaMax > sigmaMin && Double.isFinite(sigmaMax))) {
            throw new IllegalArgumentException("sigmaMax = " + sigmaMax + ": must be finite and > sigmaMin = " + sigmaMin
                    + ", or NaN to estimate it from the data");
        }
        if (!(tMin >= 0 && tMin < 1)) throw new IllegalArgumentException("tMin = " + tMin + ": must be in [0, 1)");
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction = " + validationFraction + ": must be in (0, 1)");
        }
        atLeast("evalEvery", evalEvery, 1);
        atLeast("patience", patience, 1);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " = " + v + ": must be finite and > 0");
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) throw new IllegalArgumentException(name + " = " + v + ": must be >= " + min);
    }

    @Override
    public int[] hiddenWidths() {
        return hiddenWidths.clone();
    }

    /** Whether σ_max is estimated from the data. */
    public boolean sigmaMaxFromData() {
        return Double.isNaN(sigmaMax);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsmConfig c && Arrays.equals(hiddenWidths, c.hiddenWidths) && activation == c.activation
                && Double.compare(learningRate, c.learningRate) == 0 && batchSize == c.batchSize && steps == c.steps
                && warmupSteps == c.warmupSteps && Double.compare(clipNorm, c.clipNorm) == 0
                && Double.compare(emaDecay, c.emaDecay) == 0 && Double.compare(sigmaMin, c.sigmaMin) == 0
                && Double.compare(sigmaMax, c.sigmaMax) == 0 && Double.compare(tMin, c.tMin) == 0
                && Double.compare(validationFraction, c.validationFraction) == 0 && evalEvery == c.evalEvery
                && patience == c.patience && seed == c.seed && architecture == c.architecture && readOff == c.readOff
                && base == c.base;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hiddenWidths) * 31 + Long.hashCode(seed) * 17 + steps;
    }

    @Override
    public String toString() {
        return "DsmConfig[hiddenWidths=" + Arrays.toString(hiddenWidths) + ", activation=" + activation + ", learningRate="
                + learningRate + ", batchSize=" + batchSize + ", steps=" + steps + ", warmupSteps=" + warmupSteps
                + ", clipNorm=" + clipNorm + ", emaDecay=" + emaDecay + ", sigmaMin=" + sigmaMin + ", sigmaMax=" + sigmaMax
                + ", tMin=" + tMin + ", validationFraction=" + validationFraction + ", evalEvery=" + evalEvery
                + ", patience=" + patience + ", seed=" + seed + ", architecture=" + architecture + ", readOff=" + readOff + ", base=" + base + "]";
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hiddenWidths = hiddenWidths.clone();
        b.activation = activation;
        b.learningRate = learningRate;
        b.batchSize = batchSize;
        b.steps = steps;
        b.warmupSteps = warmupSteps;
        b.clipNorm = clipNorm;
        b.emaDecay = emaDecay;
        b.sigmaMin = sigmaMin;
        b.sigmaMax = sigmaMax;
        b.tMin = tMin;
        b.validationFraction = validationFraction;
        b.evalEvery = evalEvery;
        b.patience = patience;
        b.seed = seed;
        b.architecture = architecture;
        b.readOff = readOff;
        b.base = base == defaultBase(architecture) ? null : base; // a default stays a default if the architecture changes
        return b;
    }

    /** Fluent construction; {@link #build()} validates. */
    public static final class Builder {
        private int[] hiddenWidths = defaultHidden();
        private Activation activation = Activation.SILU;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private int batchSize = DEFAULT_BATCH;
        private int steps = DEFAULT_STEPS;
        private int warmupSteps = DEFAULT_WARMUP;
        private double clipNorm = DEFAULT_CLIP;
        private double emaDecay = DEFAULT_EMA;
        private double sigmaMin = DEFAULT_SIGMA_MIN;
        private double sigmaMax = Double.NaN;
        private double tMin = DEFAULT_T_MIN;
        private double validationFraction = DEFAULT_VALIDATION;
        private int evalEvery = DEFAULT_EVAL_EVERY;
        private int patience = DEFAULT_PATIENCE;
        private long seed = 1;
        private Architecture architecture = Architecture.MLP;
        private ReadOffRule readOff = ReadOffRule.HELD_OUT;
        private Base base; // null: GAUSSIAN for the MLP, NONE otherwise

        private Builder() {}

        public Builder hiddenWidths(int... v) { hiddenWidths = v.clone(); return this; }
        public Builder activation(Activation v) { activation = v; return this; }
        public Builder learningRate(double v) { learningRate = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder steps(int v) { steps = v; return this; }
        public Builder warmupSteps(int v) { warmupSteps = v; return this; }
        public Builder clipNorm(double v) { clipNorm = v; return this; }
        public Builder emaDecay(double v) { emaDecay = v; return this; }
        public Builder sigmaMin(double v) { sigmaMin = v; return this; }
        public Builder sigmaMax(double v) { sigmaMax = v; return this; }
        public Builder tMin(double v) { tMin = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder evalEvery(int v) { evalEvery = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder architecture(Architecture v) { architecture = v; return this; }
        public Builder readOff(ReadOffRule v) { readOff = v; return this; }
        public Builder base(Base v) { base = v; return this; }

        /**
         * A run of {@code v} steps with the warm-up and evaluation interval scaled to it, so a short
         * run still warms up and evaluates: warm-up min({@value #DEFAULT_WARMUP}, v/5), evaluation
         * every max(1, min({@value #DEFAULT_EVAL_EVERY}, v/20)) steps. The default ceiling gives the defaults.
         */
        public Builder stepsScaled(int v) {
            steps = v;
            warmupSteps = Math.min(DEFAULT_WARMUP, Math.max(0, v / 5));
            evalEvery = Math.max(1, Math.min(DEFAULT_EVAL_EVERY, v / 20));
            return this;
        }

        public DsmConfig build() {
            return new DsmConfig(hiddenWidths, activation, learningRate, batchSize, steps, warmupSteps, clipNorm,
                    emaDecay, sigmaMin, sigmaMax, tMin, validationFraction, evalEvery, patience, seed, architecture, readOff,
                    base != null ? base : defaultBase(architecture));
        }
    }

    /** The base an architecture gets unless one is set: GAUSSIAN for the MLP, NONE for the periodic CNN. */
    public static Base defaultBase(Architecture architecture) {
        return architecture == Architecture.MLP ? Base.GAUSSIAN : Base.NONE;
    }

    private static int[] defaultHidden() {
        int[] w = new int[DEFAULT_LAYERS];
        Arrays.fill(w, DEFAULT_WIDTH);
        return w;
    }
}
