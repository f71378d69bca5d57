package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponseMetricsTest {
    @Test
    void handComputedErrors() {
        // 2 lags × 2 components.
        var ref = new ResponseEstimate("ref", new double[] {0, 1}, 2, 2, new double[] {1, 0, 0.6, 0.8},
                new double[] {0.3, 0.4, 0, 0.1}, new double[0], Optional.empty(), 10);
        var est = ResponseEstimate.exact("est", 1.0, 2, 2, new double[] {1, 0.5, 0.6, 0.8 - 1.2});
        ResponseMetrics m = ResponseMetrics.of(est, ref);
        assertArrayEquals(new double[] {0.5, 1.2}, m.l2(), 1e-15);
        assertArrayEquals(new double[] {0.5, 1.2}, m.linf(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.1}, m.noiseFloor(), 1e-15);
        assertEquals((0.5 + 1.2) / (1 + 1), m.relativeL2(), 1e-15);
        assertEquals(0.85, m.summary(), 1e-15);
        assertArrayEquals(new double[] {1, 0.6}, ref.curve(0));
        assertArrayEquals(new double[] {0.4, 0.1}, ref.stderrCurve(1));
        assertThrows(IllegalArgumentException.class,
                () -> ResponseMetrics.of(ResponseEstimate.exact("x", 2.0, 2, 2, new double[4]), ref));
    }
}
