package org.scorefdt.api.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The branching check on fields whose sibling correlation is known: siblings a·parent + √(1−a²)·noise
 * correlate by a² (identical siblings: 1; independent: 0); and the branched start's parent map.
 */
class SiblingCorrelationTest {
    static final int D = 200, OBS = 180; // the hidden tail must not enter the correlation

    /** Members m = a·parent(m mod P) + √(1−a²)·own noise, i.i.d. normal components. */
    static double[] siblings(int members, int parents, double a, long seed) {
        Random r = new Random(seed);
        double[] p = new double[parents * D], x = new double[members * D];
        for (int i = 0; i < p.length; i++) p[i] = r.nextGaussian();
        double b = Math.sqrt(1 - a * a);
        for (int m = 0; m < members; m++) {
            for (int i = 0; i < D; i++) x[m * D + i] = a * p[(m % parents) * D + i] + b * r.nextGaussian();
        }
        return x;
    }

    @Test
    void identicalSiblingsCorrelateFullyAndAreFlagged() {
        SiblingCorrelation c = SiblingCorrelation.of(siblings(64, 4, 1, 1), D, OBS, 4);
        assertEquals(1, c.sibling(), 1e-12);
        assertEquals(32, c.siblingPairs(), "disjoint pairs (m, m + P) over the even rounds");
        assertFalse(c.decorrelated());
        assertTrue(c.summary().contains("raise branch_time"), c.summary());
    }

    @Test
    void partlyForgottenParentsCorrelateByASquared() {
        // E[sibling] = a² exactly for these fields; the pattern correlation's own bias is O(1/OBS).
        for (double a : new double[] {0.3, 0.6, 0.9}) {
            SiblingCorrelation c = SiblingCorrelation.of(siblings(400, 8, a, 7), D, OBS, 8);
            double tol = 4 * c.siblingStderr() + 2.0 / OBS;
            assertEquals(a * a, c.sibling(), tol, "a = " + a);
            assertEquals(0, c.unrelated(), 4 * c.unrelatedStderr() + 2.0 / OBS, "unrelated pairs, a = " + a);
        }
    }

    @Test
    void independentMembersPassTheCheck() {
        int passed = 0;
        for (long seed = 0; seed < 20; seed++) {
            SiblingCorrelation c = SiblingCorrelation.of(siblings(128, 4, 0, seed), D, OBS, 4);
            if (c.decorrelated()) passed++;
        }
        // |z| <= 3 fails with probability ~0.003 per seed for independent members: all 20 pass (fixed seeds).
        assertEquals(20, passed);
    }

    @Test
    void tooFewMembersToPairSiblingsIsNotMeasuredRatherThanPassed() {
        SiblingCorrelation c = SiblingCorrelation.of(siblings(10, 4, 1, 1), D, OBS, 4); // pairs (0,4) (1,5) (2,6) (3,7): 4
        assertTrue(c.measured());
        SiblingCorrelation few = SiblingCorrelation.of(siblings(5, 4, 1, 1), D, OBS, 4); // only (0,4)
        assertFalse(few.measured() || few.decorrelated(), few.summary());
        assertTrue(few.summary().startsWith("not measured"), few.summary());
        assertFalse(few.toJson(1).has("z"));
    }

    @Test
    void branchedStartCopiesTheParentOfTheGlobalMember() {
        double[] parents = {1, 2, 3, 4, 5, 6}; // 3 parents of dimension 2
        BranchedStart start = new BranchedStart(parents, 2);
        double[] all = new double[5 * 2], split = new double[5 * 2], tail = new double[3 * 2];
        start.fill(all, 5, 7, 0); // members 7..11: parents 1, 2, 0, 1, 2
        assertArrayEquals(new double[] {3, 4, 5, 6, 1, 2, 3, 4, 5, 6}, all);
        start.fill(split, 2, 7, 0);
        start.fill(tail, 3, 9, 0);
        System.arraycopy(tail, 0, split, 4, 6);
        assertArrayEquals(all, split, "the start does not depend on how members are batched");
        assertThrows(IllegalArgumentException.class, () -> new BranchedStart(new double[5], 2));
    }
}
