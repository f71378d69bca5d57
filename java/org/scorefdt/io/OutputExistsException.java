package org.scorefdt.io;

import java.nio.file.Path;
import org.scorefdt.ScoreFdtException;

/**
 * The output directory already holds files and overwriting was not requested. Results are never
 * overwritten silently: the message tells the user to pass {@code --force} or choose a new path.
 * The CLI maps it to exit code 2 (a usage error: nothing was run).
 */
public class OutputExistsException extends ScoreFdtException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    /** @param path the directory (or file) that is in the way */
    public OutputExistsException(Path path, String why) {
        super("output " + why + ": " + path + " (pass --force to write into it anyway, or choose a new path with -o)");
        this.path = path;
    }

    /** The directory that is in the way. */
    public Path path() {
        return path;
    }
}
