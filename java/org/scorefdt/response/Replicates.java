package org.scorefdt.response;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Evaluates the independent replicates of an error bar (block-spread rows, bootstrap resamples) on
 * up to {@code threads} threads. Row r is {@code replicate(r)} whatever the
 * thread count and the rows are combined afterwards in row order, so the standard errors are the same
 * bits on one thread or many. Why: a grid estimate's 200 bootstrap resamples each re-combine every
 * block's lagged spectra and transform them back, seconds on one thread after the run's parallel passes.
 */
final class Replicates {
    private Replicates() {}

    /**
     * @param count     replicates R ≥ 1
     * @param replicate r → its estimate; called concurrently, so it must only read shared state
     * @param threads   threads to use, 0 = all cores, 1 = the caller's thread alone
     * @return {@code [R][...]}, row r the estimate of replicate r
     */
    static double[][] evaluate(int count, IntFunction<double[]> replicate, int threads) {
        double[][] rows = new double[count][];
        int workers = Math.min(count, threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        if (workers <= 1) {
            for (int r = 0; r < count; r++) rows[r] = replicate.apply(r);
            return rows;
        }
        // A private pool: the caller's thread count is honoured and the common pool is left to the host application.
        ForkJoinPool pool = new ForkJoinPool(workers);
        try {
            pool.submit(() -> IntStream.range(0, count).parallel().forEach(r -> rows[r] = replicate.apply(r))).join();
        } finally {
            pool.shutdown();
        }
        return rows;
    }
}
