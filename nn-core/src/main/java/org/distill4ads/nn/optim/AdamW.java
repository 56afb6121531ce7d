package org.distill4ads.nn.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.nio.FloatBuffer;
import org.distill4ads.nn.RowGradient;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.kernel.AdamWKernel;
import org.distill4ads.nn.kernel.FloatViews;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", 2019), as PyTorch's {@code torch.optim.AdamW} computes it:
 *
 * <pre>{@code
 *   p  <- p (1 - lr wd)                         (only where decay applies)
 *   m  <- b1 m + (1 - b1) g
 *   v  <- b2 v + (1 - b2) g^2
 *   p  <- p - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 * }</pre>
 *
 * <p>By default weight decay applies to parameters of rank 2 and more, not to biases and
 * LayerNorm weights (rank 1). Parameters without a gradient in a step are left unchanged, and so
 * are their moments. Moments are kept in the parameter's data type; all updates are in place, for
 * float32 tensors in one pass per tensor ({@link AdamWKernel}).
 *
 * <p><b>Row gradients (lazy rows).</b> A parameter whose gradient is a {@link RowGradient} (an
 * embedding table with {@link Tensor#sparseRowGradient(boolean)}) is updated on its touched rows
 * only, as torch's {@code SparseAdam} does, plus decoupled weight decay: each touched row gets
 * exactly the dense update above (same step count t, same bias corrections, its decay), computed
 * by the same kernel, so it equals what dense AdamW does to that row bit for bit. Untouched rows,
 * and their moments, are left as they are — where dense AdamW would decay their moments by
 * beta1 and beta2, keep moving them by the decayed momentum, and apply weight decay. So the two
 * agree exactly while every row with non-zero moments is touched in each step (e.g. the first
 * step without weight decay), and otherwise differ on the rows a batch does not read.
 */
public final class AdamW implements Optimizer {
    /** Key of the step counter in {@link #state()}. */
    public static final String STEP_KEY = "step";

    private final List<String> names = new ArrayList<>();
    private final List<Tensor> params = new ArrayList<>();
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private final List<Boolean> decays = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double lr;
    private long step;

    /** lr with betas (0.9, 0.999), eps 1e-8 and weight decay 0.01 (PyTorch's defaults). */
    public AdamW(Map<String, Tensor> parameters, double lr) {
        this(parameters, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    public AdamW(Map<String, Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this(parameters, lr, beta1, beta2, eps, weightDecay, (name, p) -> p.rank() > 1);
    }

    /** {@code decay} decides per (name, parameter) whether weight decay applies. */
    public AdamW(Map<String, Tensor> parameters, double lr, double beta1, double beta2, double eps, double weightDecay,
                 BiPredicate<String, Tensor> decay) {
        check(lr >= 0, "learning rate must be >= 0", lr);
        check(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1)", beta1);
        check(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1)", beta2);
        check(eps > 0, "eps must be > 0", eps);
        check(weightDecay >= 0, "weight decay must be >= 0", weightDecay);
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        parameters.forEach((name, p) -> {
            if (!p.requiresGrad()) {
                throw new IllegalArgumentException("parameter '" + name + "' does not require a gradient");
            }
            names.add(name);
            params.add(p);
            m.add(Nd4j.zeros(p.dataType(), p.shape()));
            v.add(Nd4j.zeros(p.dataType(), p.shape()));
            decays.add(decay.test(name, p));
        });
    }

    private static void check(boolean ok, String what, double value) {
        if (!ok) {
            throw new IllegalArgumentException("AdamW: " + what + ", got " + value);
        }
    }

    @Override
    public void step() {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            RowGradient rows = p.rowGradOrNull();
            if (rows != null) {
                rowStep(p.value(), rows, m.get(i), v.get(i), decays.get(i), bc1, bc2);
                p.zeroGrad();
                continue;
            }
            INDArray g = p.gradOrNull();
            if (g == null) {
                continue;
            }
            update(p.value(), g, m.get(i), v.get(i), decays.get(i), bc1, bc2);
            p.zeroGrad();
        }
    }

    /** The dense update of {@code value} (a tensor or one row of it) in place. */
    private void update(INDArray value, INDArray g, INDArray mi, INDArray vi, boolean decays, double bc1, double bc2) {
        if (FloatViews.isDenseFloat(value) && FloatViews.isDenseFloat(g) && FloatViews.isDenseFloat(mi) && FloatViews.isDenseFloat(vi)) {
            kernel(FloatViews.of(value), FloatViews.of(g), FloatViews.of(mi), FloatViews.of(vi), Math.toIntExact(value.length()),
                    decays, bc1, bc2);
            return;
        }
        if (decays && weightDecay > 0) {
            value.muli(1 - lr * weightDecay);
        }
        // temporaries are closed at once: this runs outside any Tape scope
        INDArray g1 = g.mul(1 - beta1);
        mi.muli(beta1).addi(g1);
        g1.close();
        INDArray g2 = g.mul(g).muli(1 - beta2);
        vi.muli(beta2).addi(g2);
        g2.close();
        // update = (m / bc1) / (sqrt(v / bc2) + eps)
        INDArray denom = Transforms.sqrt(vi.div(bc2), false).addi(eps);
        INDArray update = mi.div(denom).muli(lr / bc1);
        value.subi(update);
        denom.close();
        update.close();
    }

    private void kernel(FloatBuffer p, FloatBuffer g, FloatBuffer mi, FloatBuffer vi, int n, boolean decays, double bc1, double bc2) {
        float decay = decays && weightDecay > 0 ? (float) (1 - lr * weightDecay) : 1f;
        AdamWKernel.step(p, g, mi, vi, n, decay, (float) beta1, (float) beta2, (float) (lr / bc1), (float) bc2, (float) eps);
    }

    /** The dense update applied to each touched row of a table, nothing else (see the class comment). */
    private void rowStep(INDArray value, RowGradient rows, INDArray mi, INDArray vi, boolean decays, double bc1, double bc2) {
        int w = rows.width();
        if (FloatViews.isDenseFloat(value) && FloatViews.isDenseFloat(mi) && FloatViews.isDenseFloat(vi)) {
            FloatBuffer pAll = FloatViews.of(value);
            FloatBuffer mAll = FloatViews.of(mi);
            FloatBuffer vAll = FloatViews.of(vi);
            float[] g = rows.floatValues();
            for (int k = 0; k < rows.rowCount(); k++) {
                int at = rows.row(k) * w;
                kernel(pAll.slice(at, w), FloatBuffer.wrap(g, k * w, w).slice(), mAll.slice(at, w), vAll.slice(at, w), w,
                        decays, bc1, bc2);
            }
            return;
        }
        for (int k = 0; k < rows.rowCount(); k++) {
            int r = rows.row(k);
            INDArray g = rows.dataType() == DataType.DOUBLE
                    ? Nd4j.create(java.util.Arrays.copyOfRange(rows.doubleValues(), k * w, (k + 1) * w), new long[] {1, w}, DataType.DOUBLE)
                    : Nd4j.create(java.util.Arrays.copyOfRange(rows.floatValues(), k * w, (k + 1) * w), new long[] {1, w}, rows.dataType());
            update(value.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + 1), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    g, mi.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + 1), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    vi.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r, r + 1), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                    decays, bc1, bc2);
            g.close();
        }
    }

    @Override
    public void setLearningRate(double lr) {
        check(lr >= 0, "learning rate must be >= 0", lr);
        this.lr = lr;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public long iteration() {
        return step;
    }

    /** Whether weight decay applies to the named parameter. */
    public boolean decays(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'");
        }
        return decays.get(i);
    }

    /**
     * The optimizer's state for checkpoints: {@code m.<name>} and {@code v.<name>} moments (copies)
     * and {@link #STEP_KEY} as an INT64 array of one element.
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put("m." + names.get(i), m.get(i).dup());
            out.put("v." + names.get(i), v.get(i).dup());
        }
        out.put(STEP_KEY, Nd4j.createFromArray(new long[] {step}));
        return out;
    }

    /** Restores a state written by {@link #state()}; every key must be present with the right shape. */
    public void loadState(Map<String, INDArray> state) {
        INDArray s = state.get(STEP_KEY);
        if (s == null || s.length() != 1) {
            throw new IllegalArgumentException("optimizer state lacks a one-element '" + STEP_KEY + "' entry");
        }
        for (int i = 0; i < names.size(); i++) {
            copyInto(state, "m." + names.get(i), m.get(i));
            copyInto(state, "v." + names.get(i), v.get(i));
        }
        step = s.castTo(DataType.INT64).getLong(0);
    }

    private static void copyInto(Map<String, INDArray> state, String key, INDArray target) {
        INDArray src = state.get(key);
        if (src == null) {
            throw new IllegalArgumentException("optimizer state lacks '" + key + "'");
        }
        if (!java.util.Arrays.equals(src.shape(), target.shape())) {
            throw new IllegalArgumentException("optimizer state '" + key + "' has shape " + java.util.Arrays.toString(src.shape())
                    + " but the parameter has " + java.util.Arrays.toString(target.shape()));
        }
        target.assign(src.castTo(target.dataType()));
    }
}
