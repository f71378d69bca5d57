package org.scorefdt.backend.parity;

import org.junit.jupiter.api.Tag;

/** GPU-only: {@link ScoreKernelParity} on the CUDA tier (skipped, with the loader's cause, where no device opens). */
@Tag("gpu")
class ScoreKernelParityGpuTest extends ScoreKernelParity {
    @Override
    ParityTier tier() {
        return ParityTier.CUDA;
    }
}
