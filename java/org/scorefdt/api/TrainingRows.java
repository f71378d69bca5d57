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
    private final int[] member; // each row's member, null while row r holds member r mod members

    TrainingRows(double[] data, int n, int d) {
        this(data, n, d, null);
    }

    private TrainingRows(double[] data, int n, int d, int[] member) {
        this.data = data;
        this.n = n;
        this.d = d;
        this.member = member;
    }

    int count() {
        return n;
    }

    double[] data() {
        return data;
    }

    /**
     * At most {@code max} rows: whole kept saves, evenly strided (saves ⌊k·S/K⌋ of S, K = max/members), so every
     * member keeps its rows and the saves span the run; with fewer rows than members, rows ⌊k·n/max⌋. (A row
     * stride could alias with the member count and drop whole members.) Thin before leaving a block out
     * ({@link #withoutBlock}): thinning each replicate's rows anew would give every replicate another subsample,
     * and the jackknife would count that reshuffle as fit error.
     */
    TrainingRows atMost(int max, int members) {
        if (n <= max) return this;
        if (member != null) throw new IllegalStateException("rows already thinned or filtered");
        int saves = (n + members - 1) / members, keep = max / members;
        IntPredicate kept;
        if (keep >= 1) {
            boolean[] save = new boolean[saves];
            for (int k = 0; k < keep; k++) save[(int) ((long) k * saves / keep)] = true;
            kept = r -> save[r / members];
        } else {
            boolean[] row = new boolean[n];
            for (int k = 0; k < max; k++) row[(int) ((long) k * n / max)] = true;
            kept = r -> row[r];
        }
        return where(kept, members);
    }

    /** The rows of members outside GFDT block {@code b} of {@code blocks} over {@code members}. */
    TrainingRows withoutBlock(int b, int members, int blocks) {
        long from = LaggedSums.firstMember(b, members, blocks), to = LaggedSums.firstMember(b + 1, members, blocks);
        return where(r -> {
            int m = memberOf(r, members);
            return m < from || m >= to;
        }, members);
    }

    private int memberOf(int r, int members) {
        return member == null ? r % members : member[r];
    }

    private TrainingRows where(IntPredicate keep, int members) {
        int kept = 0;
        for (int r = 0; r < n; r++) if (keep.test(r)) kept++;
        double[] out = new double[kept * d];
        int[] m = new int[kept];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (!keep.test(r)) continue;
            System.arraycopy(data, r * d, out, d * k, d);
            m[k++] = memberOf(r, members);
        }
        return new TrainingRows(out, kept, d, m);
    }
}
