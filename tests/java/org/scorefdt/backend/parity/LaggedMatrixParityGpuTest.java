package org.scorefdt.backend.parity;

import org.junit.jupiter.api.Tag;

/**
 * GPU-only: {@link LaggedMatrixParity} on the CUDA tier ({@code CudaLaggedMatrix}, cuda/kernels/lagged.cu),
 * the sums and the exported {@code LaggedSums} bitwise the Java loop's; skipped, with the loader's cause,
 * where no device opens (the stand-in driver of {@code FakeDriverTest} runs it on host threads).
 */
@Tag("gpu")
class LaggedMatrixParityGpuTest extends LaggedMatrixParity {
    @Override
    ParityTier tier() {
        return ParityTier.CUDA;
    }
}
