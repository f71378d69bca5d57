package org.scorefdt.backend.parity;

import java.util.List;

/** {@link OfferTable} for the Java reference and the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class OfferTableTest extends OfferTable {
    @Override
    List<ParityTier> tiers() {
        return List.of(ParityTier.JAVA, ParityTier.CPU);
    }
}
