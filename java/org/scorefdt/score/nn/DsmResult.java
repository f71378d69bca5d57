package org.scorefdt.score.nn;

/**
 * Outcome of {@link DsmTrainer#train}: the model of the best checkpoint (lowest held-out loss of the
 * EMA weights; on divergence, the last good one), read off as the held-out selection chose, and why
 * training ended.
 *
 * @param model          the score of the kept checkpoint, with its chosen read-off
 * @param stop           why training ended
 * @param stepsRun       Adam updates performed (the training length early stopping chose, or the ceiling)
 * @param bestStep       the update count of the kept checkpoint (0: the initial weights)
 * @param bestValidLoss  its held-out loss per component
 * @param divergedAtStep the update whose minibatch loss was non-finite or exploded, or −1
 * @param message        one line for logs, naming the step for divergence
 * @param readOff        the read-off candidates with their held-out criteria and the winner
 */
public record DsmResult(DsmScore model, Stop stop, long stepsRun, long bestStep, double bestValidLoss,
                        long divergedAtStep, String message, ReadOffSelection readOff) {

    public DsmResult {
        if (model == null || stop == null || readOff == null) throw new IllegalArgumentException("model, stop and readOff must be given");
    }

    /** A result whose read-off was not selected (the model's own). */
    public DsmResult(DsmScore model, Stop stop, long stepsRun, long bestStep, double bestValidLoss, long divergedAtStep,
                     String message) {
        this(model, stop, stepsRun, bestStep, bestValidLoss, divergedAtStep, message, ReadOffSelection.fixed(model.readOff()));
    }

    /** Why training ended. */
    public enum Stop {
        /** All configured steps ran. */
        COMPLETED,
        /**
         * The held-out loss stopped improving significantly for {@code patience} evaluations
         * (docs/score-models.md §5.1).
         */
        EARLY_STOPPED,
        /** The loss became NaN/∞ or exceeded {@link DsmTrainer#EXPLOSION_FACTOR} × its best value. */
        DIVERGED
    }

    public boolean diverged() {
        return stop == Stop.DIVERGED;
    }
}
