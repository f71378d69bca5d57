package org.scorefdt.backend.parity;

/** {@link ScoreKernelParity} on the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class ScoreKernelParityTest extends ScoreKernelParity {
    @Override
    ParityTier tier() {
        return ParityTier.CPU;
    }
}
