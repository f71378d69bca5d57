package org.scorefdt.score.nn;

import org.scorefdt.util.Offer;

/**
 * The accelerated operations the networks ask a tier for: an MLP's or a periodic CNN's passes, and a
 * whole DSM training step held by the tier. A backend tier implements this (its answers are its table of what it
 * offers); {@link #REFERENCE} answers every request with the Java reference code ({@link Mlp}'s and
 * {@link PeriodicCnn}'s own passes, {@link DsmTrainer}'s host loop).
 */
public interface NetworkKernels {

    /**
     * Threads of an evaluator used by one caller thread: an accelerated library's own pool (OpenBLAS's
     * thread count is process-wide) competes with the caller's threads, and two threads were
     * measured slower than one on two cores.
     */
    int ONE_THREAD = 1;

    /** Every operation runs in the Java reference code. */
    NetworkKernels REFERENCE = new NetworkKernels() {
        @Override
        public Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads) {
            return Offer.reference();
        }

        @Override
        public Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads) {
            return Offer.reference();
        }

        @Override
        public Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay) {
            return Offer.reference();
        }
    };

    /**
     * Forward and backward passes of {@code net} for batches up to {@code capacity} rows.
     *
     * @param threads worker threads of one evaluator, ≤ 0 = the library's default (all cores);
     *                callers that run one evaluator per thread ask for {@link #ONE_THREAD}
     */
    Offer<MlpEvaluator> mlp(Mlp net, int capacity, int threads);

    /**
     * Forward and backward passes of a periodic CNN for batches up to {@code capacity} rows (float64).
     *
     * @param threads as for {@link #mlp}
     */
    Offer<CnnEvaluator> cnn(PeriodicCnn net, int capacity, int threads);

    /**
     * The forward, loss, backward, clipping, Adam and EMA of one DSM step for {@code net}, held where
     * the tier keeps its data (Adam β = (0.9, 0.999), ε = 10⁻⁸ as {@link Adam}; the EMA ramped as
     * {@link Ema}); the reference answer means {@link DsmTrainer}'s host loop.
     */
    Offer<DeviceDsmStep> dsmStep(Network net, int batch, double emaDecay);
}
