package org.scorefdt.throughput;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scorefdt.util.ConfigName;

/**
 * The throughput workloads, timed by {@link Throughput} ({@code scorefdt bench}) and by the Python
 * peers in {@code bench/peers/}, which read the same table from {@code bench/workloads.json} (a test
 * keeps the two equal). Table: docs/architecture.md §6.
 */
public enum Workload implements ConfigName {
    OU32("member-steps", fixed("n", 32, "dt", 1.0, "scheme", "exact-ou"),
            sizes(new String[] {"members", "steps"}, new int[] {2, 2}, new int[] {64, 10}, new int[] {8192, 500})),
    AC64("member-steps", fixed("n", 64, "dt", 0.03125, "scheme", "rk4-em"),
            sizes(new String[] {"members", "steps"}, new int[] {2, 2}, new int[] {16, 8}, new int[] {1024, 320})),
    L96("member-steps", fixed("d", 40, "dt", 0.01, "scheme", "rk4-em"),
            sizes(new String[] {"members", "steps"}, new int[] {8, 2}, new int[] {4096, 100}, new int[] {65536, 1000})),
    MLP("samples", fixed("widths", List.of(41, 64, 64, 40)),
            sizes(new String[] {"batch"}, new int[] {8}, new int[] {4096}, new int[] {65536})),
    KDE("pairs", fixed("d", 8, "h", 0.5),
            sizes(new String[] {"queries", "data"}, new int[] {16, 64}, new int[] {4096, 16384}, new int[] {65536, 65536})),
    LAGGED("member-saves", fixed("n", 32),
            sizes(new String[] {"members", "lags", "saves", "blocks"}, new int[] {4, 3, 4, 2}, new int[] {64, 50, 10, 8},
                    new int[] {512, 100, 10, 8}));

    private final String units;
    private final Map<String, Object> fixed;
    private final Map<WorkloadSize, Map<String, Integer>> sizes;

    Workload(String units, Map<String, Object> fixed, Map<WorkloadSize, Map<String, Integer>> sizes) {
        this.units = units;
        this.fixed = fixed;
        this.sizes = sizes;
    }

    /** What one unit of throughput is: member-steps, samples, pairs or member-saves. */
    public String units() {
        return units;
    }

    /** The parameters that do not change with size (grid, time step, scheme, widths, …). */
    public Map<String, Object> fixed() {
        return fixed;
    }

    /** The size-dependent numbers (members, steps per call, batch, …), in a fixed order. */
    public Map<String, Integer> dims(WorkloadSize size) {
        return sizes.get(size);
    }

    /** One size-dependent number. */
    public int dim(WorkloadSize size, String key) {
        Integer v = sizes.get(size).get(key);
        if (v == null) throw new IllegalArgumentException(configName() + " has no size parameter '" + key + "'");
        return v;
    }

    /** A fixed parameter as a number. */
    public double fixedNumber(String key) {
        Object v = fixed.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(configName() + " has no numeric parameter '" + key + "'");
        return n.doubleValue();
    }

    /** Parses ou32, ac64, l96, mlp, kde, lagged (case-insensitive). */
    public static Workload parse(String s) {
        return ConfigName.find(Workload.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown workload '" + s + "': expected " + ConfigName.allowed(Workload.class)));
    }

    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> fixed(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    private static Map<WorkloadSize, Map<String, Integer>> sizes(String[] keys, int[] tiny, int[] small, int[] full) {
        Map<WorkloadSize, Map<String, Integer>> m = new EnumMap<>(WorkloadSize.class);
        int[][] all = {tiny, small, full};
        for (WorkloadSize s : WorkloadSize.values()) {
            int[] v = all[s.ordinal()];
            if (v.length != keys.length) throw new AssertionError("size " + s + " has " + Arrays.toString(v) + " for " + Arrays.toString(keys));
            Map<String, Integer> d = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) d.put(keys[i], v[i]);
            m.put(s, Collections.unmodifiableMap(d));
        }
        return Collections.unmodifiableMap(m);
    }
}
