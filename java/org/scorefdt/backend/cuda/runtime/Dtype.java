package org.scorefdt.backend.cuda.runtime;

import org.scorefdt.integrate.Precision;

/** Element types of device buffers, with their sizes in bytes. */
public enum Dtype {
    F32(4), F64(8), I32(4), I64(8);

    /** Bytes per element. */
    public final int bytes;

    Dtype(int bytes) {
        this.bytes = bytes;
    }

    /** The floating type of a state precision. */
    public static Dtype of(Precision p) {
        return p == Precision.F64 ? F64 : F32;
    }
}
