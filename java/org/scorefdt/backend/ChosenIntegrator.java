package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrator on the best tier that can run the model: the requested tier if it supports the
 * model, else the next tier down (CUDA → native CPU → Java), with every skipped tier's reason kept
 * (for logs and manifests).
 *
 * @param integrator the integrator (owned: closed with this record)
 * @param tier       the tier it runs on, which also offers the operations on its states
 *                   ({@link Backend#resident}); owned with the job's tiers
 * @param reasons    why faster tiers were not used
 * @param tiers      the job's tiers (closed with this record)
 */
public record ChosenIntegrator(Integrator integrator, Backend tier, List<String> reasons, TierChain tiers)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChosenIntegrator.class);

    public ChosenIntegrator {
        reasons = List.copyOf(reasons);
    }

    /**
     * As {@link #open(BackendKind, Model, IntegratorSpec, Precision, long, int, Consumer)} with
     * fallbacks logged at WARN.
     *
     * @throws BackendUnavailableException if an explicitly requested tier is absent
     */
    public static ChosenIntegrator open(BackendKind requested, Model model, IntegratorSpec spec, Precision precision,
                                        long seed, int threads) {
        return open(requested, model, spec, precision, seed, threads, f -> LOG.warn("{}", f.message()));
    }

    /**
     * The integrator on the tiers of {@code requested}; a fallback below the requested tier goes to
     * {@code fallbacks} once.
     *
     * @throws BackendUnavailableException if an explicitly requested tier is absent
     */
    public static ChosenIntegrator open(BackendKind requested, Model model, IntegratorSpec spec, Precision precision,
                                        long seed, int threads, Consumer<Fallback> fallbacks) {
        // The integrator's own fallback joins the reasons; later ones (score kernels on the same chain,
        // possibly from worker threads) go to the sink only.
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean choosing = new java.util.concurrent.atomic.AtomicBoolean(true);
        TierChain chain = Backends.open(requested, f -> {
            if (choosing.get()) reasons.add(f.reason());
            fallbacks.accept(f);
        });
        try {
            reasons.addAll(0, chain.skipped());
            Backend tier = chain.integratorTier(model, spec, precision);
            choosing.set(false);
            return new ChosenIntegrator(tier.integrator(model, spec, precision, seed, threads), tier, reasons, chain);
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /** The tier the integrator runs on. */
    public BackendKind backend() {
        return tier.kind();
    }

    /** The reasons joined for one log or manifest line ("" if none). */
    public String reasonText() {
        return String.join("; ", reasons);
    }

    @Override
    public void close() {
        try {
            integrator.close();
        } finally {
            tiers.close();
        }
    }
}
