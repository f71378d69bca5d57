package org.scorefdt.throughput;

import java.lang.reflect.InvocationTargetException;
import org.scorefdt.api.SystemCatalog;
import org.scorefdt.model.Model;

/**
 * Finds the Allen–Cahn model (docs/systems.md §2) through {@link SystemCatalog} and sizes it to the
 * benchmark grid. It is looked up by name rather than referenced, so that the harness builds and
 * reports "not available" where the model is not part of the build yet. Sizing follows the
 * convention of {@code OuSpde}: a nested {@code Params} record with a static {@code paper(int n)}
 * and a public constructor taking it. Once the model is merged, a direct call may replace this class.
 */
final class AllenCahnLookup {
    private AllenCahnLookup() {}

    /**
     * The Allen–Cahn model on an n×n grid.
     *
     * @throws WorkloadUnavailableException if the catalog has no Allen–Cahn system or it cannot be sized
     */
    static Model model(int n) {
        SystemCatalog sys = SystemCatalog.names().stream()
                .filter(s -> s.contains("allen") || s.contains("cahn"))
                .findFirst().map(SystemCatalog::parse)
                .orElseThrow(() -> new WorkloadUnavailableException("the Allen–Cahn model is not in this build (SystemCatalog has "
                        + String.join(", ", SystemCatalog.names()) + ")"));
        Model m = sys.model();
        if (m.dimension() == n * n) return m;
        Class<?> type = m.getClass();
        try {
            Class<?> params = Class.forName(type.getName() + "$Params", true, type.getClassLoader());
            Object p = params.getMethod("paper", int.class).invoke(null, n);
            Model sized = (Model) type.getConstructor(params).newInstance(p);
            if (sized.dimension() != n * n) {
                throw new WorkloadUnavailableException(type.getSimpleName() + ".Params.paper(" + n + ") gave dimension "
                        + sized.dimension() + ", not " + n * n);
            }
            return sized;
        } catch (InvocationTargetException e) {
            throw new WorkloadUnavailableException("building " + type.getSimpleName() + " on " + n + "×" + n + " failed: "
                    + e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new WorkloadUnavailableException("the Allen–Cahn model " + type.getSimpleName() + " has dimension " + m.dimension()
                    + " and no Params.paper(int) with a constructor taking Params to build it on " + n + "×" + n);
        }
    }
}
