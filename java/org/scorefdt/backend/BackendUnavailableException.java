package org.scorefdt.backend;

import org.scorefdt.ScoreFdtException;

/** A backend that was asked for explicitly cannot be used here; the message says why. */
public final class BackendUnavailableException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
