package org.scorefdt.api;

/**
 * The checks the API's builders run on each setting as it is set ({@link ResponseStudy.Builder},
 * {@link ResponseComparison.Spec.Builder}): one wording for every refusal, {@code name = value: must be range}.
 */
final class BuilderChecks {
    private BuilderChecks() {}

    static <T> T nonNull(String name, T v) {
        if (v == null) throw new IllegalArgumentException(name + " must be given");
        return v;
    }

    static double positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw bad(name, v, "finite and > 0");
        return v;
    }

    static int atLeast(String name, int v, int min) {
        if (v < min) throw bad(name, v, ">= " + min);
        return v;
    }

    static long atLeast(String name, long v, long min) {
        if (v < min) throw bad(name, v, ">= " + min);
        return v;
    }

    static IllegalArgumentException bad(String name, Object v, String range) {
        return new IllegalArgumentException(name + " = " + v + ": must be " + range);
    }
}
