package org.scorefdt.ensemble;

import java.util.Arrays;

/**
 * Keeps every k-th save of every member as training data for score models, up to a cap, in one
 * [n][d] array. Memory is bounded by the cap, not by the run length.
 */
public final class SnapshotCollector implements Observer {
    private final int dimension;
    private final int every;
    private final int capacity;
    private double[] data;
    private int count;

    /**
     * @param dimension state dimension d
     * @param every     keep saves 0, k, 2k, … (k ≥ 1)
     * @param capacity  at most this many snapshots (members × kept saves)
     */
    public SnapshotCollector(int dimension, int every, int capacity) {
        if (dimension < 1 || every < 1 || capacity < 1) {
            throw new IllegalArgumentException("dimension, every, capacity must be >= 1 (got " + dimension + ", " + every
                    + ", " + capacity + ")");
        }
        this.dimension = dimension;
        this.every = every;
        this.capacity = capacity;
        this.data = new double[Math.min(capacity, 1024) * dimension];
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        int take = wouldKeep(saveIndex, members);
        if (take == 0) return;
        if ((count + take) * dimension > data.length) {
            data = Arrays.copyOf(data, Math.min(capacity, Math.max(2 * data.length / dimension, count + take)) * dimension);
        }
        System.arraycopy(states, 0, data, count * dimension, take * dimension);
        count += take;
    }

    /** State dimension d of a snapshot. */
    public int dimension() {
        return dimension;
    }

    /** Every k-th save is kept (saves 0, k, 2k, …). */
    public int every() {
        return every;
    }

    /** At most this many snapshots are kept. */
    public int capacity() {
        return capacity;
    }

    /**
     * How many members of save {@code saveIndex} (of {@code members}) {@link #observe} would keep
     * now: all of them (up to the cap) on every k-th save, none otherwise or once the cap is reached.
     * A device-side collector copies just these rows to the host.
     */
    public int wouldKeep(long saveIndex, int members) {
        if (saveIndex % every != 0) return 0;
        return Math.max(0, Math.min(members, capacity - count));
    }

    /** Snapshots kept so far. */
    public int count() {
        return count;
    }

    /** A copy of the kept snapshots, [count][d]. */
    public double[] data() {
        return Arrays.copyOf(data, count * dimension);
    }
}
