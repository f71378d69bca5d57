package org.scorefdt.testing;

import org.scorefdt.backend.BackendKind;
import org.scorefdt.backend.Backends;
import org.scorefdt.backend.TierChain;

/** The tiers a job gets under {@code --backend auto} (the best present tier first), for tests. */
public final class AutoTiers {
    private AutoTiers() {}

    /** A fresh chain (tiers keep no state between tests). */
    public static TierChain open() {
        return Backends.open(BackendKind.AUTO);
    }
}
