package org.scorefdt.api.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The systems this build can reproduce, by config name. A name the config knows but this build
 * lacks (a system whose model is not compiled in) is reported when the job starts, before anything
 * runs.
 */
public final class ReproductionSystems {
    private static final Map<String, Supplier<ReproductionSystem>> KNOWN = known();

    private static Map<String, Supplier<ReproductionSystem>> known() {
        Map<String, Supplier<ReproductionSystem>> m = new LinkedHashMap<>();
        m.put("ou-spde", OuSpdeSystem::new);
        m.put("allen-cahn", AllenCahnSystem::new);
        m.put("navier-stokes", NavierStokesSystem::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    private ReproductionSystems() {}

    /** The system named {@code name}, if this build has it. */
    public static Optional<ReproductionSystem> find(String name) {
        Supplier<ReproductionSystem> s = KNOWN.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** Names of the systems available in this build. */
    public static List<String> available() {
        return List.copyOf(KNOWN.keySet());
    }
}
