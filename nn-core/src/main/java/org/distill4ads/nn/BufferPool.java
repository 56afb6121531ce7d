package org.distill4ads.nn;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread reuse of the large float32 buffers that a {@link Tape} releases, so that the next
 * step's intermediates of the same sizes need no fresh off-heap allocation (a fresh 12 MB buffer
 * costs milliseconds of page faults). Fused ops take their outputs from here ({@link #floats});
 * a closing tape gives its large float32 buffers back instead of freeing them, and so do
 * parameters' gradients when an optimizer clears them ({@link Tensor#zeroGrad()}).
 *
 * <p>The pool keeps only what the next step can use: of each size it holds at most as many
 * buffers as {@link #floats} asked for in the current or the previous window (a window ends when
 * the outermost tape of the thread closes), and when a window ends it frees what the window just
 * ended did not ask for. Buffers of sizes no fused op requests (most of ND4J's own op outputs) are
 * freed at once. So the pool holds at most one step's requests and gives back sizes a step stops
 * using; {@code distill4ads.pool.mb} (default 1024) caps it per thread on top of that.
 *
 * <p>A buffer given back must have no live user: this is the tape's own contract, under which a
 * value kept past its tape must be copied first.
 */
final class BufferPool {
    /** Buffers smaller than this (elements) are freed at once: their allocation is cheap. */
    static final long MIN_ELEMENTS = 1 << 14;
    private static final long LIMIT_BYTES = Long.getLong("distill4ads.pool.mb", 1024L) << 20;
    private static final ThreadLocal<BufferPool> LOCAL = ThreadLocal.withInitial(BufferPool::new);

    private final Map<Long, ArrayDeque<DataBuffer>> free = new HashMap<>();
    /** Requests per size (elements) in the current window and in the previous one. */
    private Map<Long, Integer> asked = new HashMap<>();
    private Map<Long, Integer> askedBefore = new HashMap<>();
    private long bytes;

    private BufferPool() {}

    /** An uninitialized dense row-major float32 array, from a pooled buffer when one fits exactly. */
    static INDArray floats(long... shape) {
        long n = Shape.lengthOfBuffer(shape, Nd4j.getStrides(shape, 'c'));
        if (n >= MIN_ELEMENTS) {
            BufferPool pool = LOCAL.get();
            pool.asked.merge(n, 1, Integer::sum);
            ArrayDeque<DataBuffer> q = pool.free.get(n);
            DataBuffer b = q == null ? null : q.poll();
            if (b != null) {
                pool.bytes -= n * Float.BYTES;
                return Nd4j.create(b, shape, Nd4j.getStrides(shape, 'c'), 0L, 'c', DataType.FLOAT);
            }
        }
        return Nd4j.createUninitialized(DataType.FLOAT, shape);
    }

    /** Keeps {@code b} for reuse and returns true, or returns false (the caller frees it). */
    static boolean give(DataBuffer b) {
        if (b.dataType() != DataType.FLOAT || b.length() < MIN_ELEMENTS || b.isAttached() || b.wasClosed()) {
            return false;
        }
        BufferPool pool = LOCAL.get();
        long n = b.length();
        ArrayDeque<DataBuffer> q = pool.free.get(n);
        if (q != null) {
            for (DataBuffer held : q) {
                if (held == b) {
                    return true; // given back twice (a gradient shared by two tensors): keep one entry
                }
            }
        }
        long size = n * Float.BYTES;
        int held = q == null ? 0 : q.size();
        if (held >= pool.wanted(n) || pool.bytes + size > LIMIT_BYTES) {
            return false;
        }
        pool.free.computeIfAbsent(n, k -> new ArrayDeque<>()).push(b);
        pool.bytes += size;
        return true;
    }

    /** How many buffers of {@code n} elements are worth holding: the most asked for in a recent window. */
    private int wanted(long n) {
        return Math.max(asked.getOrDefault(n, 0), askedBefore.getOrDefault(n, 0));
    }

    /**
     * Ends this thread's window (the outermost tape closed): frees the buffers of each size beyond
     * what the window asked for, and starts counting a new window.
     */
    static void endWindow() {
        BufferPool pool = LOCAL.get();
        Iterator<Map.Entry<Long, ArrayDeque<DataBuffer>>> it = pool.free.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, ArrayDeque<DataBuffer>> e = it.next();
            ArrayDeque<DataBuffer> q = e.getValue();
            int keep = pool.asked.getOrDefault(e.getKey(), 0);
            while (q.size() > keep) {
                q.poll().close();
                pool.bytes -= e.getKey() * Float.BYTES;
            }
            if (q.isEmpty()) {
                it.remove();
            }
        }
        Map<Long, Integer> recycled = pool.askedBefore;
        recycled.clear();
        pool.askedBefore = pool.asked;
        pool.asked = recycled;
    }

    /** Frees every buffer this thread's pool holds and forgets what was asked for. */
    static void clear() {
        BufferPool pool = LOCAL.get();
        for (ArrayDeque<DataBuffer> q : pool.free.values()) {
            for (DataBuffer b : q) {
                b.close();
            }
        }
        pool.free.clear();
        pool.asked.clear();
        pool.askedBefore.clear();
        pool.bytes = 0;
    }

    /** Bytes held by this thread's pool. */
    static long heldBytes() {
        return LOCAL.get().bytes;
    }

    /** Whether this thread's pool holds {@code b} (for tests). */
    static boolean holds(DataBuffer b) {
        ArrayDeque<DataBuffer> q = LOCAL.get().free.get(b.length());
        return q != null && q.stream().anyMatch(held -> held == b);
    }
}
