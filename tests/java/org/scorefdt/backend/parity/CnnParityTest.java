package org.scorefdt.backend.parity;

/** {@link CnnParity} on the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class CnnParityTest extends CnnParity {
    @Override
    ParityTier tier() {
        return ParityTier.CPU;
    }
}
