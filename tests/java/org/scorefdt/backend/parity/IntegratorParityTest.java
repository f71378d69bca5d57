package org.scorefdt.backend.parity;

/** {@link IntegratorParity} on the native CPU tier (skipped, with the loader's reason, where it cannot load). */
class IntegratorParityTest extends IntegratorParity {
    @Override
    ParityTier tier() {
        return ParityTier.CPU;
    }
}
