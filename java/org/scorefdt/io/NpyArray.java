package org.scorefdt.io;

import java.util.Arrays;

/**
 * An array read back from a {@code .npy} file: its dtype, C-order shape and data. Exactly one of
 * {@link #doubles()} and {@link #floats()} is non-null, by {@code descr}.
 *
 * @param descr   NumPy dtype string, {@code <f8} or {@code <f4}
 * @param shape   dimensions in C order (empty for a scalar)
 * @param doubles data for {@code <f8}, else {@code null}
 * @param floats  data for {@code <f4}, else {@code null}
 */
public record NpyArray(String descr, long[] shape, double[] doubles, float[] floats) {

    /** Number of elements. */
    public int size() {
        return doubles != null ? doubles.length : floats.length;
    }

    /** The data as doubles, widening {@code <f4} values. */
    public double[] asDoubles() {
        if (doubles != null) return doubles;
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) out[i] = floats[i];
        return out;
    }

    @Override
    public String toString() {
        return "NpyArray[" + descr + ", shape=" + Arrays.toString(shape) + "]";
    }
}
