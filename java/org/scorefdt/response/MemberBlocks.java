package org.scorefdt.response;

/**
 * Splits M members into B contiguous blocks: member m belongs to block ⌊m·B/M⌋, so block sizes
 * differ by at most one and the split does not depend on threads.
 */
final class MemberBlocks {
    private final int members, blocks;

    MemberBlocks(int members, int blocks) {
        if (blocks < 1) throw new IllegalArgumentException("blocks = " + blocks + ": must be >= 1");
        if (members < blocks) {
            throw new IllegalArgumentException("members = " + members + " < blocks = " + blocks
                    + ": every block needs at least one member (use fewer blocks)");
        }
        this.members = members;
        this.blocks = blocks;
    }

    int members() {
        return members;
    }

    /** First member of block b. */
    int start(int b) {
        // Smallest m with ⌊m·B/M⌋ ≥ b, i.e. ⌈b·M/B⌉.
        return (int) (((long) b * members + blocks - 1) / blocks);
    }

    /** One past the last member of block b. */
    int end(int b) {
        return start(b + 1);
    }
}
