package org.scorefdt.response;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The estimate's error-bar replicates run on {@code Options.threads} threads only where the accumulator
 * says its combine may run concurrently (host sums): one that does not (a device accumulator copies its
 * sums through one staging buffer) sees every combine on the caller's thread. Either way the estimate
 * is the same bits as on one thread.
 */
class GfdtEstimatorThreadsTest {
    static final int D = 3, LAGS = 5, BLOCKS = 8, MEMBERS = 16;

    /** Delegates to a host column accumulator, records the threads that call combine, and says what it is told. */
    record Recording(LaggedColumnAccumulator acc, boolean concurrent, Set<Thread> threads) implements LaggedAccumulator {
        @Override public int lags() { return acc.lags(); }
        @Override public int dimension() { return acc.dimension(); }
        @Override public int impulseComponent() { return acc.impulseComponent(); }
        @Override public int blocks() { return acc.blocks(); }
        @Override public long pairs(int lag) { return acc.pairs(lag); }
        @Override public boolean canNormalize() { return false; }
        @Override public double conjugateMean(double[] weights) { return acc.conjugateMean(weights); }
        @Override public void observe(long saveIndex, double time, double[] states, int members) {
            acc.observe(saveIndex, time, states, members);
        }
        @Override public boolean concurrentCombine() { return concurrent; }
        @Override public double[] combine(double[] weights, boolean normalize, boolean centred) {
            threads.add(Thread.currentThread());
            return acc.combine(weights, normalize, centred);
        }
    }

    static GfdtEstimator estimator(boolean concurrent, int threads, Set<Thread> seen) {
        Conjugate minusX = (states, out, members) -> {
            for (int i = 0; i < members * D; i++) out[i] = -states[i];
        };
        var acc = new Recording(new LaggedColumnAccumulator(D, minusX, 1, LAGS, BLOCKS), concurrent, seen);
        GfdtEstimator e = new GfdtEstimator("test", acc, 0.1, new GfdtEstimator.Options(LAGS, BLOCKS, false, 64, 9L, threads));
        SplittableRandom r = new SplittableRandom(4);
        double[] x = new double[MEMBERS * D];
        for (int t = 0; t < 60; t++) {
            for (int i = 0; i < x.length; i++) x[i] = 0.7 * x[i] + r.nextGaussian();
            e.observe(t, t * 0.1, x, MEMBERS);
        }
        return e;
    }

    @Test
    void anAccumulatorWithoutConcurrentCombineIsCombinedOnTheCallersThreadAlone() {
        Set<Thread> serial = ConcurrentHashMap.newKeySet(), parallel = ConcurrentHashMap.newKeySet(), one = ConcurrentHashMap.newKeySet();
        ResponseEstimate a = estimator(false, 4, serial).estimate();
        assertEquals(Set.of(Thread.currentThread()), serial, "a device-like accumulator combined off the caller's thread");
        ResponseEstimate b = estimator(true, 4, parallel).estimate();
        ResponseEstimate c = estimator(true, 1, one).estimate();
        assertEquals(Set.of(Thread.currentThread()), one);
        assertTrue(parallel.size() >= 1);
        for (ResponseEstimate e : new ResponseEstimate[] {a, b}) {
            assertArrayEquals(c.mean(), e.mean());
            assertArrayEquals(c.stderr(), e.stderr());
            assertArrayEquals(c.bootstrapStderr(), e.bootstrapStderr());
        }
    }
}
