package org.scorefdt.throughput;

import java.util.Arrays;
import org.scorefdt.backend.BackendKind;
import org.scorefdt.integrate.Precision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times one {@link Workload} on one backend, for {@code scorefdt bench} and for anyone who wants the
 * numbers from Java: set up once, {@link Timing#warmupCalls} untimed calls, then
 * {@link Timing#repeats} rounds of whole calls lasting at least {@link Timing#minSeconds} each (device
 * work waited for after every call, {@link Task#sync}); the
 * rate is the median of the rounds' units per second. Needs no JMH or Maven, so it runs from the
 * bundled JRE on a GPU node. A workload that cannot run here (tier absent, model not built) comes
 * back {@link Measurement.Status#UNAVAILABLE} with the reason; one that fails or ends non-finite
 * comes back {@link Measurement.Status#FAILED}; neither throws, so a run over several workloads
 * keeps what it measured.
 */
public final class Throughput {
    private static final Logger LOG = LoggerFactory.getLogger(Throughput.class);

    private Throughput() {}

    /**
     * Measures one workload.
     *
     * @param threads worker threads for the tiers that take a count (0: all cores)
     */
    public static Measurement measure(Workload w, WorkloadSize size, BackendKind backend, Precision precision, int threads,
                                      Timing timing) {
        if (threads < 0) throw new IllegalArgumentException("threads = " + threads + ": must be >= 0 (0 = all cores)");
        String requestedPrecision = precision.configName();
        Task task;
        try {
            task = Task.open(w, size, backend, precision, threads);
        } catch (WorkloadUnavailableException e) {
            LOG.info("{} on {}: not available: {}", w.configName(), backend.configName(), e.getMessage());
            return Measurement.unavailable(w, size, backend, requestedPrecision, threads, e.getMessage());
        } catch (RuntimeException e) {
            return Measurement.failed(w, size, backend, requestedPrecision, threads, "set-up failed: " + describe(e));
        }
        return measure(task, w, size, backend, threads, timing);
    }

    /** Times a task that is already set up, and closes it; failures become a FAILED line. */
    static Measurement measure(Task task, Workload w, WorkloadSize size, BackendKind backend, int threads, Timing timing) {
        try (task) {
            return time(task, w, size, backend, threads, timing);
        } catch (RuntimeException e) {
            return Measurement.failed(w, size, backend, task.precision(), threads, describe(e));
        }
    }

    private static Measurement time(Task task, Workload w, WorkloadSize size, BackendKind backend, int threads, Timing timing) {
        LOG.info("{} ({}) on {}: {} units per call, {} warm-up calls, {} rounds of >= {} s", w.configName(), size.configName(),
                task.backend(), task.unitsPerCall(), timing.warmupCalls(), timing.repeats(), timing.minSeconds());
        for (int i = 0; i < timing.warmupCalls(); i++) task.call();
        task.sync();
        long minNanos = (long) (timing.minSeconds() * 1e9);
        double[] rates = new double[timing.repeats()];
        long calls = 0, nanos = 0;
        for (int r = 0; r < rates.length; r++) {
            long c = 0, t0 = System.nanoTime(), el;
            do {
                task.call();
                task.sync();   // device tiers queue a call's work: wait for it, as the peers do after every call
                c++;
                el = System.nanoTime() - t0;
            } while (el < minNanos);
            rates[r] = c * (double) task.unitsPerCall() / (Math.max(el, 1) * 1e-9);
            calls += c;
            nanos += el;
        }
        var bad = task.check();
        if (bad.isPresent()) {
            return Measurement.failed(w, size, backend, task.precision(), threads, "not finite: " + bad.get());
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : 0.5 * (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]);
        return new Measurement(w, size, backend, task.backend(), task.precision(), threads, task.unitsPerCall(), calls,
                nanos * 1e-9, median, sorted[0], sorted[sorted.length - 1], rates.length, Measurement.Status.MEASURED, task.note());
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return (m == null || m.isBlank() ? "" : m + " ") + "(" + e.getClass().getSimpleName() + ")";
    }
}
