package org.scorefdt.backend;

import java.util.Optional;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;
import org.scorefdt.response.ResponseKernels;
import org.scorefdt.score.ScoreKernels;
import org.scorefdt.score.nn.NetworkKernels;

/**
 * Where the arithmetic runs: pure Java (the reference), native CPU (C++ through JavaCPP) or CUDA.
 * The only way to obtain an accelerated operation: integrators here, score kernels
 * ({@link ScoreKernels}) and network kernels ({@link NetworkKernels}) through the interfaces it
 * extends, resident ensemble runs ({@link ResponseKernels}). Each tier's implementation is its table of what it offers: every request returns the
 * operation or the reason it is not offered on that tier. A job asks {@link Backends#open} for a
 * {@link TierChain}, which walks the tiers from the requested one down and reports every fallback
 * once; nothing above this interface knows which tier answered.
 */
public interface Backend extends ScoreKernels, NetworkKernels, ResponseKernels, AutoCloseable {

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
