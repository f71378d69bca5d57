package org.scorefdt.backend.cpu;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.scorefdt.integrate.CheckedIntegrator;
import org.scorefdt.integrate.Precision;

/**
 * The shell of the native CPU tier's integrators: the states cross into an off-heap block in the
 * integrator's precision, one library call advances them, and they cross back. The block grows only
 * when a larger batch arrives, so steady-state calls allocate nothing; F32 rounds on the way in and
 * widens on the way out. The native arrays a call reads are {@linkplain #own owned} here and freed
 * on {@link #close}.
 */
abstract class NativeIntegrator extends CheckedIntegrator {
    private final List<Pointer> owned = new ArrayList<>();
    private Pointer block;
    private long capacity;

    NativeIntegrator(int dimension, Precision precision) {
        super(dimension, precision);
    }

    /** Frees {@code p} with this integrator; returns it. */
    final <P extends Pointer> P own(P p) {
        owned.add(p);
        return p;
    }

    /** A native copy of {@code values}, owned. */
    final DoublePointer own(double[] values) {
        return own(new DoublePointer(values));
    }

    /** The library's code of this integrator's precision. */
    final int precisionCode() {
        return NativeCpuBackend.precisionCode(precision);
    }

    /** Advances the {@code members} rows at {@code state} in place (the library call, status checked). */
    abstract void advanceNative(Pointer state, int members, long memberOffset, long step0, int nSteps);

    @Override
    protected final void advanceChecked(double[] states, int members, long memberOffset, long step0, int nSteps) {
        int count = members * dimension();
        advanceNative(load(states, count), members, memberOffset, step0, nSteps);
        store(states, count);
    }

    private Pointer load(double[] states, int count) {
        if (count > capacity) {
            freeBlock();
            capacity = Math.max(count, 1);
            block = precision == Precision.F64 ? new DoublePointer(capacity) : new FloatPointer(capacity);
        }
        if (precision == Precision.F64) {
            ((DoublePointer) block).put(states, 0, count);
        } else {
            FloatPointer f = (FloatPointer) block;
            for (int i = 0; i < count; i++) f.put(i, (float) states[i]);
        }
        return block;
    }

    private void store(double[] states, int count) {
        if (precision == Precision.F64) {
            ((DoublePointer) block).get(states, 0, count);
        } else {
            FloatPointer f = (FloatPointer) block;
            for (int i = 0; i < count; i++) states[i] = f.get(i);
        }
    }

    private void freeBlock() {
        if (block != null) block.close();
        block = null;
        capacity = 0;
    }

    @Override
    public void close() {
        freeBlock();
        owned.forEach(Pointer::close);
        owned.clear();
    }
}
