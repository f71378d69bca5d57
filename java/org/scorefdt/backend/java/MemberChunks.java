package org.scorefdt.backend.java;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Runs work over contiguous chunks of ensemble members on a private fork-join pool. Each member's
 * randomness is keyed by its own index, so the split changes nothing in the numbers.
 */
final class MemberChunks implements AutoCloseable {
    interface ChunkBody {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    MemberChunks(int threads) {
        this.threads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = this.threads > 1 ? new ForkJoinPool(this.threads) : null;
    }

    void forEach(int members, ChunkBody body) {
        int chunks = Math.min(members, threads);
        if (pool == null || chunks <= 1) {
            body.run(0, members);
            return;
        }
        pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) members * c / chunks), to = (int) ((long) members * (c + 1) / chunks);
            body.run(from, to);
        })).join();
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}
