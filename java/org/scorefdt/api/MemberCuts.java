package org.scorefdt.api;

import java.util.Arrays;
import java.util.TreeSet;
import org.scorefdt.response.BlockedMoments;
import org.scorefdt.response.LaggedSums;

/**
 * Where a member range of a sharded job may start or end (docs/formats.md §9): the job's members
 * are numbered globally, the GFDT ensemble's M members first (0 … M−1), then the P truth pairs
 * (M … M+P−1). A range starts and ends on a cut — the first member of every GFDT block, M, every
 * {@link BlockedMoments#BLOCK}-th truth pair after it, and M + P — so that a merge takes every
 * block's sums over whole and the merged numbers are the unsplit run's bit for bit. Shared by
 * {@code ou} and {@code respond}, so both split and validate alike.
 *
 * @param cuts  the allowed boundaries, ascending (at least two)
 * @param gfdt  M, the GFDT members of the whole run
 * @param pairs P, the truth pairs of the whole run
 */
public record MemberCuts(long[] cuts, long gfdt, long pairs) {
    public MemberCuts {
        if (cuts.length < 2) throw new IllegalArgumentException("a member space needs at least two cuts");
        cuts = cuts.clone();
    }

    /** The cuts of a run of {@code members} GFDT members in {@code blocks} blocks and {@code pairs} truth pairs. */
    public static MemberCuts of(int members, int blocks, int pairs) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (int b = 0; b <= blocks; b++) cuts.add(LaggedSums.firstMember(b, members, blocks));
        for (long p = 0; p < pairs; p += BlockedMoments.BLOCK) cuts.add(members + p);
        cuts.add((long) members + pairs);
        return new MemberCuts(cuts.stream().mapToLong(Long::longValue).toArray(), members, pairs);
    }

    /**
     * The GFDT block whose first member is {@code member} (a cut at or below M), where a shard's
     * accumulator sums are sliced: blocks b0 … b1 − 1 are those of members b0's first … b1's first − 1.
     *
     * @throws IllegalArgumentException when no block of {@code members} in {@code blocks} starts there
     */
    public static int gfdtBlock(long member, int members, int blocks) {
        for (int b = 0; b <= blocks; b++) if (LaggedSums.firstMember(b, members, blocks) == member) return b;
        throw new IllegalArgumentException("member " + member + " starts no block of " + members + " members in " + blocks);
    }

    /** The cuts of the GFDT members alone (0 … M): a job whose truth pairs are a later stage. */
    public MemberCuts gfdtPart() {
        return new MemberCuts(Arrays.stream(cuts).filter(c -> c <= gfdt).toArray(), gfdt, pairs);
    }

    /** The cuts of the truth pairs alone (M … M+P). */
    public MemberCuts truthPart() {
        return new MemberCuts(Arrays.stream(cuts).filter(c -> c >= gfdt).toArray(), gfdt, pairs);
    }

    /** The cuts, a copy. */
    @Override
    public long[] cuts() {
        return cuts.clone();
    }

    /**
     * The range of shard {@code index} (0-based) of {@code count}: the cuts split as evenly as they
     * allow by member count (a batch array's task id and size).
     *
     * @throws IllegalArgumentException naming the count or index and the allowed ones
     */
    public long[] shardRange(int index, int count) {
        if (count < 1 || count > cuts.length - 1) {
            throw new IllegalArgumentException("shards = " + count + ": must be in 1 … " + (cuts.length - 1) + " (the block boundaries)");
        }
        if (index < 0 || index >= count) throw new IllegalArgumentException("shard " + index + ": must be in 0 … " + (count - 1));
        return new long[] {cut(index, count), cut(index + 1, count)};
    }

    /** Boundary i of {@code count}: cut number ⌊i·(C−1)/count⌋, so every shard gets at least one block. */
    private long cut(int i, int count) {
        return cuts[(int) ((long) i * (cuts.length - 1) / count)];
    }

    /**
     * @throws IllegalArgumentException naming the range and the nearest allowed boundaries when it is
     *                                  empty, outside these cuts or not on block boundaries
     */
    public void check(long from, long to) {
        long lo = cuts[0], hi = cuts[cuts.length - 1];
        if (from < lo || to > hi || from >= to) {
            throw new IllegalArgumentException("--member-range " + from + ":" + to + ": must satisfy " + lo + " <= FROM < TO <= " + hi
                    + " (" + gfdt + " GFDT members, then " + pairs + " truth pairs)");
        }
        for (long v : new long[] {from, to}) {
            int at = Arrays.binarySearch(cuts, v);
            if (at < 0) {
                at = -at - 1;
                throw new IllegalArgumentException("--member-range " + from + ":" + to + ": " + v + " is not a block boundary (nearest "
                        + cuts[at - 1] + " or " + cuts[at] + "; all: " + describe() + ")");
            }
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cuts.length && i < 40; i++) sb.append(i == 0 ? "" : ", ").append(cuts[i]);
        if (cuts.length > 40) sb.append(", … ").append(cuts[cuts.length - 1]);
        return sb.toString();
    }
}
