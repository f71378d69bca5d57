package org.scorefdt.api;

import java.util.Optional;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.ChosenIntegrator;
import org.scorefdt.backend.Fallback;
import org.scorefdt.response.ResidentEnsemble;
import org.scorefdt.util.Offer;

/**
 * Asks the tier of a job's integrator for a resident run ({@link ResidentEnsemble}: states kept
 * where the tier holds them). A tier whose reference is the host run answers so and nothing is
 * said; a tier that declines, or a resident run the job cannot use, becomes a fallback to the
 * host run, reported once through the listener.
 */
final class ResidentRuns {
    private ResidentRuns() {}

    /** The resident run, or empty for the host run (a declined offer reported as {@code operation}'s fallback). */
    static Optional<ResidentEnsemble> open(ChosenIntegrator chosen, String operation, JobListener listener) {
        Offer<ResidentEnsemble> o = chosen.tier().resident(chosen.integrator());
        if (o.offered()) return Optional.of(o.value());
        if (o.declined()) listener.fallback(host(chosen, operation, o.reason()));
        return Optional.empty();
    }

    /** Closes {@code run}, which the job cannot use for {@code reason}, and reports the fallback; empty. */
    static Optional<ResidentEnsemble> refuse(ResidentEnsemble run, ChosenIntegrator chosen, String operation, String reason,
                                             JobListener listener) {
        run.close();
        listener.fallback(host(chosen, operation, reason));
        return Optional.empty();
    }

    /** The fallback of {@code operation} from the integrator's tier to the host run. */
    static Fallback host(ChosenIntegrator chosen, String operation, String reason) {
        return new Fallback(operation, chosen.backend(), BackendKind.JAVA, reason);
    }
}
