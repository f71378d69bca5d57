package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * A {@link SnapshotCollector} fed from device-resident states: at each save it asks the collector
 * how many members it would keep ({@link SnapshotCollector#wouldKeep}: every k-th save, until the
 * cap) and copies only those rows to the host, then hands them to the collector as a host run
 * would. So device-to-host copies scale with the saves kept (one per kept save, none after the cap),
 * not with the saves, and the snapshots are the host run's bit for bit (a snapshot is a copy of the
 * same F64 states).
 *
 * <p>One instance per run: it counts the saves of that run from 0, as {@code Ensemble.run} numbers
 * them (the reproduction job's member batches each start again at save 0). Device rows may be wider
 * than the collector's dimension (Navier–Stokes [ζ | phases]): the first {@code dimension} values of
 * each row are kept, as {@link org.scorefdt.ensemble.ObservedComponents} does on the host. Not
 * thread-safe.
 */
public final class DeviceSnapshots implements DeviceObserver {
    private final SnapshotCollector collector;
    private final int stride;
    private long save;
    private double[] rows = new double[0];
    private double[] packed = new double[0];

    /**
     * @param collector receives the kept rows
     * @param stride    values per device state row, ≥ the collector's dimension
     */
    public DeviceSnapshots(SnapshotCollector collector, int stride) {
        if (stride < collector.dimension()) {
            throw new IllegalArgumentException("row stride " + stride + " < snapshot dimension " + collector.dimension());
        }
        this.collector = collector;
        this.stride = stride;
    }

    @Override
    public void observeDevice(DeviceBuffer states, int members) {
        long s = save++;
        int take = collector.wouldKeep(s, members);
        if (take == 0) return;
        int d = collector.dimension(), n = Math.multiplyExact(take, stride);
        if (rows.length < n) rows = new double[n];
        states.copyTo(rows, 0, n, 0);  // the first `take` members: one copy, synchronous (the states are not advanced meanwhile)
        double[] kept = rows;
        if (stride != d) {
            if (packed.length < take * d) packed = new double[take * d];
            for (int r = 0; r < take; r++) System.arraycopy(rows, r * stride, packed, r * d, d);
            kept = packed;
        }
        collector.observe(s, Double.NaN, kept, take);
    }

    /** Saves seen so far in this run. */
    public long saves() {
        return save;
    }
}
