package org.distill4ads.nn;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread reuse of the large float32 buffers that a {@link Tape} releases, so that the next
 * step's intermediates of the same sizes need no fresh off-heap allocation (a fresh 12 MB buffer
 * costs milliseconds of page faults). Fused ops take their outputs from here; a closing tape gives
 * its large float32 buffers back instead of freeing them, and so do parameters' gradients when an
 * optimizer clears them ({@link Tensor#zeroGrad()}), up to {@code distill4ads.pool.mb}
 * (default 1024) per thread, beyond which buffers are freed as before.
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
    private long bytes;

    private BufferPool() {}

    /** An uninitialized dense row-major float32 array, from a pooled buffer when one fits exactly. */
    static INDArray floats(long... shape) {
        long n = Shape.lengthOfBuffer(shape, Nd4j.getStrides(shape, 'c'));
        if (n >= MIN_ELEMENTS) {
            ArrayDeque<DataBuffer> q = LOCAL.get().free.get(n);
            DataBuffer b = q == null ? null : q.poll();
            if (b != null) {
                LOCAL.get().bytes -= n * Float.BYTES;
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
        ArrayDeque<DataBuffer> q = pool.free.computeIfAbsent(b.length(), k -> new ArrayDeque<>());
        for (DataBuffer held : q) {
            if (held == b) {
                return true; // given back twice (a gradient shared by two tensors): keep one entry
            }
        }
        long size = b.length() * Float.BYTES;
        if (pool.bytes + size > LIMIT_BYTES) {
            return false;
        }
        q.push(b);
        pool.bytes += size;
        return true;
    }

    /** Frees every buffer this thread's pool holds. */
    static void clear() {
        BufferPool pool = LOCAL.get();
        for (ArrayDeque<DataBuffer> q : pool.free.values()) {
            for (DataBuffer b : q) {
                b.close();
            }
        }
        pool.free.clear();
        pool.bytes = 0;
    }

    /** Bytes held by this thread's pool (for tests). */
    static long heldBytes() {
        return LOCAL.get().bytes;
    }
}
