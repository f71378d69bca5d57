package org.scorefdt.rng;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PortableMath#exp} against {@link StrictMath#exp} (fdlibm, itself < 1 ulp from the exact
 * value). Both are within 1 ulp of e^x, so they can differ by at most 2 ulp; fdlibm's polynomial
 * makes it ≤ 1 ulp in practice, which is what we assert.
 */
class PortableExpTest {

    private static double ulpDistance(double a, double b) {
        if (a == b) return 0;
        return Math.abs(a - b) / Math.ulp(b);
    }

    @Test
    void withinOneUlpOfStrictMathOverTheWholeRange() {
        SplittableRandom r = new SplittableRandom(11);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            // half the points where the KDE uses exp (arguments in [−50, 0]), half over the full range
            double x = i % 2 == 0 ? r.nextDouble(-50, 0) : r.nextDouble(-708, 709.7);
            worst = Math.max(worst, ulpDistance(PortableMath.exp(x), StrictMath.exp(x)));
        }
        assertTrue(worst <= 1.0, "worst ulp distance " + worst);
    }

    @Test
    void smallArgumentsAndSubnormalResults() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            double tiny = r.nextDouble(-1e-9, 1e-9);
            assertTrue(ulpDistance(PortableMath.exp(tiny), StrictMath.exp(tiny)) <= 1.0, "x = " + tiny);
            // subnormal results: compare in absolute terms of the smallest subnormal (one rounding)
            double x = r.nextDouble(-745.1, -708.5);
            assertTrue(Math.abs(PortableMath.exp(x) - StrictMath.exp(x)) <= Double.MIN_VALUE, "x = " + x);
        }
    }

    @Test
    void specialValues() {
        assertEquals(1.0, PortableMath.exp(0.0));
        assertEquals(1.0, PortableMath.exp(-0.0));
        assertEquals(Math.E, PortableMath.exp(1.0), Math.ulp(Math.E));
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.exp(709.8));
        assertEquals(Double.POSITIVE_INFINITY, PortableMath.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, PortableMath.exp(-745.2));
        assertEquals(0.0, PortableMath.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(PortableMath.exp(Double.NaN)));
        assertTrue(PortableMath.exp(709.78) < Double.POSITIVE_INFINITY);
        assertTrue(PortableMath.exp(-745.13) > 0);
    }
}
