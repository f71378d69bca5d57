package org.scorefdt.backend;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;

/**
 * Where the arithmetic runs: pure Java (the reference), native CPU (C++ through JavaCPP) or CUDA.
 * Nothing above this interface knows which. Backends are chosen once at start-up by
 * {@link Backends#select}; a backend that cannot run some model says why, and the caller falls
 * back to the reference with that reason logged.
 */
public interface Backend extends AutoCloseable {

    /** Which tier this is. */
    BackendKind kind();

    /** Why this backend cannot integrate the given combination, or empty if it can. */
    Optional<String> unsupported(Model model, IntegratorSpec spec, Precision precision);

    /**
     * An integrator for the model on this backend.
     *
     * @param threads worker threads (0: all cores)
     * @throws UnsupportedOperationException with the reason of {@link #unsupported} if it cannot
     */
    default Integrator integrator(Model model, IntegratorSpec spec, Precision precision, long seed, int threads) {
        unsupported(model, spec, precision).ifPresent(r -> {
            throw new UnsupportedOperationException(r);
        });
        return create(model, spec, precision, seed, threads);
    }

    /** Builds the integrator once {@link #unsupported} has accepted the combination. */
    Integrator create(Model model, IntegratorSpec spec, Precision precision, long seed, int threads);

    @Override
    default void close() {}
}
