package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.scorefdt.backend.cpu.NativeCpuBackend;
import org.scorefdt.backend.java.JavaBackend;
import org.scorefdt.integrate.Integrator;
import org.scorefdt.integrate.IntegratorSpec;
import org.scorefdt.integrate.Precision;
import org.scorefdt.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An integrator on the best backend that can run the model: the requested tier if it supports the
 * model, else the next tier down (CUDA → native CPU → Java), with every skipped tier's reason kept
 * (for logs and manifests).
 *
 * @param integrator the integrator (owned: closed with this record)
 * @param backend    the tier it runs on
 * @param reasons    why faster tiers were not used
 */
public record ChosenIntegrator(Integrator integrator, BackendKind backend, List<String> reasons) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChosenIntegrator.class);

    public ChosenIntegrator {
        reasons = List.copyOf(reasons);
    }

    /**
     * @throws BackendUnavailableException if an explicitly requested tier is absent
     */
    public static ChosenIntegrator open(BackendKind requested, Model model, IntegratorSpec spec, Precision precision,
                                        long seed, int threads) {
        try (Selection sel = Backends.select(requested)) {
            List<String> reasons = new ArrayList<>(sel.fallbackReasons());
            Backend chosen = sel.backend();
            Optional<String> why = chosen.unsupported(model, spec, precision);
            if (why.isPresent()) {
                reasons.add(chosen.kind().configName() + ": " + why.get());
                chosen = fallback(chosen, model, spec, precision, reasons);
                LOG.info("backend {} cannot run {}: {}; using {}", sel.backend().kind().configName(), model.name(), why.get(),
                        chosen.kind().configName());
            }
            return new ChosenIntegrator(chosen.integrator(model, spec, precision, seed, threads), chosen.kind(), reasons);
        }
    }

    /** The next tier down for a model the chosen tier cannot run: CUDA → native CPU → Java. */
    private static Backend fallback(Backend chosen, Model model, IntegratorSpec spec, Precision precision, List<String> reasons) {
        if (chosen.kind() == BackendKind.CUDA) {
            try {
                Backend cpu = NativeCpuBackend.open();
                Optional<String> why = cpu.unsupported(model, spec, precision);
                if (why.isEmpty()) return cpu;
                reasons.add("cpu: " + why.get());
            } catch (BackendUnavailableException e) {
                reasons.add("cpu: " + e.getMessage());
            }
        }
        return new JavaBackend();
    }

    /** The reasons joined for one log or manifest line ("" if none). */
    public String reasonText() {
        return String.join("; ", reasons);
    }

    @Override
    public void close() {
        integrator.close();
    }
}
