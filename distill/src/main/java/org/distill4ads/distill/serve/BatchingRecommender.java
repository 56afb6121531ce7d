package org.distill4ads.distill.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;

/**
 * Micro-batching in front of a {@link KeyphraseRecommender}: callers on many threads hand in their
 * items, and each worker takes every request queued at that moment (up to {@code maxBatch} items)
 * and runs them as one {@link KeyphraseRecommender#recommendAll} call, so one encoder batch serves
 * many callers. Nobody waits for a batch to fill: a request that arrives at an idle worker runs at
 * once, alone; batches form only while the workers are busy, which is when they pay (the models
 * run one batch at a time; docs/benchmarks.md has the figures).
 *
 * <p>Results are those of the recommender called alone on each request's items (a batch gives each
 * item what it gets alone: the models encode every text independently of its batch mates). When a
 * batch fails, each of its requests is run again alone, so only a bad request gets the exception.
 *
 * <p>Thread safety: safe to share. {@link #close()} lets the workers finish every request already
 * handed in, then stops them; a request after that is refused with {@link IllegalStateException}.
 */
public final class BatchingRecommender implements AutoCloseable {
    private record Request(List<String> items, CompletableFuture<List<Recommendation>> result) {}

    /** Counters since construction: requests handed in, items recommended, recommender calls made. */
    public record Stats(long requests, long items, long batches) {
        /** Items per recommender call (1 without concurrent callers). */
        public double meanBatch() {
            return batches == 0 ? 0 : (double) items / batches;
        }
    }

    private final KeyphraseRecommender recommender;
    private final int maxBatch;
    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Object lock = new Object();
    private final java.util.concurrent.locks.ReentrantLock take = new java.util.concurrent.locks.ReentrantLock();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param maxBatch most items per recommender call (a single larger request runs alone)
     * @param workers  threads taking batches; two let one batch's search and filter overlap the next batch's encoding
     */
    public BatchingRecommender(KeyphraseRecommender recommender, int maxBatch, int workers) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.recommender = recommender;
        this.maxBatch = maxBatch;
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, "d4a-batcher-" + i);
            t.setDaemon(true);
            this.workers.add(t);
            t.start();
        }
    }

    /** The recommendation for one item. */
    public Recommendation recommend(String item) {
        return recommendAll(List.of(item)).get(0);
    }

    /** Recommendations for {@code items}, in order; blocks until its batch has run. */
    public List<Recommendation> recommendAll(List<String> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Request r = new Request(List.copyOf(items), new CompletableFuture<>());
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the batching recommender is closed");
            }
            queue.add(r);
        }
        requests.incrementAndGet();
        try {
            return r.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a recommendation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    public Stats stats() {
        return new Stats(requests.get(), items.get(), batches.get());
    }

    private void work() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            int n;
            batch.clear();
            take.lock();   // one worker takes a batch at a time; the other runs its own meanwhile
            try {
                Request first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                n = first.items().size();
                Request next;
                while (n < maxBatch && (next = queue.peek()) != null && n + next.items().size() <= maxBatch) {
                    batch.add(queue.poll());
                    n += next.items().size();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                take.unlock();
            }
            run(batch, n);
        }
    }

    private void run(List<Request> batch, int n) {
        List<String> all = new ArrayList<>(n);
        for (Request r : batch) {
            all.addAll(r.items());
        }
        List<Recommendation> out;
        try {
            out = recommender.recommendAll(all);
            batches.incrementAndGet();
            items.addAndGet(n);
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
                return;
            }
            for (Request r : batch) {   // find the bad request: each alone
                run(List.of(r), r.items().size());
            }
            return;
        }
        int at = 0;
        for (Request r : batch) {
            r.result().complete(out.subList(at, at + r.items().size()));
            at += r.items().size();
        }
    }

    /** Finishes the requests handed in so far, then stops the workers. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
