package org.scorefdt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tolerance helpers against tabulated values. */
class QuantilesTest {
    @Test
    void normalMatchesTables() {
        assertEquals(1.959963985, Quantiles.normalUpper(0.025), 1e-8);
        assertEquals(3.090232306, Quantiles.normalUpper(0.001), 1e-8);
        assertEquals(-1.644853627, Quantiles.normalUpper(0.95), 1e-8);
    }

    @Test
    void studentMatchesTables() {
        assertEquals(12.70620474, Quantiles.studentTwoSided(1, 0.05), 1e-6);
        assertEquals(2.131449546, Quantiles.studentTwoSided(15, 0.05), 1e-8);
        assertEquals(2.744041919, Quantiles.studentTwoSided(31, 0.01), 1e-8);
        // Large ν approaches the normal.
        assertEquals(Quantiles.normalUpper(0.0005), Quantiles.studentTwoSided(1_000_000, 0.001), 1e-4);
    }
}
