package org.scorefdt.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code .npy} files {@link NpyWriter} writes ({@code <f8}/{@code <f4}, C order, versions
 * 1.0–3.0 header framing), for round-trip tests and for reloading earlier results.
 *
 * <p>Anything else — another dtype, Fortran order, a truncated header or data section — is refused
 * with an {@link IOException} naming the file and what is wrong, rather than returning partial data.
 */
public final class NpyReader {
    private NpyReader() {}

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Reads a whole file.
     *
     * @throws IOException if the file is unreadable, not NPY, truncated, or of an unsupported dtype
     */
    public static NpyArray read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return read(bytes, file.toString());
    }

    /** Parses NPY bytes; {@code name} is used in error messages. */
    public static NpyArray read(byte[] bytes, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) throw new IOException(name + ": truncated NPY file: " + bytes.length + " bytes, shorter than the 10-byte preamble");
        if (!NpyWriter.hasMagic(bytes)) throw new IOException(name + ": not an NPY file (bad magic)");
        int major = bytes[6];
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new IOException(name + ": truncated NPY file: preamble incomplete");
            long len = Integer.toUnsignedLong(b.getInt(8));
            if (len > Integer.MAX_VALUE) throw new IOException(name + ": NPY header too large");
            headerLen = (int) len;
            start = 12;
        } else {
            throw new IOException(name + ": unsupported NPY version " + major + "." + bytes[7]);
        }
        if (bytes.length < start + headerLen) {
            throw new IOException(name + ": truncated NPY file: header declares " + headerLen + " bytes, only "
                    + (bytes.length - start) + " present");
        }
        String header = new String(bytes, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, name, "descr");
        String fortran = group(FORTRAN, header, name, "fortran_order");
        if (fortran.equals("True")) throw new IOException(name + ": Fortran-order arrays are not supported");
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);

        long n = 1;
        for (long d : shape) n = Math.multiplyExact(n, d);
        int width = switch (descr) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw new IOException(name + ": unsupported dtype '" + descr + "' (expected <f8 or <f4)");
        };
        int dataStart = start + headerLen;
        long expected = n * width;
        long present = bytes.length - dataStart;
        if (present < expected) {
            throw new IOException(name + ": truncated NPY file: shape " + java.util.Arrays.toString(shape) + " needs "
                    + expected + " data bytes, only " + present + " present");
        }
        if (present > expected) {
            throw new IOException(name + ": NPY file has " + (present - expected) + " unexpected trailing bytes");
        }
        if (n > Integer.MAX_VALUE) throw new IOException(name + ": array too large for a Java array");
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) expected).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (width == 8) {
            double[] out = new double[(int) n];
            data.asDoubleBuffer().get(out);
            return new NpyArray(descr, shape, out, null);
        }
        float[] out = new float[(int) n];
        data.asFloatBuffer().get(out);
        return new NpyArray(descr, shape, null, out);
    }

    private static String group(Pattern p, String header, String name, String field) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(name + ": NPY header lacks '" + field + "': " + header.trim());
        return m.group(1);
    }

    private static long[] parseShape(String inner, String name) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : inner.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            try {
                dims.add(Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
            } catch (NumberFormatException e) {
                throw new IOException(name + ": bad NPY shape '(" + inner + ")'");
            }
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) out[i] = dims.get(i);
        return out;
    }
}
