package org.scorefdt.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.cpu.jni.ScoreFdtCpu;
import org.scorefdt.testing.NativeTier;
import org.scorefdt.testing.Stats;

class PhiloxTest {
    /** Random123 tests/kat_vectors, the three philox4x32 10 lines: ctr[4], key[2] → out[4]. */
    static final int[][] KAT = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
            0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };

    /** normalsFrom(first) gives exactly components first … first+count−1 of normals(); odd first is refused. */
    @Test
    void normalsFromAnEvenComponentAreTheSameVariates() {
        Philox.Scratch sc = new Philox.Scratch();
        double[] all = new double[1290], part = new double[2 + 279];
        Philox.normals(99L, Streams.NOISE, 4, 17, all, 0, all.length, sc);
        Philox.normalsFrom(99L, Streams.NOISE, 4, 17, 1010, part, 2, 279, sc);  // odd count: a half pair at the end
        for (int i = 0; i < 279; i++) assertEquals(all[1010 + i], part[2 + i], "component " + (1010 + i));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Philox.normalsFrom(99L, Streams.NOISE, 4, 17, 3, part, 0, 4, sc));
    }

    @Test
    void javaMatchesRandom123KnownAnswers() {
        int[] out = new int[4];
        for (int[] v : KAT) {
            Philox.block(v[0], v[1], v[2], v[3], v[4], v[5], out);
            assertArrayEquals(new int[] {v[6], v[7], v[8], v[9]}, out);
        }
    }

    @Test
    void nativeMatchesRandom123KnownAnswers() {
        NativeTier.require();
        try (IntPointer out = new IntPointer(4)) {
            for (int[] v : KAT) {
                ScoreFdtCpu.sfdt_philox_block(v[0], v[1], v[2], v[3], v[4], v[5], out);
                int[] got = new int[4];
                out.get(got);
                assertArrayEquals(new int[] {v[6], v[7], v[8], v[9]}, got);
            }
        }
    }

    @Test
    void javaAndNativeNormalsAreBitwiseIdentical() {
        NativeTier.require();
        int count = 1001;   // odd: the last pair is cut in half
        double[] java = new double[count];
        Philox.Scratch s = new Philox.Scratch();
        try (DoublePointer out = new DoublePointer(count)) {
            long[] seeds = {0L, 1L, -1L, 0x0123456789abcdefL};
            for (long seed : seeds) {
                for (long step : new long[] {0, 1, 4_294_967_296L + 7, (1L << 48) - 1}) {
                    Philox.normals(seed, Streams.NOISE, 12345, step, java, 0, count, s);
                    ScoreFdtCpu.sfdt_philox_normals(seed, Streams.NOISE, 12345, step, out, count);
                    double[] nat = new double[count];
                    out.get(nat);
                    for (int i = 0; i < count; i++) {
                        assertEquals(Double.doubleToRawLongBits(java[i]), Double.doubleToRawLongBits(nat[i]),
                                "seed " + seed + " step " + step + " component " + i);
                    }
                }
            }
        }
    }

    @Test
    void normalsDependOnlyOnTheirKeyNotOnBatchSize() {
        double[] all = new double[64];
        Philox.normals(7, Streams.NOISE, 3, 9, all, 0, 64, new Philox.Scratch());
        for (int c = 0; c < 64; c++) {
            assertEquals(all[c], Philox.normal(7, Streams.NOISE, 3, 9, c), 0.0);
        }
        double[] part = new double[5];
        Philox.normals(7, Streams.NOISE, 3, 9, part, 0, 5, new Philox.Scratch());
        for (int c = 0; c < 5; c++) assertEquals(all[c], part[c], 0.0);
    }

    @Test
    void streamsMembersAndStepsAreDistinct() {
        double base = Philox.normal(1, Streams.NOISE, 0, 0, 0);
        assertTrue(base != Philox.normal(1, Streams.INITIAL, 0, 0, 0));
        assertTrue(base != Philox.normal(1, Streams.NOISE, 1, 0, 0));
        assertTrue(base != Philox.normal(1, Streams.NOISE, 0, 1, 0));
        assertTrue(base != Philox.normal(2, Streams.NOISE, 0, 0, 0));
    }

    /**
     * Moments of n = 2^20 normals: mean within k/√n, variance within k·√(2/n), kurtosis within
     * k·√(24/n), with k for 3 checks at α = 1e-6 (a fixed seed: the test is deterministic, the
     * tolerance says what a correct generator must meet).
     */
    @Test
    void momentsAreThoseOfAStandardNormal() {
        int n = 1 << 20, per = 1024;
        double[] z = new double[per];
        Philox.Scratch s = new Philox.Scratch();
        double m1 = 0, m2 = 0, m4 = 0;
        for (int step = 0; step < n / per; step++) {
            Philox.normals(99, Streams.NOISE, 0, step, z, 0, per, s);
            for (double v : z) {
                m1 += v;
                m2 += v * v;
                m4 += v * v * v * v;
            }
        }
        m1 /= n; m2 /= n; m4 /= n;
        double k = Stats.bonferroniK(1e-6, 3);
        assertEquals(0, m1, k / Math.sqrt(n));
        assertEquals(1, m2, k * Math.sqrt(2.0 / n));
        assertEquals(3, m4, k * Math.sqrt(96.0 / n));
    }

    @Test
    void portableMathIsAccurate() {
        double maxLogErr = 0, maxTrigErr = 0;
        double[] cs = new double[2];
        for (int i = 1; i <= 100_000; i++) {
            double u = i / 100_001.0;
            maxLogErr = Math.max(maxLogErr, Math.abs(PortableMath.log(u) - Math.log(u)) / Math.abs(Math.log(u)));
            PortableMath.cosSin2Pi(u, cs);
            maxTrigErr = Math.max(maxTrigErr, Math.abs(cs[0] - Math.cos(2 * Math.PI * u)));
            maxTrigErr = Math.max(maxTrigErr, Math.abs(cs[1] - Math.sin(2 * Math.PI * u)));
        }
        assertTrue(maxLogErr < 4e-16, "log relative error " + maxLogErr);
        assertTrue(maxTrigErr < 1e-15, "sin/cos absolute error " + maxTrigErr);
    }
}
