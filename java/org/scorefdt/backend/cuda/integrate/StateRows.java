package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;
import org.scorefdt.integrate.Precision;

/**
 * Where a grid integrator's states live between calls, {@code [members][dimension]}: a host array
 * (staged through the device chunk by chunk) or a device buffer (chunks move device to device). The
 * integrators run the same launches on the chunk buffer either way, so host and device-resident
 * runs give the same numbers.
 */
sealed interface StateRows {

    /** {@code into[0 .. rows·dimension)} ← rows {@code m0 .. m0 + rows}. */
    void load(int m0, int rows, DeviceBuffer into);

    /** Rows {@code m0 .. m0 + rows} ← {@code from[0 .. rows·dimension)}; a host store synchronises, so faults surface there. */
    void store(int m0, int rows, DeviceBuffer from);

    /**
     * Validates a device buffer handed to a device-resident integrator entry.
     *
     * @throws IllegalArgumentException unless {@code b} holds at least {@code members × dimension}
     *         values of the integrator's precision and the counts are non-negative
     */
    static void checkDevice(String what, DeviceBuffer b, Precision precision, int members, int dimension, long memberOffset,
                            long step0, int nSteps) {
        if (members < 0 || memberOffset < 0 || step0 < 0 || nSteps < 0) {
            throw new IllegalArgumentException("members = " + members + ", memberOffset = " + memberOffset + ", step0 = "
                    + step0 + ", nSteps = " + nSteps + ": must be >= 0");
        }
        if (b.type() != Dtype.of(precision) || b.elements() < (long) members * dimension) {
            throw new IllegalArgumentException(what + ": need " + members + " × " + dimension + " " + Dtype.of(precision)
                    + " values on the device, buffer has " + b.elements() + " " + b.type());
        }
    }

    static StateRows host(double[] states, int dimension) {
        return new Host(states, dimension);
    }

    static StateRows device(DeviceBuffer states, int dimension) {
        return new Device(states, dimension);
    }

    record Host(double[] states, int dimension) implements StateRows {
        @Override
        public void load(int m0, int rows, DeviceBuffer into) {
            into.copyFrom(states, m0 * dimension, rows * dimension, 0);
        }

        @Override
        public void store(int m0, int rows, DeviceBuffer from) {
            from.copyTo(states, m0 * dimension, rows * dimension, 0);
        }
    }

    record Device(DeviceBuffer states, int dimension) implements StateRows {
        @Override
        public void load(int m0, int rows, DeviceBuffer into) {
            into.copyFromDevice(states, (long) m0 * dimension, (long) rows * dimension, 0);
        }

        @Override
        public void store(int m0, int rows, DeviceBuffer from) {
            states.copyFromDevice(from, 0, (long) rows * dimension, (long) m0 * dimension);
        }
    }
}
