package org.scorefdt.integrate;

import org.scorefdt.util.ConfigName;

/**
 * Floating-point precision of the state and its arithmetic. Random normals are always computed in
 * double and rounded once. F64 low-dimensional runs are bitwise identical across the Java and
 * native backends; F32 runs and FFT-based (spectral) runs agree within stated tolerances only.
 * The CUDA backend equals the native one bitwise on low-dimensional runs in both precisions.
 */
public enum Precision implements ConfigName {
    F64, F32;

    /** Parses the CLI/config spelling: f64, f32. */
    public static Precision parse(String s) {
        return ConfigName.find(Precision.class, s).orElseThrow(() ->
                new IllegalArgumentException("unknown precision '" + s + "': expected f64 or f32"));
    }

    /** The config spelling: f64, f32. */
    @Override
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
