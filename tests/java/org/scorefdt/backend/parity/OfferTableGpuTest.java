package org.scorefdt.backend.parity;

import java.util.List;
import org.junit.jupiter.api.Tag;

/** GPU-only: {@link OfferTable} for the CUDA tier (skipped, with the loader's cause, where no device opens). */
@Tag("gpu")
class OfferTableGpuTest extends OfferTable {
    @Override
    List<ParityTier> tiers() {
        return List.of(ParityTier.CUDA);
    }
}
