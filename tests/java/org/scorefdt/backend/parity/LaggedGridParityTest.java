package org.scorefdt.backend.parity;

/** {@link LaggedGridParity} on the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class LaggedGridParityTest extends LaggedGridParity {
    @Override
    ParityTier tier() {
        return ParityTier.CPU;
    }
}
