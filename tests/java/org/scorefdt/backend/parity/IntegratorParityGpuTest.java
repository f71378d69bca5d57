package org.scorefdt.backend.parity;

import org.junit.jupiter.api.Tag;

/**
 * GPU-only: {@link IntegratorParity} on the CUDA tier (skipped, with the loader's cause, where no
 * device opens; on the stand-in driver the large cases are skipped, saying so: ParityTier.skipIfEmulatedAndAbove).
 */
@Tag("gpu")
class IntegratorParityGpuTest extends IntegratorParity {
    @Override
    ParityTier tier() {
        return ParityTier.CUDA;
    }
}
