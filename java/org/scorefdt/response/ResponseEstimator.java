package org.scorefdt.response;

/**
 * Something that produces a response column estimate, e.g. a {@link GfdtEstimator} fed by an
 * ensemble run as an {@link org.scorefdt.ensemble.Observer}.
 */
public interface ResponseEstimator {

    /** Name for reports. */
    String name();

    /**
     * The estimate from everything seen so far.
     *
     * @throws IllegalStateException when too little has been seen (e.g. fewer saves than lags)
     */
    ResponseEstimate estimate();
}
