package org.scorefdt.api;

import java.util.function.IntPredicate;
import org.scorefdt.response.LaggedSums;

/**
 * Which rows of the data pass a score type trains on (docs/architecture.md §7). The data pass keeps
 * snapshots in member-save order, every member of a kept save in turn from member 0, so row r holds
 * member {@code r mod members}; its member block is the GFDT pass's ({@link LaggedSums#firstMember}),
 * which is what lets a delete-one-block jackknife leave the same members out of the fit and the GFDT.
 */
final class TrainingRows {
    private final double[] data;
    private final int n;
    private final int d;

    TrainingRows(double[] data, int n, int d) {
        this.data = data;
        this.n = n;
        this.d = d;
    }

    int count() {
        return n;
    }

    double[] data() {
        return data;
    }

    /** At most {@code max} rows, evenly strided (rows ⌊k·n/max⌋), so every member and save range keeps its share. */
    TrainingRows atMost(int max) {
        if (n <= max) return this;
        double[] out = new double[max * d];
        for (int k = 0; k < max; k++) System.arraycopy(data, (int) ((long) k * n / max) * d, out, k * d, d);
        return new TrainingRows(out, max, d);
    }

    /** The rows of members outside GFDT block {@code b} of {@code blocks} over {@code members}. */
    TrainingRows withoutBlock(int b, int members, int blocks) {
        long from = LaggedSums.firstMember(b, members, blocks), to = LaggedSums.firstMember(b + 1, members, blocks);
        return where(r -> {
            int m = r % members;
            return m < from || m >= to;
        });
    }

    private TrainingRows where(IntPredicate keep) {
        int kept = 0;
        for (int r = 0; r < n; r++) if (keep.test(r)) kept++;
        double[] out = new double[kept * d];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (keep.test(r)) System.arraycopy(data, r * d, out, d * k++, d);
        }
        return new TrainingRows(out, kept, d);
    }
}
