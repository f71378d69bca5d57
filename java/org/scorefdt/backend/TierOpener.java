package org.scorefdt.backend;

/**
 * Opens one tier. Each tier registers one for {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.scorefdt.backend.TierOpener}) so that {@link Backends} finds the
 * tiers without importing them.
 */
public interface TierOpener {

    /** The tier this opens (never {@link BackendKind#AUTO}). */
    BackendKind kind();

    /**
     * Opens the tier.
     *
     * @throws BackendUnavailableException naming the cause when it cannot run here
     */
    Backend open();
}
