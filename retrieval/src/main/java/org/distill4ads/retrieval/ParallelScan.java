package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A top-k scan split over threads: each part scans a contiguous range of rows into its own heap,
 * the caller's thread takes the first part, and the heaps merge at the end. A scan of 1M rows is
 * memory-bound; one core alone reads about half the machine's bandwidth, so two parts on two
 * cores nearly halve it. Small stores scan on the caller's thread alone.
 */
final class ParallelScan {
    /** Below this many rows per part, handing work to another thread costs more than it saves. */
    static final int MIN_ROWS_PER_PART = 32_768;

    /** Scores rows [from, to) into {@code top}. */
    interface Part {
        void scan(int from, int to, TopK top);
    }

    /** Scores units [from, to) (rows or panels) for every query into its heap {@code tops[q]}. */
    interface BatchPart {
        void scan(int from, int to, TopK[] tops);
    }

    private ParallelScan() {}

    /** Daemon threads shared by indexes that own no pool (one per core). */
    static ExecutorService shared() {
        return Shared.POOL;
    }

    private static final class Shared {
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), r -> {
                    Thread t = new Thread(r, "retrieval-scan");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The {@code k} best of rows [0, rows), best first, scanned in up to {@code threads} parts. */
    static List<Hit> topK(ExecutorService pool, int threads, int rows, int k, Part part) {
        if (rows == 0) {
            return List.of();
        }
        int want = Math.min(k, rows);
        int parts = Math.max(1, Math.min(threads, rows / MIN_ROWS_PER_PART));
        TopK top = new TopK(want);
        if (parts == 1) {
            part.scan(0, rows, top);
            return top.drain();
        }
        List<Future<TopK>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) rows * p / parts);
            int to = (int) ((long) rows * (p + 1) / parts);
            futures.add(pool.submit(() -> {
                TopK t = new TopK(want);
                part.scan(from, to, t);
                return t;
            }));
        }
        part.scan(0, (int) ((long) rows / parts), top);
        try {
            for (Future<TopK> f : futures) {
                top.offerAll(f.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a scan part failed", e.getCause());
        }
        return top.drain();
    }

    /**
     * A batch: {@code units} (rows or panels of rows) split over up to {@code threads} parts, each
     * part with a heap per query; returns one merged heap per query.
     */
    static TopK[] topKs(ExecutorService pool, int threads, int units, int queries, int k, BatchPart part) {
        int parts = Math.max(1, Math.min(threads, units));
        List<Future<TopK[]>> futures = new ArrayList<>(parts - 1);
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) units * p / parts);
            int to = (int) ((long) units * (p + 1) / parts);
            futures.add(pool.submit(() -> {
                TopK[] t = heaps(queries, k);
                part.scan(from, to, t);
                return t;
            }));
        }
        TopK[] tops = heaps(queries, k);
        part.scan(0, (int) ((long) units / parts), tops);
        try {
            for (Future<TopK[]> f : futures) {
                TopK[] other = f.get();
                for (int q = 0; q < queries; q++) {
                    tops[q].offerAll(other[q]);
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while searching", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a scan part failed", e.getCause());
        }
        return tops;
    }

    private static TopK[] heaps(int n, int k) {
        TopK[] t = new TopK[n];
        for (int i = 0; i < n; i++) {
            t[i] = new TopK(k);
        }
        return t;
    }
}
