package org.scorefdt.backend;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the tiers of a job. {@code auto} asks CUDA, then the native CPU library, then pure Java,
 * per operation; an explicit tier is asked first and must be present, with the tiers below it as
 * fallbacks. Tiers are found through {@link TierOpener} services, so this package imports none of
 * them. Nothing is remembered between calls: each job carries its own {@link TierChain}.
 */
public final class Backends {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);
    private static final List<BackendKind> ORDER = List.of(BackendKind.CUDA, BackendKind.CPU, BackendKind.JAVA);

    private Backends() {}

    /**
     * The tiers for {@code requested}, fallbacks logged at WARN.
     *
     * @throws BackendUnavailableException if an explicitly requested tier is absent
     */
    public static TierChain open(BackendKind requested) {
        return open(requested, f -> LOG.warn("{}", f.message()));
    }

    /**
     * The tiers for {@code requested}, each fallback sent once to {@code fallbacks}.
     *
     * @throws BackendUnavailableException if an explicitly requested tier is absent
     */
    public static TierChain open(BackendKind requested, Consumer<Fallback> fallbacks) {
        return open(requested, fallbacks, Backends::openTier);
    }

    /** As {@link #open(BackendKind, Consumer)} with the tiers opened by {@code opener} (tests inject failures). */
    static TierChain open(BackendKind requested, Consumer<Fallback> fallbacks, Function<BackendKind, Backend> opener) {
        List<Backend> tiers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int first = requested == BackendKind.AUTO ? 0 : ORDER.indexOf(requested);
        try {
            for (int i = first; i < ORDER.size(); i++) {
                BackendKind k = ORDER.get(i);
                try {
                    tiers.add(opener.apply(k));
                } catch (BackendUnavailableException e) {
                    if (k == requested) throw e;
                    skipped.add(k.configName() + ": " + e.getMessage());
                }
            }
        } catch (RuntimeException | Error e) {
            tiers.forEach(Backend::close);
            throw e;
        }
        // auto on the Java tier alone is worth a warning: everything runs on the slowest tier
        boolean javaOnly = tiers.size() == 1 && tiers.get(0).kind() == BackendKind.JAVA && requested != BackendKind.JAVA;
        for (String r : skipped) {
            if (javaOnly) LOG.warn("backend {}: skipped {}", requested.configName(), r);
            else if (requested == BackendKind.AUTO) LOG.info("backend auto: skipped {}", r);
        }
        return new TierChain(tiers, skipped, fallbacks);
    }

    static Backend openTier(BackendKind kind) {
        TierOpener opener = Openers.BY_KIND.get(kind);
        if (opener == null) throw new BackendUnavailableException(kind.configName() + " tier is not on the class path", null);
        return opener.open();
    }

    /** The registered tier openers, loaded once (immutable). */
    private static final class Openers {
        static final Map<BackendKind, TierOpener> BY_KIND = load();

        /** Every provider that loads; one that does not (a broken jar) is skipped with its reason, never the others. */
        private static Map<BackendKind, TierOpener> load() {
            Map<BackendKind, TierOpener> m = new EnumMap<>(BackendKind.class);
            ServiceLoader.load(TierOpener.class, TierOpener.class.getClassLoader()).stream().forEach(p -> {
                try {
                    TierOpener o = p.get();
                    m.putIfAbsent(o.kind(), o);
                } catch (java.util.ServiceConfigurationError | LinkageError e) {
                    LOG.warn("backend tier {} cannot be loaded: {}", p.type().getName(), e.toString());
                }
            });
            return java.util.Collections.unmodifiableMap(m);
        }
    }
}
