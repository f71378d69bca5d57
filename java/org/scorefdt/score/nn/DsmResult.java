package org.scorefdt.score.nn;

/**
 * Outcome of {@link DsmTrainer#train}: the model of the best checkpoint (lowest held-out loss of the
 * EMA weights; on divergence, the last good one) and why training ended.
 *
 * @param model          the score of the kept checkpoint
 * @param stop           why training ended
 * @param stepsRun       Adam updates performed
 * @param bestStep       the update count of the kept checkpoint (0: the initial weights)
 * @param bestValidLoss  its held-out loss per component
 * @param divergedAtStep the update whose minibatch loss was non-finite or exploded, or −1
 * @param message        one line for logs, naming the step for divergence
 */
public record DsmResult(DsmScore model, Stop stop, long stepsRun, long bestStep, double bestValidLoss,
                        long divergedAtStep, String message) {

    /** Why training ended. */
    public enum Stop {
        /** All configured steps ran. */
        COMPLETED,
        /** The held-out loss stopped improving for {@code patience} evaluations. */
        EARLY_STOPPED,
        /** The loss became NaN/∞ or exceeded {@link DsmTrainer#EXPLOSION_FACTOR} × its best value. */
        DIVERGED
    }

    public boolean diverged() {
        return stop == Stop.DIVERGED;
    }
}
