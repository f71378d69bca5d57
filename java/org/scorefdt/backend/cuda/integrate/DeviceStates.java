package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.integrate.Precision;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;
import org.scorefdt.backend.cuda.runtime.Dtype;

/** Validation of the device buffers handed to the device-resident integrator entries. */
final class DeviceStates {
    private DeviceStates() {}

    /**
     * @throws IllegalArgumentException unless {@code b} holds at least {@code members × dimension}
     *         values of the integrator's precision and the counts are non-negative
     */
    static void check(String what, DeviceBuffer b, Precision precision, int members, int dimension, long memberOffset,
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
}
