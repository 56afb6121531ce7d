package org.distill4ads.nn;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A value (an ND4J {@link INDArray}) that remembers how it was computed, so that
 * {@link #backward()} can compute the gradient of a scalar with respect to every tensor that
 * {@linkplain #requiresGrad() requires} one.
 *
 * <p>Leaves are made with {@link #param} (trainable, requires a gradient) or {@link #constant}.
 * Every op returns a new tensor; values are never modified in place by ops, so a value may be
 * read at any time. Gradients of leaves accumulate across {@code backward()} calls until
 * {@link #zeroGrad()}; under a tape, an intermediate's large float32 gradient goes back to the
 * buffer pool once it has been passed on. Memory of intermediates is owned by the
 * innermost {@link Tape}.
 *
 * <p>The instance methods are the op vocabulary; each is implemented, with its gradient, in one
 * of the package's op classes ({@link ArithmeticOps}, {@link MatmulOps}, {@link ShapeOps},
 * {@link ReduceOps}, {@link ActivationOps}, {@link NormOps}, {@link LossOps}).
 */
public final class Tensor {
    private static final Tensor[] NO_INPUTS = new Tensor[0];

    static {
        NativeThreads.ensure();   // ND4J's thread counts, before the first op (docs/nn-core.md, "Cores")
    }

    private INDArray value;
    private INDArray grad;
    private RowGradient rowGrad;    // the gradient while it is only a few rows of a table (grad is then null)
    private boolean sparseRows;
    private final boolean requiresGrad;
    private Tensor[] inputs;
    private Backward backward;
    private final String op;

    private Tensor(INDArray value, boolean requiresGrad, Tensor[] inputs, Backward backward, String op) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.inputs = inputs;
        this.backward = backward;
        this.op = op;
    }

    // ---------------------------------------------------------------- leaves

    /** A trainable leaf: its gradient is computed by {@link #backward()}. */
    public static Tensor param(INDArray value) {
        return new Tensor(checkValue(value), true, NO_INPUTS, null, "param");
    }

    /** A leaf that needs no gradient (inputs, masks, labels). */
    public static Tensor constant(INDArray value) {
        return new Tensor(checkValue(value), false, NO_INPUTS, null, "constant");
    }

    /** A scalar constant of the given type. */
    public static Tensor scalar(DataType type, double v) {
        return constant(Nd4j.scalar(type, v));
    }

    private static INDArray checkValue(INDArray value) {
        if (value == null) {
            throw new IllegalArgumentException("tensor value must not be null");
        }
        if (value.wasClosed()) {
            throw new IllegalArgumentException("tensor value was already closed (released)");
        }
        return value;
    }

    /**
     * Makes the output of an op: records the graph when gradients are enabled and any input
     * requires one, and registers the tensor with the current {@link Tape}.
     */
    static Tensor make(INDArray value, String op, Backward backward, Tensor... inputs) {
        boolean needs = false;
        if (Tape.isGradEnabled()) {
            for (Tensor in : inputs) {
                needs |= in.requiresGrad;
            }
        }
        // Inputs are kept even without a graph: the tape needs them to tell which buffers are shared
        // with leaves (a reshape of a parameter is a view of the parameter).
        Tensor out = new Tensor(value, needs, inputs, needs ? backward : null, op);
        Tape.record(out);
        return out;
    }

    // ---------------------------------------------------------------- accessors

    public INDArray value() {
        return value;
    }

    /** The accumulated gradient; throws if none was computed. A row gradient is made dense first. */
    public INDArray grad() {
        densifyRows();
        if (grad == null) {
            throw new IllegalStateException("no gradient for " + describe()
                    + (requiresGrad ? ": call backward() first" : ": it does not require one"));
        }
        return grad;
    }

    /**
     * The gradient or {@code null}. A gradient held as {@linkplain #rowGradOrNull() rows} is made
     * dense by this call (and stays dense until {@link #zeroGrad()}).
     */
    public INDArray gradOrNull() {
        densifyRows();
        return grad;
    }

    /** The dense gradient as it is, without making a row gradient dense (for the tape). */
    INDArray denseGradOrNull() {
        return grad;
    }

    /**
     * The gradient while it is held as touched rows only ({@link #sparseRowGradient(boolean)}),
     * else {@code null} (no gradient, or a dense one).
     */
    public RowGradient rowGradOrNull() {
        return rowGrad;
    }

    /**
     * Whether row lookups ({@link #gatherRows}) of this [V, H] leaf hand it a {@link RowGradient}
     * of the touched rows instead of a dense [V, H] gradient. Every other contribution, and any
     * reader of {@link #gradOrNull()}, makes the gradient dense, so results are the same either
     * way; an optimizer that reads {@link #rowGradOrNull()} (AdamW) can update only those rows.
     */
    public Tensor sparseRowGradient(boolean on) {
        if (on && (inputs.length > 0 || !requiresGrad || rank() != 2)) {
            throw new IllegalStateException("a row gradient needs a trainable [V, H] leaf, got " + describe()
                    + " of shape " + Arrays.toString(shape()));
        }
        densifyRows();
        sparseRows = on;
        return this;
    }

    public boolean sparseRowGradient() {
        return sparseRows;
    }

    /** Adds the rows of {@code g} ([ids.length, H]) to table rows {@code ids}: as rows when sparse, else dense. */
    void accumulateRows(int[] ids, INDArray g) {
        if (!requiresGrad) {
            return;
        }
        RowGradient r = RowGradient.scatter(value.size(0), ids, g);
        if (sparseRows && grad == null) {
            rowGrad = rowGrad == null ? r : rowGrad.plus(r);
        } else {
            accumulateOwnedGrad(r.toDense());
        }
    }

    private void densifyRows() {
        if (rowGrad != null) {
            RowGradient r = rowGrad;
            rowGrad = null;
            grad = r.toDense();
        }
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public long[] shape() {
        return value.shape();
    }

    public long size(int dim) {
        return value.size(dim < 0 ? dim + value.rank() : dim);
    }

    public int rank() {
        return value.rank();
    }

    public DataType dataType() {
        return value.dataType();
    }

    /** The op that produced this tensor ("param", "constant", "matmul", ...). */
    public String op() {
        return op;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (value.length() != 1) {
            throw new IllegalStateException("item() needs a single element, shape is " + Arrays.toString(shape()));
        }
        return value.getDouble(0);
    }

    List<Tensor> inputsList() {
        return Arrays.asList(inputs);
    }

    Tensor[] inputs() {
        return inputs;
    }

    /**
     * Clears the gradient, releasing its memory: a large float32 gradient goes back to this
     * thread's buffer pool, so that the next step's gradient of the same size needs no fresh
     * off-heap allocation.
     */
    public void zeroGrad() {
        rowGrad = null;
        if (grad != null) {
            if (grad.closeable()) {
                org.nd4j.linalg.api.buffer.DataBuffer b = grad.data();
                if (!coversItsBuffer(grad) || b.originalDataBuffer() != null || !BufferPool.give(b)) {
                    grad.close();
                }
            }
            grad = null;
        }
    }

    /** Replaces the value of a leaf (used by optimizers and checkpoint loading). */
    public void setValue(INDArray newValue) {
        if (inputs.length > 0) {
            throw new IllegalStateException("only leaves can be assigned, not the output of " + op);
        }
        if (!Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("shape " + Arrays.toString(newValue.shape())
                    + " does not match " + Arrays.toString(value.shape()));
        }
        value = newValue;
    }

    /** A constant that shares this tensor's value but is cut from the graph. */
    public Tensor detach() {
        return constant(value);
    }

    void release() {
        inputs = NO_INPUTS;
        backward = null;
        grad = null;
        rowGrad = null;
    }

    // ---------------------------------------------------------------- gradients

    /**
     * Adds {@code g} to this tensor's gradient. {@code g} is borrowed: it is copied when it
     * becomes the gradient, so callers may pass views or arrays they still use.
     */
    public void accumulateGrad(INDArray g) {
        if (!requiresGrad) {
            return;
        }
        densifyRows();
        checkGradShape(g);
        if (grad == null) {
            grad = g.dup('c');
        } else {
            grad.addi(g);
        }
    }

    /**
     * Adds {@code g} into the region {@code idx} (intervals/all, which ND4J returns as a view) of
     * this tensor's gradient, creating a zero gradient first. {@code g} is borrowed. Used by slice:
     * no full-size temporary is needed when the gradient already exists.
     */
    void accumulateGradRegion(org.nd4j.linalg.indexing.INDArrayIndex[] idx, INDArray g) {
        if (!requiresGrad) {
            return;
        }
        densifyRows();
        if (grad == null) {
            grad = Nd4j.zeros(value.dataType(), value.shape());
        }
        INDArray region = grad.get(idx);
        if (!Arrays.equals(region.shape(), g.shape())) {
            throw new IllegalStateException("gradient shape " + Arrays.toString(g.shape())
                    + " does not match the region " + Arrays.toString(region.shape()) + " in " + op);
        }
        region.addi(g);
    }

    /**
     * Adds {@code g} to this tensor's gradient, taking ownership of it: {@code g} must be freshly
     * allocated for this call and referenced nowhere else.
     */
    public void accumulateOwnedGrad(INDArray g) {
        if (!requiresGrad) {
            Tape.track(g);
            return;
        }
        checkGradShape(g);
        densifyRows();
        if (grad == null && coversItsBuffer(g)) {
            grad = g;
        } else if (grad == null) {
            grad = g.dup('c');
            Tape.track(g);
        } else {
            grad.addi(g);
            Tape.track(g);
        }
    }

    /**
     * Whether {@code a} is row-major with default strides over the whole of its buffer: a fresh
     * array or a reshape of one (which ND4J reports as a view, though it owns every element).
     */
    private static boolean coversItsBuffer(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && a.length() == a.data().length()
                && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(a);
    }

    private void checkGradShape(INDArray g) {
        if (!Arrays.equals(g.shape(), value.shape())) {
            throw new IllegalStateException("gradient shape " + Arrays.toString(g.shape())
                    + " does not match value shape " + Arrays.toString(value.shape()) + " in " + op);
        }
    }

    /** Back-propagates from this scalar: d(this)/d(x) accumulates into every x that requires it. */
    public void backward() {
        if (value.length() != 1) {
            throw new IllegalStateException("backward() needs a scalar, shape is " + Arrays.toString(shape())
                    + "; use backward(gradient) otherwise");
        }
        backward(Nd4j.onesLike(value));
    }

    /** Back-propagates with the given gradient of some scalar with respect to this tensor. */
    public void backward(INDArray seed) {
        if (!requiresGrad) {
            throw new IllegalStateException(describe() + " does not require a gradient: no input was a param"
                    + " or gradients were disabled by Tape.noGrad()");
        }
        List<Tensor> order = topologicalOrder();
        accumulateGrad(seed);
        boolean pooled = Tape.current() != null;
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward != null && t.grad != null) {
                t.backward.apply(t.grad);
                if (pooled && t != this) {
                    t.releaseConsumedGrad();
                }
            }
        }
    }

    /**
     * After its backward function ran, an intermediate's gradient has been passed on to its inputs
     * (op outputs own their gradient buffers: contributions are copied or freshly made) and is read
     * by no one: a large float32 one goes back to this thread's buffer pool at once, so that the
     * rest of the backward pass reuses it instead of allocating. Smaller ones stay until the tape
     * closes.
     */
    private void releaseConsumedGrad() {
        INDArray g = grad;
        if (g == null || !g.closeable() || !coversItsBuffer(g) || g.data().originalDataBuffer() != null) {
            return;
        }
        grad = null;
        if (!BufferPool.give(g.data())) {
            grad = g;   // not pooled (small or the pool is full): the tape frees it
        }
    }

    /** Nodes reachable from this one that require a gradient, inputs before outputs. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        Set<Tensor> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        visited.add(this);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            if (next < t.inputs.length) {
                frame[1] = next + 1;
                Tensor in = t.inputs[next];
                if (in.requiresGrad && visited.add(in)) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    private String describe() {
        return "tensor " + Arrays.toString(shape()) + " from " + op;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape()) + "(" + op + ", " + dataType() + (requiresGrad ? ", grad" : "") + ")";
    }

    // ---------------------------------------------------------------- op vocabulary

    public Tensor add(Tensor other) { return ArithmeticOps.add(this, other); }
    public Tensor sub(Tensor other) { return ArithmeticOps.sub(this, other); }
    public Tensor mul(Tensor other) { return ArithmeticOps.mul(this, other); }
    public Tensor div(Tensor other) { return ArithmeticOps.div(this, other); }
    public Tensor add(double c) { return ArithmeticOps.addScalar(this, c); }
    public Tensor sub(double c) { return ArithmeticOps.addScalar(this, -c); }
    public Tensor mul(double c) { return ArithmeticOps.mulScalar(this, c); }
    public Tensor div(double c) { return ArithmeticOps.mulScalar(this, 1.0 / c); }
    public Tensor neg() { return ArithmeticOps.mulScalar(this, -1.0); }
    /** {@code c - this}. */
    public Tensor rsub(double c) { return ArithmeticOps.addScalar(ArithmeticOps.mulScalar(this, -1.0), c); }
    public Tensor pow(double p) { return ArithmeticOps.pow(this, p); }
    public Tensor square() { return ArithmeticOps.pow(this, 2.0); }
    public Tensor sqrt() { return ArithmeticOps.sqrt(this); }
    public Tensor exp() { return ArithmeticOps.exp(this); }
    public Tensor log() { return ArithmeticOps.log(this); }
    public Tensor abs() { return ArithmeticOps.abs(this); }

    /** Matrix product; rank 2, or batched rank 3/4 with equal batch dimensions. */
    public Tensor matmul(Tensor other) { return MatmulOps.matmul(this, other, false, false); }
    public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
        return MatmulOps.matmul(this, other, transposeThis, transposeOther);
    }

    public Tensor reshape(long... shape) { return ShapeOps.reshape(this, shape); }
    public Tensor permute(int... dims) { return ShapeOps.permute(this, dims); }
    public Tensor transpose(int dim1, int dim2) { return ShapeOps.transpose(this, dim1, dim2); }
    /** Elements {@code [start, end)} along {@code dim}; a prefix of the last dimension is a view. */
    public Tensor slice(int dim, long start, long end) { return ShapeOps.slice(this, dim, start, end); }
    public static Tensor concat(int dim, Tensor... parts) { return ShapeOps.concat(dim, parts); }
    /** Rows of this [V, H] table at {@code ids} (any shape): output {@code ids.shape + [H]}. */
    public Tensor gatherRows(INDArray ids) { return ShapeOps.gatherRows(this, ids); }

    public Tensor sum() { return ReduceOps.sumAll(this); }
    public Tensor mean() { return ReduceOps.meanAll(this); }
    public Tensor sum(boolean keepDims, int... dims) { return ReduceOps.sum(this, keepDims, dims); }
    public Tensor mean(boolean keepDims, int... dims) { return ReduceOps.mean(this, keepDims, dims); }
    public Tensor logSumExp(int dim, boolean keepDims) { return ReduceOps.logSumExp(this, dim, keepDims); }

    public Tensor softmax(int dim) { return ActivationOps.softmax(this, dim); }
    public Tensor logSoftmax(int dim) { return ActivationOps.logSoftmax(this, dim); }
    public Tensor gelu() { return ActivationOps.gelu(this); }
    public Tensor tanh() { return ActivationOps.tanh(this); }
    public Tensor sigmoid() { return ActivationOps.sigmoid(this); }
    public Tensor relu() { return ActivationOps.relu(this); }
    /** Inverted dropout with probability {@code p}, mask drawn from {@code seed}; identity when not training. */
    public Tensor dropout(double p, long seed, boolean training) { return ActivationOps.dropout(this, p, seed, training); }

    /** Layer normalization over the last dimension with gain, bias and epsilon. */
    public Tensor layerNorm(Tensor gain, Tensor bias, double eps) { return NormOps.layerNorm(this, gain, bias, eps); }
    /** Each row (last dimension) divided by its L2 norm (at least {@code eps}). */
    public Tensor l2Normalize(double eps) { return NormOps.l2Normalize(this, eps); }
    /** Cosine similarity of every row of this [N, D] with every row of {@code other} [M, D]: [N, M]. */
    public Tensor cosineSimilarityMatrix(Tensor other) { return NormOps.cosineSimilarityMatrix(this, other); }
    /** Adds a padding mask: positions where {@code mask} [B, T] is 0 get a large negative bias; this is [B, ..., T]. */
    public Tensor addAttentionMask(INDArray mask) { return NormOps.addAttentionMask(this, mask); }

    /** y = x W^T + b over the last dimension (W [out, in], b [out] or null), as one GEMM. */
    public Tensor linear(Tensor weight, Tensor bias) { return FusedOps.linear(this, weight, bias, false); }
    /** gelu(x W^T + b): a linear layer and exact GELU in one pass after the GEMM. */
    public Tensor linearGelu(Tensor weight, Tensor bias) { return FusedOps.linear(this, weight, bias, true); }
    /** Mean over dimension 1 of the vectors whose {@code mask} [B, T] is 1 (this: [B, T, H]). */
    public Tensor maskedMean(INDArray mask) { return FusedOps.maskedMean(this, mask); }
    /** LayerNorm(this + residual) over the last dimension in one pass; residual may be null. */
    public Tensor addLayerNorm(Tensor residual, Tensor gain, Tensor bias, double eps) {
        return FusedOps.addLayerNorm(this, residual, gain, bias, eps);
    }
    /**
     * Masked multi-head self-attention over projections q (this), k, v [B, T, H]; mask [B, T] of
     * 1 (token) / 0 (padding); inverted dropout with probability {@code dropout} on the attention
     * weights, masks drawn from {@code seed}. Returns the context [B, T, H], heads side by side.
     */
    public Tensor selfAttention(Tensor k, Tensor v, INDArray mask, int heads, double dropout, long seed) {
        return FusedOps.selfAttention(this, k, v, mask, heads, dropout, seed);
    }

    /** Mean binary cross-entropy of these logits against targets in [0, 1] (same shape). */
    public Tensor bceWithLogits(INDArray targets) { return LossOps.bceWithLogits(this, targets); }
    /** Mean cross-entropy of these logits [N, C] against integer class targets. */
    public Tensor crossEntropy(int[] targets) { return LossOps.crossEntropy(this, targets); }
}
