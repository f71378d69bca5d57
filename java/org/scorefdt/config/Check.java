package org.scorefdt.config;

/**
 * Range checks shared by the config records. Each throws {@link ConfigException} naming the key,
 * the value and the allowed range, so every record validates with one line per field.
 */
final class Check {
    private Check() {}

    static double positive(String key, double v) {
        if (!(v > 0) || !Double.isFinite(v)) throw ConfigException.invalid(key, v, "must be a finite number > 0");
        return v;
    }

    static double nonNegative(String key, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) throw ConfigException.invalid(key, v, "must be a finite number >= 0");
        return v;
    }

    static double finite(String key, double v) {
        if (!Double.isFinite(v)) throw ConfigException.invalid(key, v, "must be a finite number");
        return v;
    }

    static double nonZero(String key, double v) {
        if (v == 0 || !Double.isFinite(v)) throw ConfigException.invalid(key, v, "must be a finite number != 0");
        return v;
    }

    static int atLeast(String key, int v, int min) {
        if (v < min) throw ConfigException.invalid(key, v, "must be >= " + min);
        return v;
    }

    static long atLeast(String key, long v, long min) {
        if (v < min) throw ConfigException.invalid(key, v, "must be >= " + min);
        return v;
    }

    static int inRange(String key, int v, int min, int max) {
        if (v < min || v > max) throw ConfigException.invalid(key, v, "must be in [" + min + ", " + max + "]");
        return v;
    }

    static <T> T notNull(String key, T v) {
        if (v == null) throw ConfigException.invalid(key, null, "must be set");
        return v;
    }
}
