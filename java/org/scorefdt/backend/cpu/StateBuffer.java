package org.scorefdt.backend.cpu;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.integrate.Precision;

/**
 * An off-heap state block in the integrator's precision, grown only when a larger block arrives,
 * so steady-state calls allocate nothing. F32 rounds on the way in and widens on the way out.
 */
final class StateBuffer implements AutoCloseable {
    private final Precision precision;
    private Pointer ptr;
    private long capacity;

    StateBuffer(Precision precision) {
        this.precision = precision;
    }

    Pointer load(double[] states, int count) {
        if (count > capacity) {
            close();
            long cap = Math.max(count, 1);
            ptr = precision == Precision.F64 ? new DoublePointer(cap) : new FloatPointer(cap);
            capacity = cap;
        }
        if (precision == Precision.F64) {
            ((DoublePointer) ptr).put(states, 0, count);
        } else {
            FloatPointer f = (FloatPointer) ptr;
            for (int i = 0; i < count; i++) f.put(i, (float) states[i]);
        }
        return ptr;
    }

    void store(double[] states, int count) {
        if (precision == Precision.F64) {
            ((DoublePointer) ptr).get(states, 0, count);
        } else {
            FloatPointer f = (FloatPointer) ptr;
            for (int i = 0; i < count; i++) states[i] = f.get(i);
        }
    }

    static int code(Precision p) {
        return p == Precision.F64 ? 0 : 1;
    }

    @Override
    public void close() {
        if (ptr != null) {
            ptr.close();
            ptr = null;
            capacity = 0;
        }
    }
}
