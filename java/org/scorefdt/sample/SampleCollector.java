package org.scorefdt.sample;

import java.util.Arrays;
import org.scorefdt.ensemble.Observer;

/**
 * An {@link Observer} that copies saved states into one array {@code [save][chain][d]}, up to a cap
 * on the number of rows (save × chain) so memory stays bounded; rows beyond the cap are counted but
 * dropped (whole saves only, so every kept save has all its chains). Not thread-safe.
 */
public final class SampleCollector implements Observer {
    private final int d;
    private final long maxRows;
    private double[] data = new double[0];
    private int rows;
    private long dropped;
    private int chains = -1;

    /**
     * @param dimension d ≥ 1
     * @param maxRows   most rows kept, ≥ 1 and ≤ (2³¹ − 1)/d
     */
    public SampleCollector(int dimension, long maxRows) {
        if (dimension < 1) throw new IllegalArgumentException("dimension = " + dimension + ": must be >= 1");
        if (maxRows < 1 || maxRows * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxRows = " + maxRows + ": must be in [1, " + (Integer.MAX_VALUE - 8) / dimension + "]");
        }
        this.d = dimension;
        this.maxRows = maxRows;
    }

    @Override
    public void observe(long saveIndex, double time, double[] states, int members) {
        if (chains < 0) chains = members;
        if ((long) rows + members > maxRows) {
            dropped += members;
            return;
        }
        int need = (rows + members) * d;
        if (need > data.length) data = Arrays.copyOf(data, (int) Math.min(Math.max(need, 2L * data.length), maxRows * d));
        System.arraycopy(states, 0, data, rows * d, members * d);
        rows += members;
    }

    /** Kept rows, {@code [save][chain][d]} (a copy of exactly rows()·d values). */
    public double[] samples() {
        return Arrays.copyOf(data, rows * d);
    }

    /** Rows kept. */
    public int rows() {
        return rows;
    }

    /** Saves kept (rows / chains). */
    public int saves() {
        return chains <= 0 ? 0 : rows / chains;
    }

    /** Chains per save (as seen at the first save; −1 before any). */
    public int chains() {
        return chains;
    }

    /** Rows dropped because of the cap. */
    public long dropped() {
        return dropped;
    }

    public int dimension() {
        return d;
    }
}
