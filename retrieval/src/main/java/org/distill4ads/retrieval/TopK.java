package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distill4ads.retrieval.kernel.VectorKernel;

/**
 * A bounded min-heap of the k best (score, id) pairs, packed into one {@code long} each so that
 * the hot loop allocates nothing: the high 32 bits are the score mapped to an order-preserving
 * int, the low 32 bits are {@code ~id}, so that of two equal scores the smaller id ranks higher.
 */
final class TopK {
    private final long[] heap;
    private int size;

    TopK(int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        heap = new long[k];
    }

    void clear() {
        size = 0;
    }

    /** The smallest kept value, or Long.MIN_VALUE while the heap is not full. */
    long threshold() {
        return size < heap.length ? Long.MIN_VALUE : heap[0];
    }

    /** The smallest kept score, or -infinity while the heap is not full: a cheap pre-filter for {@link #offer}. */
    float minScore() {
        return size < heap.length ? Float.NEGATIVE_INFINITY : score(heap[0]);
    }

    /** Offers every pair another heap holds (the merge of a split scan). */
    void offerAll(TopK other) {
        for (int i = 0; i < other.size; i++) {
            offerPacked(other.heap[i]);
        }
    }

    /**
     * Offers scores[off, off + count) as rows base + (i - off). The kernel's vector compare skips
     * the runs of scores below the heap's minimum, which after the first few thousand rows are nearly all.
     */
    void offerAll(VectorKernel kernel, float[] scores, int off, int count, int base) {
        int end = off + count;
        float t = minScore();
        for (int i = kernel.firstAtLeast(scores, off, end, t); i < end; i = kernel.firstAtLeast(scores, i + 1, end, t)) {
            offer(scores[i], base + i - off);
            t = minScore();
        }
    }

    void offer(float score, int id) {
        offerPacked(pack(score, id));
    }

    private void offerPacked(long v) {
        if (size < heap.length) {
            LongHeap.siftUp(heap, size++, v);
        } else if (v > heap[0]) {
            LongHeap.siftDown(heap, size, 0, v);
        }
    }

    static long pack(float score, int id) {
        int bits = Float.floatToIntBits(score == 0f ? 0f : score); // -0 and +0 rank equal
        int key = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) key << 32) | (~id & 0xFFFFFFFFL);
    }

    static float score(long v) {
        int key = (int) (v >> 32);
        int bits = key ^ ((key >> 31) & 0x7FFFFFFF);
        return Float.intBitsToFloat(bits);
    }

    static int id(long v) {
        return ~(int) v;
    }

    /** The kept pairs, best first. */
    List<Hit> drain() {
        long[] sorted = Arrays.copyOf(heap, size);
        Arrays.sort(sorted);
        List<Hit> out = new ArrayList<>(size);
        for (int i = sorted.length - 1; i >= 0; i--) {
            out.add(new Hit(id(sorted[i]), score(sorted[i])));
        }
        size = 0;
        return out;
    }
}
