package org.scorefdt.score.nn;

/** Progress of training, called on the training thread at every held-out evaluation. */
@FunctionalInterface
public interface TrainingListener {
    /**
     * @param step      Adam updates done so far (0 for the evaluation of the initial weights)
     * @param trainLoss mean minibatch loss per component since the previous evaluation (NaN at step 0)
     * @param validLoss held-out loss per component of the EMA weights
     */
    void progress(long step, double trainLoss, double validLoss);

    /** Ignores progress. */
    TrainingListener NONE = (s, t, v) -> { };
}
