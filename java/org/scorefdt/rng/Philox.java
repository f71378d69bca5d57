package org.scorefdt.rng;

/**
 * Philox4x32-10, the counter-based generator every backend shares, and its Box–Muller normals: a
 * variate depends only on (seed, stream, member, step, component), bitwise equal on every tier
 * ({@link PortableMath}). Keying: docs/numerics.md §4.
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;
    private static final double TWO_M53 = 0x1.0p-53;

    /** Largest member index + 1 and step + 1 the counter layout can address. */
    public static final long MAX_MEMBERS = 1L << 32;
    public static final long MAX_STEPS = 1L << 48;
    public static final int MAX_STREAM = 0xFFFF;

    /**
     * One Philox4x32-10 block: {@code out[0..3]} = Philox(ctr, key). Arrays hold unsigned 32-bit
     * values in Java ints.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out) {
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0; c1 = n1; c2 = n2; c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
    }

    /** Uniform in (0, 1]: never 0, so its logarithm is finite. */
    static double uniformOpenClosed(int hi, int lo) {
        long bits = ((hi & 0xFFFFFFFFL) << 21) | ((lo & 0xFFFFFFFFL) >>> 11);
        return (bits + 1) * TWO_M53;
    }

    /** Uniform in [0, 1). */
    static double uniformClosedOpen(int hi, int lo) {
        long bits = ((hi & 0xFFFFFFFFL) << 21) | ((lo & 0xFFFFFFFFL) >>> 11);
        return bits * TWO_M53;
    }

    /**
     * Fills {@code out[off .. off+count)} with the standard normals of components
     * {@code 0 .. count-1} for (seed, stream, member, step). Allocation-free.
     */
    public static void normals(long seed, int stream, long member, long step, double[] out, int off, int count,
                               Scratch scratch) {
        for (int j = 0; 2 * j < count; j++) {
            pair(seed, stream, member, step, j, scratch);
            out[off + 2 * j] = scratch.pair[0];
            if (2 * j + 1 < count) out[off + 2 * j + 1] = scratch.pair[1];
        }
    }

    /**
     * Fills {@code out[off .. off+count)} with the standard normals of components
     * {@code first .. first+count-1} (the same values {@link #normals} gives those components), for
     * states whose leading components carry no noise. {@code first} must be even (pairs are not split).
     */
    public static void normalsFrom(long seed, int stream, long member, long step, int first, double[] out, int off,
                                   int count, Scratch scratch) {
        if ((first & 1) != 0 || first < 0) throw new IllegalArgumentException("first component " + first + ": must be even and >= 0");
        int j0 = first >>> 1;
        for (int j = 0; 2 * j < count; j++) {
            pair(seed, stream, member, step, j0 + j, scratch);
            out[off + 2 * j] = scratch.pair[0];
            if (2 * j + 1 < count) out[off + 2 * j + 1] = scratch.pair[1];
        }
    }

    /** One normal; allocates its scratch, for tests and cold paths. */
    public static double normal(long seed, int stream, long member, long step, int component) {
        Scratch s = new Scratch();
        pair(seed, stream, member, step, component >>> 1, s);
        return s.pair[component & 1];
    }

    /** Components 2j and 2j+1 into {@code scratch.pair}. */
    private static void pair(long seed, int stream, long member, long step, int j, Scratch scratch) {
        int c3 = ((int) (step >>> 32) & 0xFFFF) | (stream << 16);
        int[] w = scratch.words;
        block(j, (int) member, (int) step, c3, (int) seed, (int) (seed >>> 32), w);
        double r = Math.sqrt(-2.0 * PortableMath.log(uniformOpenClosed(w[0], w[1])));
        PortableMath.cosSin2Pi(uniformClosedOpen(w[2], w[3]), scratch.cosSin);
        scratch.pair[0] = r * scratch.cosSin[0];
        scratch.pair[1] = r * scratch.cosSin[1];
    }

    /** Per-thread scratch for {@link #normals}; not thread-safe, cheap to create. */
    public static final class Scratch {
        final int[] words = new int[4];
        final double[] cosSin = new double[2];
        final double[] pair = new double[2];
    }
}
