package org.scorefdt.response;

import org.scorefdt.integrate.Integrator;
import org.scorefdt.util.Offer;

/**
 * The response operations a tier may run where it keeps its states. A backend tier implements this
 * (its answers are its table); the reference answer means the host run.
 */
public interface ResponseKernels {

    /** An ensemble run of {@code integrator} that keeps the states on the tier (see {@link ResidentEnsemble}). */
    Offer<ResidentEnsemble> resident(Integrator integrator);
}
