package org.scorefdt.io;

import org.scorefdt.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes arrays in NumPy's {@code .npy} format, version 1.0, so results open with {@code numpy.load}.
 *
 * <p>Layout: the magic {@code \x93NUMPY}, version bytes {@code 1 0}, a little-endian uint16 header
 * length, then an ASCII dict {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }}
 * padded with spaces and ended by {@code \n} so that the data starts at a multiple of 64 bytes
 * (NumPy's alignment, which also lets readers memory-map the data). The padding follows
 * {@code numpy.save} exactly, so for the same array our files are byte-identical to NumPy's. Data are little-endian IEEE
 * doubles ({@code <f8}) or floats ({@code <f4}) in C (row-major) order, the engine's own layout.
 * Files are written through {@link AtomicFiles}.
 */
public final class NpyWriter {
    private NpyWriter() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Whether {@code bytes} start with the NPY magic string. */
    static boolean hasMagic(byte[] bytes) {
        if (bytes.length < MAGIC.length) return false;
        for (int i = 0; i < MAGIC.length; i++) if (bytes[i] != MAGIC[i]) return false;
        return true;
    }
    static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK = 1 << 15; // elements per staging buffer; bounds the copy's memory

    /**
     * Writes {@code data} with the given shape as {@code <f8}.
     *
     * @param shape dimensions, C order; empty for a scalar; their product must equal {@code data.length}
     * @throws IllegalArgumentException if the shape does not match the data or has a negative extent
     * @throws IOException              if the file cannot be written
     */
    public static void write(Path file, double[] data, long... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header("<f8", shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(CHUNK, Math.max(1, data.length))).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; off += CHUNK) {
                int len = Math.min(CHUNK, data.length - off);
                buf.clear();
                buf.asDoubleBuffer().put(data, off, len);
                out.write(buf.array(), 0, 8 * len);
            }
        });
    }

    /** Writes {@code data} with the given shape as {@code <f4}; see {@link #write(Path, double[], long...)}. */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        checkShape(data.length, shape);
        byte[] header = header("<f4", shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(CHUNK, Math.max(1, data.length))).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; off += CHUNK) {
                int len = Math.min(CHUNK, data.length - off);
                buf.clear();
                buf.asFloatBuffer().put(data, off, len);
                out.write(buf.array(), 0, 4 * len);
            }
        });
    }

    /** Writes a 1-D {@code <f8} array of length {@code data.length}. */
    public static void write(Path file, double[] data) throws IOException {
        write(file, data, (long) data.length);
    }

    private static void checkShape(int length, long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative extent in shape " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the array has " + length);
        }
    }

    /** The full preamble (magic, version, length, padded dict); its length is a multiple of 64. */
    static byte[] header(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(shapeString(shape)).append(", }");
        // Byte-identical to numpy.save (numpy/lib/format.py): spare spaces so the first extent can grow
        // in place to 21 digits, then 1..64 spaces and '\n' so the data start on a 64-byte boundary.
        if (shape.length > 0) dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length())));
        int preamble = MAGIC.length + 2 + 2; // magic, version, uint16 length
        int hlen = dict.length() + 1; // + final '\n'
        int pad = ALIGN - ((preamble + hlen) % ALIGN);
        int total = preamble + hlen + pad;
        dict.append(" ".repeat(pad)).append('\n');
        int headerLen = dict.length();
        if (headerLen > 0xFFFF) throw new IllegalArgumentException("shape too long for an NPY v1.0 header");
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) headerLen);
        b.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Python tuple syntax: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    static String shapeString(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        return sb.append(')').toString();
    }

}
