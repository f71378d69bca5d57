package org.scorefdt.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.scorefdt.util.IoErrors;
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

    /** Largest header accepted: numpy writes under 200 bytes, and refuses over 10,000 by default. */
    static final int MAX_HEADER_BYTES = 1 << 16;
    /** numpy's own limit on the number of dimensions. */
    static final int MAX_DIMS = 64;

    /** What the header says: dtype, its width, shape, element count and where the data start. */
    private record Header(String descr, int width, long[] shape, long count, long dataStart) {}

    /**
     * Reads a whole file. The header is read and checked first — its length, dtype, order, shape and
     * the data size the shape implies against the file's size — so a header claiming gigabytes costs
     * nothing to refuse; only then is the data read.
     *
     * @throws IOException naming the file: unreadable, not NPY, truncated, or of an unsupported dtype
     */
    public static NpyArray read(Path file) throws IOException {
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] head = new byte[(int) Math.min(size, 12 + MAX_HEADER_BYTES)];
            readFully(ch, ByteBuffer.wrap(head), 0);
            Header h = header(head, size, name);
            byte[] data = new byte[(int) (h.count() * h.width())];
            readFully(ch, ByteBuffer.wrap(data), h.dataStart());
            return decode(h, data, 0);
        } catch (NoSuchFileException e) {
            throw new IOException(name + ": no such file", e);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith(name + ": ")) throw e;
            throw new IOException(name + ": cannot read: " + IoErrors.cause(e), e);
        }
    }

    /** Parses NPY bytes; {@code name} is used in error messages. */
    public static NpyArray read(byte[] bytes, String name) throws IOException {
        Header h = header(bytes, bytes.length, name);
        return decode(h, bytes, (int) h.dataStart());
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) throw new IOException("file shrank while being read");
        }
    }

    private static NpyArray decode(Header h, byte[] bytes, int offset) {
        int n = (int) h.count();
        ByteBuffer data = ByteBuffer.wrap(bytes, offset, n * h.width()).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (h.width() == 8) {
            double[] out = new double[n];
            data.asDoubleBuffer().get(out);
            return new NpyArray(h.descr(), h.shape(), out, null);
        }
        float[] out = new float[n];
        data.asFloatBuffer().get(out);
        return new NpyArray(h.descr(), h.shape(), null, out);
    }

    /** Checks the preamble and header in {@code bytes} (at least the file's first bytes) of a file of {@code fileSize}. */
    private static Header header(byte[] bytes, long fileSize, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (fileSize < 10) throw new IOException(name + ": truncated NPY file: " + fileSize + " bytes, shorter than the 10-byte preamble");
        if (!NpyWriter.hasMagic(bytes)) throw new IOException(name + ": not an NPY file (bad magic)");
        int major = bytes[6];
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(b.getShort(8));
            start = 10;
        } else if (major == 2 || major == 3) {
            if (fileSize < 12) throw new IOException(name + ": truncated NPY file: preamble incomplete");
            headerLen = Integer.toUnsignedLong(b.getInt(8));
            start = 12;
        } else {
            throw new IOException(name + ": unsupported NPY version " + major + "." + bytes[7]);
        }
        if (start + headerLen > fileSize) {
            throw new IOException(name + ": truncated NPY file: header declares " + headerLen + " bytes, only "
                    + (fileSize - start) + " present");
        }
        if (headerLen > MAX_HEADER_BYTES) {
            throw new IOException(name + ": NPY header of " + headerLen + " bytes; at most " + MAX_HEADER_BYTES + " are accepted");
        }
        String header = new String(bytes, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw new IOException(name + ": NPY header is not a dictionary: " + abbreviate(header));
        }
        String descr = group(DESCR, header, name, "descr");
        String fortran = group(FORTRAN, header, name, "fortran_order");
        if (fortran.equals("True")) throw new IOException(name + ": Fortran-order arrays are not supported (save with order='C')");
        int width = switch (descr) {
            case "<f8" -> 8;
            case "<f4" -> 4;
            default -> throw new IOException(name + ": unsupported dtype '" + abbreviate(descr) + "' (expected <f8 or <f4)");
        };
        long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
        long dataStart = start + headerLen;
        long present = fileSize - dataStart;
        long n = 1;
        boolean empty = Arrays.stream(shape).anyMatch(d -> d == 0);
        for (long d : empty ? new long[0] : shape) {
            // Past the file's size the product cannot be right, whatever follows; stop before it can overflow.
            if (d != 0 && n > present / d) {
                throw new IOException(name + ": truncated NPY file: shape " + Arrays.toString(shape) + " needs more data than the "
                        + present + " bytes present");
            }
            n *= d;
        }
        if (empty) n = 0;
        long expected = n * width;
        if (present < expected) {
            throw new IOException(name + ": truncated NPY file: shape " + Arrays.toString(shape) + " needs "
                    + expected + " data bytes, only " + present + " present");
        }
        if (present > expected) {
            throw new IOException(name + ": NPY file has " + (present - expected) + " unexpected trailing bytes");
        }
        if (n > Integer.MAX_VALUE - 8) throw new IOException(name + ": " + n + " elements are too many for one Java array");
        return new Header(descr, width, shape, n, dataStart);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String group(Pattern p, String header, String name, String field) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IOException(name + ": NPY header lacks '" + field + "': " + abbreviate(header.trim()));
        return m.group(1);
    }

    private static long[] parseShape(String inner, String name) throws IOException {
        List<Long> dims = new ArrayList<>();
        String[] parts = inner.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String s = parts[i].trim();
            if (s.isEmpty() && i == parts.length - 1 && i > 0) continue; // the trailing comma of (n,)
            if (s.isEmpty() && parts.length == 1) continue; // () : a scalar
            if (s.endsWith("L")) s = s.substring(0, s.length() - 1);
            long v;
            try {
                v = s.matches("\\d{1,19}") ? Long.parseLong(s) : -1;
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0) throw new IOException(name + ": bad NPY shape '(" + abbreviate(inner) + ")': dimensions must be integers >= 0");
            dims.add(v);
            if (dims.size() > MAX_DIMS) throw new IOException(name + ": NPY shape has more than " + MAX_DIMS + " dimensions");
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) out[i] = dims.get(i);
        return out;
    }
}
