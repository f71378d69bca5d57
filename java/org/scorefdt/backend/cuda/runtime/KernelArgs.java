package org.scorefdt.backend.cuda.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;

/**
 * The by-value parameter struct of one kernel launch, laid out as the C compiler lays out the
 * matching {@code struct} in the .cu file: fields in order, each aligned to its own size, the
 * total padded to 8. Every kernel of this project takes exactly one such struct, so a launch
 * passes one pointer and the Java and CUDA sides agree on the field list in one place each.
 * Reusable: {@link #clear()} and fill again.
 */
public final class KernelArgs implements AutoCloseable {
    private final ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private BytePointer native_;

    /** Starts a new struct. */
    public KernelArgs clear() {
        buf.clear();
        return this;
    }

    private void align(int n) {
        while (buf.position() % n != 0) buf.put((byte) 0);
    }

    /** An {@code int} field. */
    public KernelArgs i32(int v) {
        align(4);
        buf.putInt(v);
        return this;
    }

    /** A {@code long long} field. */
    public KernelArgs i64(long v) {
        align(8);
        buf.putLong(v);
        return this;
    }

    /** An {@code unsigned long long} field (bits as given), or a device pointer ({@link DeviceBuffer#address}). */
    public KernelArgs u64(long v) {
        return i64(v);
    }

    /** A {@code double} field. */
    public KernelArgs f64(double v) {
        align(8);
        buf.putDouble(v);
        return this;
    }

    /** A {@code float} field. */
    public KernelArgs f32(float v) {
        align(4);
        buf.putFloat(v);
        return this;
    }

    /** Size of the struct so far, padded to 8 bytes. */
    public int size() {
        return (buf.position() + 7) / 8 * 8;
    }

    /** The struct in native memory (valid until the next call; owned by this object). */
    BytePointer pointer() {
        int n = Math.max(size(), 8);
        if (native_ == null || native_.capacity() < n) {
            if (native_ != null) native_.close();
            native_ = new BytePointer(1024);
        }
        byte[] bytes = new byte[n];
        System.arraycopy(buf.array(), 0, bytes, 0, buf.position());
        native_.position(0).put(bytes, 0, n);
        return native_;
    }

    @Override
    public void close() {
        if (native_ != null) {
            native_.close();
            native_ = null;
        }
    }
}
