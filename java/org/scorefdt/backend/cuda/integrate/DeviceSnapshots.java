package org.scorefdt.backend.cuda.integrate;

import org.scorefdt.ensemble.SnapshotCollector;
import org.scorefdt.backend.cuda.runtime.DeviceBuffer;

/**
 * A {@link SnapshotCollector} fed from device-resident states: copies to the host only the rows the
 * collector keeps ({@link SnapshotCollector#wouldKeep}), so snapshots equal a host run's bit for bit.
 * One instance per run; not thread-safe. Design: docs/backends.md §3.
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
