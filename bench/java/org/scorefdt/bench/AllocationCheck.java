package org.scorefdt.bench;

import java.lang.management.ManagementFactory;

/**
 * Exact heap allocation of the calling thread per {@code advance} call, complementing JMH's
 * {@code -prof gc} (whose {@code gc.alloc.rate.norm} also picks up a constant background from
 * JMH's own threads). Uses {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} around
 * {@value #CALLS} calls after a warm-up. Meaningful for the native backend, where the calling
 * thread is the only Java thread involved (OpenMP workers are native); for the Java backend with
 * threads > 1 the pool threads' allocations are not counted.
 *
 * <pre>java -cp target/scorefdt.jar org.scorefdt.bench.AllocationCheck [backend] [threads]</pre>
 * Prints one JSON line per workload: {@code {"backend", "workload", "threads", "bytes_per_call",
 * "bytes_per_member_step"}}.
 */
public final class AllocationCheck {
    static final int CALLS = 200;

    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : "cpu";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        String[][] workloads = {
            {"ou32-exact", "" + IntegratorBenchmark.OU_MEMBERS, "" + IntegratorBenchmark.OU_STEPS},
            {"ou32-em", "" + IntegratorBenchmark.OU_MEMBERS, "" + IntegratorBenchmark.OU_STEPS},
            {"l96-rk4", "" + IntegratorBenchmark.LOWDIM_MEMBERS, "" + IntegratorBenchmark.LOWDIM_STEPS},
            {"dw-em", "" + IntegratorBenchmark.LOWDIM_MEMBERS, "" + IntegratorBenchmark.LOWDIM_STEPS},
        };
        for (String[] w : workloads) {
            int members = Integer.parseInt(w[1]), steps = Integer.parseInt(w[2]);
            IntegratorBenchmark.Run run = new IntegratorBenchmark.Run() {};
            run.open(backend, w[0], threads, members, steps);
            double sink = 0;
            for (int i = 0; i < 50; i++) sink += run.advance();     // warm-up (JIT, first-call paths)
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < CALLS; i++) sink += run.advance();
            long bytes = mx.getThreadAllocatedBytes(tid) - before;
            run.close();
            double perCall = (double) bytes / CALLS;
            System.out.printf(java.util.Locale.ROOT,
                    "{\"backend\": \"%s\", \"workload\": \"%s\", \"threads\": %d, \"calls\": %d, \"bytes_per_call\": %.2f,"
                            + " \"bytes_per_member_step\": %.6f, \"sink\": %s}%n",
                    backend, w[0], threads, CALLS, perCall, perCall / ((double) members * steps),
                    Double.isFinite(sink) ? "true" : "false");
        }
    }
}
