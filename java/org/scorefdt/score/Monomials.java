package org.scorefdt.score;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * All monomials z^α of total degree 0 … G in d variables, in graded order (degree 0, then 1, …; within
 * a degree, lexicographic in the sorted variable list), as a tree: monomial k is monomial parent[k]
 * times z_{variable[k]}, where the parent's largest variable is ≤ variable[k]. The tree evaluates every
 * monomial with one multiplication each, and the graded order makes the monomials of degree ≤ g a
 * prefix of length {@link #count}(d, g). Immutable and thread-safe. docs/score-models.md §11.
 */
final class Monomials {
    final int d, maxDegree;
    final int[] parent, variable;
    final int[][] exponents;
    private final Map<Key, Integer> index = new HashMap<>();

    Monomials(int d, int maxDegree) {
        long size = count(d, maxDegree);
        if (d < 1 || maxDegree < 0 || size > 1 << 22) {
            throw new IllegalArgumentException("monomials of degree <= " + maxDegree + " in d = " + d + " variables: " + size + " (at most " + (1 << 22) + ")");
        }
        this.d = d;
        this.maxDegree = maxDegree;
        parent = new int[(int) size];
        variable = new int[(int) size];
        exponents = new int[(int) size][];
        int[] largest = new int[(int) size];
        parent[0] = -1;
        variable[0] = -1;
        exponents[0] = new int[d];
        int k = 1, from = 0, to = 1;
        for (int g = 1; g <= maxDegree; g++) {
            for (int p = from; p < to; p++) {
                for (int v = largest[p]; v < d; v++) {
                    parent[k] = p;
                    variable[k] = v;
                    largest[k] = v;
                    exponents[k] = exponents[p].clone();
                    exponents[k][v]++;
                    k++;
                }
            }
            from = to;
            to = k;
        }
        for (int m = 0; m < size; m++) index.put(new Key(exponents[m]), m);
    }

    /** C(d + g, g), the number of monomials of degree ≤ g in d variables; {@link Long#MAX_VALUE} when larger. */
    static long count(int d, int g) {
        long c = 1;
        try {
            // C(d+i, i) = C(d+i−1, i−1)·(d+i)/i, exactly: the product is divisible by i
            for (int i = 1; i <= g; i++) c = Math.multiplyExact(c, (long) d + i) / i;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        return c;
    }

    int size() {
        return parent.length;
    }

    /** Index of z^e, or −1 when its degree exceeds {@link #maxDegree} (e is not modified). */
    int indexOf(int[] e) {
        Integer m = index.get(new Key(e));
        return m == null ? -1 : m;
    }

    /** The first {@code count} monomials at z (read from {@code z[off … off+d)}) into {@code out}. */
    void values(double[] z, int off, double[] out, int count) {
        out[0] = 1;
        for (int k = 1; k < count; k++) out[k] = out[parent[k]] * z[off + variable[k]];
    }

    /** An exponent vector as a hash key (the array is not copied: callers pass arrays they no longer change). */
    private record Key(int[] e) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(e, k.e);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(e);
        }
    }
}
