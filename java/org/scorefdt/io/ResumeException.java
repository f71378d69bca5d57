package org.scorefdt.io;

import org.scorefdt.ScoreFdtException;

/**
 * A run cannot be resumed from its output directory: the directory was written under another config,
 * was not written by a resumable run, or one of its phase files is missing or corrupt. The message
 * names the file and the problem. The CLI maps it to exit code 2 (nothing was run).
 */
public class ResumeException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    public ResumeException(String message) {
        super(message);
    }

    public ResumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
