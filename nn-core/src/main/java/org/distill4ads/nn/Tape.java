package org.distill4ads.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A scope that owns the intermediates of one step and releases their off-heap memory when it
 * closes.
 *
 * <p>Every tensor an op creates while a tape is open on the current thread is recorded on it.
 * {@link #close()} frees the data buffers of those tensors' values and gradients, except buffers
 * shared with a leaf (a parameter or a constant created outside the tape), which stay alive.
 * Arrays registered with {@link #track(INDArray)} are freed too. Large float32 buffers go back to a
 * per-thread pool that the next step's fused ops draw from ({@code BufferPool}). Keep a result past the scope by
 * copying it first ({@code t.value().dup()} or {@link Tensor#item()}).
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Tensor loss = model.loss(batch);
 *     loss.backward();
 *     optimizer.step();
 * } // activations and their gradients are released here
 * }</pre>
 *
 * <p>{@link #noGrad()} opens a tape that also switches graph building off: use it for inference.
 * Tapes nest; the innermost one records. Without any open tape ops still work, build graphs, and
 * leave memory to the garbage collector.
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Deque<Tape>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final boolean gradEnabled;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<INDArray> arrays = new ArrayList<>();
    private final Thread owner = Thread.currentThread();
    private boolean closed;

    private Tape(boolean gradEnabled) {
        this.gradEnabled = gradEnabled;
    }

    /** Opens a tape on this thread that records graphs for {@link Tensor#backward()}. */
    public static Tape open() {
        return push(new Tape(true));
    }

    /** Opens a tape on this thread under which ops build no graph (inference). */
    public static Tape noGrad() {
        return push(new Tape(false));
    }

    private static Tape push(Tape tape) {
        NativeThreads.ensure();   // OpenMP's thread count is per native thread
        STACK.get().push(tape);
        return tape;
    }

    /** The innermost open tape of this thread, or {@code null}. */
    static Tape current() {
        return STACK.get().peek();
    }

    /** Whether ops on this thread currently record gradients. */
    public static boolean isGradEnabled() {
        Tape t = current();
        return t == null || t.gradEnabled;
    }

    static void record(Tensor t) {
        Tape tape = current();
        if (tape != null) {
            tape.tensors.add(t);
        }
    }

    /**
     * Registers a temporary array for release when the innermost tape closes. Returns it. Without
     * an open tape, does nothing.
     */
    public static INDArray track(INDArray array) {
        Tape tape = current();
        if (tape != null && array != null) {
            tape.arrays.add(array);
        }
        return array;
    }

    /** Bytes of released float32 buffers this thread's pool holds for reuse (diagnostics). */
    public static long pooledBytes() {
        return BufferPool.heldBytes();
    }

    /** Number of tensors this tape recorded (for tests and diagnostics). */
    public int size() {
        return tensors.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a Tape must be closed on the thread that opened it");
        }
        Deque<Tape> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("Tapes must be closed innermost first");
        }
        stack.pop();
        closed = true;
        release();
        if (stack.isEmpty()) {
            BufferPool.endWindow();
        }
    }

    private void release() {
        Set<Tensor> recorded = Collections.newSetFromMap(new IdentityHashMap<>());
        recorded.addAll(tensors);
        // Buffers reachable from leaves (parameters, inputs made outside this tape) must survive.
        Set<DataBuffer> keep = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : tensors) {
            for (Tensor in : t.inputs()) {
                if (!recorded.contains(in)) {
                    addRoot(keep, in.value());
                    addRoot(keep, in.denseGradOrNull());
                }
            }
        }
        Set<DataBuffer> free = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor t : tensors) {
            addRoot(free, t.value());
            addRoot(free, t.denseGradOrNull());
            t.release();
        }
        for (INDArray a : arrays) {
            addRoot(free, a);
        }
        free.removeAll(keep);
        for (DataBuffer b : free) {
            if (b.closeable() && !BufferPool.give(b)) {
                b.close();
            }
        }
        tensors.clear();
        arrays.clear();
    }

    private static void addRoot(Set<DataBuffer> set, INDArray a) {
        if (a == null || a.isEmpty() || a.wasClosed()) {
            return;
        }
        DataBuffer b = a.data();
        DataBuffer root = b.originalDataBuffer() != null ? b.originalDataBuffer() : b;
        set.add(root);
    }
}
