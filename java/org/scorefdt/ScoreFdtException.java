package org.scorefdt;

/**
 * The common base of every exception ScoreFDT defines, so an embedder can catch the engine's own
 * failures ({@code catch (ScoreFdtException e)}) apart from the JVM's and its other libraries'.
 * Unchecked, as all of them were before; each subclass keeps its own name and accessors (a config
 * key, a CUDA error code, the diverged member). Two argument checks stay
 * {@link IllegalArgumentException}s so existing {@code catch} sites keep working:
 * {@code util.JsonFields.Invalid} and {@code score.Cholesky.NotPositiveDefiniteException}
 * (docs/architecture.md §8). It lives in the root package, which depends on nothing, so every
 * layer (config, io, backend) can extend it without depending on {@code api}.
 */
public abstract class ScoreFdtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ScoreFdtException(String message) {
        super(message);
    }

    protected ScoreFdtException(String message, Throwable cause) {
        super(message, cause);
    }
}
