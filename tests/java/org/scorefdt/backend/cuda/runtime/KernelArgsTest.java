package org.scorefdt.backend.cuda.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;

/** The launch struct must match the C layout: natural alignment, total padded to 8 (host-only). */
class KernelArgsTest {

    private static ByteBuffer bytes(KernelArgs a) {
        BytePointer p = a.pointer();
        byte[] b = new byte[a.size()];
        p.position(0).get(b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void fieldsAreAlignedAsInC() {
        try (KernelArgs a = new KernelArgs()) {
            // struct { int a; double b; int c; float d; long long e; } → offsets 0, 8, 16, 20, 24; size 32
            a.i32(7).f64(2.5).i32(-3).f32(1.5f).i64(-9_000_000_000L);
            assertEquals(32, a.size());
            ByteBuffer b = bytes(a);
            assertEquals(7, b.getInt(0));
            assertEquals(2.5, b.getDouble(8));
            assertEquals(-3, b.getInt(16));
            assertEquals(1.5f, b.getFloat(20));
            assertEquals(-9_000_000_000L, b.getLong(24));
        }
    }

    @Test
    void trailingIntIsPaddedAndClearStartsOver() {
        try (KernelArgs a = new KernelArgs()) {
            a.u64(0xFFFF_FFFF_0000_0001L).i32(5);
            assertEquals(16, a.size());
            assertEquals(0xFFFF_FFFF_0000_0001L, bytes(a).getLong(0));
            a.clear().f32(3f);
            assertEquals(8, a.size());
            assertEquals(3f, bytes(a).getFloat(0));
        }
    }
}
