package org.scorefdt.score;

import org.scorefdt.util.Offer;

/**
 * The accelerated operations the score models ask a tier for. A backend tier implements this (its
 * answers are its table of what it offers); the score models never name a tier, they use what the
 * job's backend hands them. {@link #REFERENCE} answers every request with the Java reference code.
 */
public interface ScoreKernels {

    /** Every operation runs in the requesting type's Java reference code. */
    ScoreKernels REFERENCE = (terms, threads) -> Offer.reference();

    /**
     * The KDE pair loop over the given data.
     *
     * @param threads worker threads, ≤ 0 = all cores
     */
    Offer<KdePairLoop> kde(KdeTerms terms, int threads);
}
