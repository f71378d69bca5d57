package org.scorefdt.response;

/**
 * Splits members into B contiguous blocks keyed by the <em>global</em> member index g = offset + m:
 * g belongs to block ⌊g·B/T⌋ of the T members of the whole run, so block sizes differ by at most one,
 * the split does not depend on threads, and a run cut into member ranges (shards) puts every member
 * in the block the whole run puts it in. A batch seen alone (offset 0, T = its own size) is the
 * original split of its members, so unsplit runs keep their bits.
 */
final class MemberBlocks {
    private final int members, blocks;
    private final long offset, total;

    /** The members of one batch that is the whole run: offset 0, T = {@code members}. */
    MemberBlocks(int members, int blocks) {
        this(members, blocks, 0, members);
        if (members < blocks) {
            throw new IllegalArgumentException("members = " + members + " < blocks = " + blocks
                    + ": every block needs at least one member (use fewer blocks)");
        }
    }

    /**
     * The {@code members} local members that are global members offset … offset + members − 1 of a
     * run of {@code total}; blocks outside that range are empty here.
     */
    MemberBlocks(int members, int blocks, long offset, long total) {
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        if (total < blocks) {
            throw new IllegalArgumentException("members = " + total + " < blocks = " + blocks
                    + ": every block needs at least one member (use fewer blocks)");
        }
        if (offset < 0 || offset + members > total) {
            throw new IllegalArgumentException("members " + offset + " … " + (offset + members - 1) + " lie outside the run's 0 … "
                    + (total - 1));
        }
        this.members = members;
        this.blocks = blocks;
        this.offset = offset;
        this.total = total;
    }

    int members() {
        return members;
    }

    /** First global member of block b: the smallest g with ⌊g·B/T⌋ ≥ b, i.e. ⌈b·T/B⌉. */
    static long globalStart(int b, long total, int blocks) {
        return (b * total + blocks - 1) / blocks;
    }

    /** First local member of block b (clamped to this batch: empty blocks start and end alike). */
    int start(int b) {
        long g = globalStart(b, total, blocks) - offset;
        return (int) Math.max(0, Math.min(members, g));
    }

    /** One past the last local member of block b. */
    int end(int b) {
        return start(b + 1);
    }
}
