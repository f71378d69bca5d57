package org.scorefdt.backend.parity;

/** {@link LaggedMatrixParity} on the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class LaggedMatrixParityTest extends LaggedMatrixParity {
    @Override
    ParityTier tier() {
        return ParityTier.CPU;
    }
}
