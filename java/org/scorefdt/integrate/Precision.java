package org.scorefdt.integrate;

/**
 * Floating-point precision of the state and its arithmetic. Random normals are always computed in
 * double and rounded once. F64 low-dimensional runs are bitwise identical across the Java and
 * native backends; F32 runs and FFT-based (spectral) runs agree within stated tolerances only.
 */
public enum Precision {
    F64, F32;

    public static Precision parse(String s) {
        return switch (s) {
            case "f64" -> F64;
            case "f32" -> F32;
            default -> throw new IllegalArgumentException("unknown precision '" + s + "': expected f64 or f32");
        };
    }
}
