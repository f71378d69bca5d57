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

    /** Smallest time step accepted: below it a run's step count is beyond any machine (and 1e-320 is subnormal). */
    static final double MIN_DT = 1e-9;
    /** Most steps per member: at 10^8 steps a second, 10^12 is three hours of one core per member. */
    static final long MAX_STEPS = 1_000_000_000_000L;
    /** Most bootstrap replicates: standard errors settle long before; beyond this a run only burns time. */
    static final int MAX_BOOTSTRAP = 100_000;

    /** A time step: finite and at least {@link #MIN_DT}. */
    static double timeStep(String key, double dt) {
        if (!(dt >= MIN_DT) || !Double.isFinite(dt)) throw ConfigException.invalid(key, dt, "must be a finite number >= " + MIN_DT);
        return dt;
    }

    /** {@code time / dt} rounded, the steps a duration takes; refused above {@link #MAX_STEPS} (a duration of 1e300). */
    static long steps(String key, double time, double dt) {
        double s = Math.rint(time / dt);
        if (!(s <= MAX_STEPS)) {
            throw ConfigException.invalid(key, time, "is " + String.format(java.util.Locale.ROOT, "%.3g", s) + " steps of dt = " + dt
                    + "; at most " + MAX_STEPS + " steps are allowed");
        }
        return (long) s;
    }

    /** Most worker threads: more than this many per core only adds switching (0 = all cores). */
    static int maxThreads() {
        return Math.max(64, 8 * Runtime.getRuntime().availableProcessors());
    }

    static <T> T notNull(String key, T v) {
        if (v == null) throw ConfigException.invalid(key, null, "must be set");
        return v;
    }
}
