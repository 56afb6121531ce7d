package org.distill4ads.nn.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits independent work over the cores: {@code range(n, body)} runs {@code body(from, to)} on
 * contiguous parts of [0, n), one part on the calling thread. Results must not depend on the split.
 */
public final class Parallel {
    /** One worker per core beyond the caller's own. */
    private static final int THREADS = Math.max(1, Integer.getInteger("distill4ads.kernel.threads", Runtime.getRuntime().availableProcessors()));
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, daemonFactory(), null, false) : null;
    private static final int MIN_PER_THREAD = 8;

    /** Work on the part [from, to). */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    private Parallel() {}

    public static void range(int n, Body body) {
        int parts = Math.min(THREADS, Math.max(1, n / MIN_PER_THREAD));
        if (parts <= 1 || POOL == null || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) n * p / parts);
            int to = (int) ((long) n * (p + 1) / parts);
            tasks[p - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, (int) ((long) n / parts));
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    /** Work on chunk {@code index}, the elements [from, to). */
    @FunctionalInterface
    public interface Chunk {
        void run(int index, int from, int to);
    }

    /** The number of chunks of {@code size} that cover n elements. */
    public static int chunkCount(int n, int size) {
        return (n + size - 1) / size;
    }

    /**
     * Runs {@code body} on the consecutive chunks of [0, n) of {@code size} elements (the last may
     * be shorter), the chunks spread over the cores. The chunks do not depend on the number of
     * cores, so per-chunk partial results reduced in chunk order give the same value on any machine.
     */
    public static void chunks(int n, int size, Chunk body) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, got " + size);
        }
        range(chunkCount(n, size), (from, to) -> {
            for (int c = from; c < to; c++) {
                body.run(c, c * size, Math.min(n, (c + 1) * size));
            }
        });
    }

    private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonFactory() {
        return pool -> {
            var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setDaemon(true);
            t.setName("distill4ads-kernel-" + t.getPoolIndex());
            return t;
        };
    }

}
