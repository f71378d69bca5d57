package org.scorefdt.throughput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.scorefdt.backend.BackendKind;

/**
 * The timing loop on scripted tasks: how many calls it makes, how rates follow from units and
 * calls, and that a diverged or throwing task becomes a FAILED line (and is closed) instead of
 * an exception. No wall-clock value is asserted beyond being positive.
 */
class ThroughputTimingTest {

    /** Counts calls; optionally ends non-finite or throws on a given call. */
    private static final class Scripted implements Task {
        final long units;
        final int throwOnCall;
        final boolean nonFinite;
        int calls, syncs, callsAtSyncs;
        boolean closed;

        Scripted(long units, int throwOnCall, boolean nonFinite) {
            this.units = units;
            this.throwOnCall = throwOnCall;
            this.nonFinite = nonFinite;
        }

        @Override public String backend() { return "java"; }
        @Override public String precision() { return "f64"; }
        @Override public long unitsPerCall() { return units; }

        @Override
        public void call() {
            calls++;
            if (calls == throwOnCall) throw new IllegalStateException("device lost at call " + calls);
        }

        @Override
        public void sync() {
            syncs++;
            callsAtSyncs += calls;
        }

        @Override
        public Optional<String> check() {
            return Task.finite("state", new double[] {1.0, nonFinite ? Double.NaN : 2.0}, 2);
        }

        @Override public void close() { closed = true; }
    }

    private static Measurement run(Scripted t, Timing timing) {
        return Throughput.measure(t, Workload.L96, WorkloadSize.TINY, BackendKind.JAVA, 1, timing);
    }

    @Test
    void zeroMinimumMeansOneCallPerRoundAfterTheWarmUp() {
        Scripted t = new Scripted(1000, -1, false);
        Measurement m = run(t, new Timing(3, 4, 0));
        assertEquals(Measurement.Status.MEASURED, m.status());
        assertEquals(3 + 4, t.calls, "warm-up calls, then one call per round");
        assertEquals(4, m.calls(), "only the timed calls are counted");
        assertEquals(4, m.repeats());
        assertEquals(1000, m.unitsPerCall());
        assertTrue(m.minPerSecond() <= m.perSecond() && m.perSecond() <= m.maxPerSecond(), m.toJson());
        assertTrue(m.perSecond() > 0 && Double.isFinite(m.perSecond()));
        assertTrue(t.closed);
    }

    @Test
    void deviceWorkIsWaitedForAfterTheWarmUpAndEveryTimedCall() {
        Scripted t = new Scripted(1, -1, false);
        run(t, new Timing(3, 4, 0));
        assertEquals(1 + 4, t.syncs, "one sync after the warm-up, one per timed call");
        assertEquals(3 + 4 + 5 + 6 + 7, t.callsAtSyncs, "each sync follows its call, inside the round");
    }

    @Test
    void aMinimumRoundLengthRepeatsCallsUntilItHasPassed() {
        Scripted t = new Scripted(1, -1, false);
        Measurement m = run(t, new Timing(0, 2, 0.02));
        assertTrue(m.seconds() >= 2 * 0.02, "each round lasts at least min-seconds: " + m.seconds());
        assertTrue(m.calls() >= 2);
        // With one round per call count c_r and length t_r, the slowest round is at most the mean rate.
        assertTrue(m.minPerSecond() <= m.calls() / m.seconds() * (1 + 1e-9), m.toJson());
    }

    @Test
    void nonFiniteOutputIsAFailureNotARate() {
        Scripted t = new Scripted(10, -1, true);
        Measurement m = run(t, new Timing(0, 1, 0));
        assertEquals(Measurement.Status.FAILED, m.status());
        assertTrue(m.reason().contains("state[1] = NaN"), m.reason());
        assertTrue(m.toJson().contains("\"error\""), m.toJson());
        assertTrue(t.closed);
    }

    @Test
    void aThrowingCallIsAFailureNamingTheCause() {
        Scripted t = new Scripted(10, 2, false);
        Measurement m = run(t, new Timing(1, 3, 0));
        assertEquals(Measurement.Status.FAILED, m.status());
        assertTrue(m.reason().contains("device lost at call 2") && m.reason().contains("IllegalStateException"), m.reason());
        assertTrue(Double.isNaN(m.perSecond()));
        assertTrue(t.closed, "the task is closed even when a call throws");
    }
}
