package org.distill4ads.retrieval;

import java.util.Arrays;

/**
 * A growable binary min-heap of {@code long}s: the graph search keeps (score, id) pairs packed as
 * {@link TopK#pack} does, so the heap of the best results is a min-heap (the worst on top) and the
 * heap of candidates to expand is a min-heap of complements ({@code ~v} reverses the order).
 */
final class LongHeap {
    private long[] heap;
    private int size;

    LongHeap(int capacity) {
        heap = new long[Math.max(1, capacity)];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    long peek() {
        return heap[0];
    }

    void push(long v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        siftUp(heap, size++, v);
    }

    long pop() {
        long top = heap[0];
        long v = heap[--size];
        if (size > 0) {
            siftDown(heap, size, 0, v);
        }
        return top;
    }

    /** Places {@code v} into the hole at {@code i} of the min-heap {@code heap}, moving it up. */
    static void siftUp(long[] heap, int i, long v) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p] <= v) {
                break;
            }
            heap[i] = heap[p];
            i = p;
        }
        heap[i] = v;
    }

    /** Places {@code v} into the hole at {@code i} of the min-heap {@code heap[0, size)}, moving it down. */
    static void siftDown(long[] heap, int size, int i, long v) {
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            if (c + 1 < size && heap[c + 1] < heap[c]) {
                c++;
            }
            if (v <= heap[c]) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = v;
    }

    /** Empties the heap into {@code out}, largest first; returns how many. */
    int drainDescending(long[] out) {
        int n = size;
        for (int i = n - 1; i >= 0; i--) {
            out[i] = pop();
        }
        return n;
    }
}
