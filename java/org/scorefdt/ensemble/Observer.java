package org.scorefdt.ensemble;

/**
 * Streams what a run needs from its saved states (snapshots, running moments, lagged-correlation
 * accumulators) so memory does not grow with run length. Called on the thread that runs the
 * ensemble, once per save, in time order.
 */
public interface Observer {
    /**
     * @param saveIndex 0 for the first save after spin-up, then 1, 2, …
     * @param time      model time of this save (after spin-up)
     * @param states    {@code [members][dimension]}, read-only for observers
     * @param members   number of rows
     */
    void observe(long saveIndex, double time, double[] states, int members);
}
