package org.scorefdt.throughput;

import org.scorefdt.ScoreFdtException;

/**
 * A workload cannot run on the requested backend here (tier absent, model not in this build, tier
 * without this kernel); the message says why and ends up in the result line as the reason.
 */
public final class WorkloadUnavailableException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    public WorkloadUnavailableException(String reason) {
        super(reason);
    }
}
