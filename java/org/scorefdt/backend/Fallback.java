package org.scorefdt.backend;

/**
 * An operation that runs on a lower tier than the job asked for, and why.
 *
 * @param operation what ran ("KDE pair loop", "integrator for allen-cahn", …)
 * @param asked     the tier the job asked for (the best present one under {@code auto})
 * @param used      the tier that runs it
 * @param reason    why the tiers above {@code used} did not (their reasons joined)
 */
public record Fallback(String operation, BackendKind asked, BackendKind used, String reason) {

    /** One line for logs and listeners. */
    public String message() {
        return operation + " runs on " + used.configName() + ", not " + asked.configName() + ": " + reason;
    }
}
