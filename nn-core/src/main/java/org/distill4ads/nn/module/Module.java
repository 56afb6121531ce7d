package org.distill4ads.nn.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A node in a tree of layers that owns named parameters.
 *
 * <p>Parameter names are dotted paths through the tree and are chosen to equal Hugging Face
 * BERT checkpoint keys ({@code encoder.layer.0.attention.self.query.weight}), so that loading and
 * saving checkpoints is a checked copy. Registration order is the iteration order everywhere
 * (parameters, state dicts, optimizer state), which makes training deterministic.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable parameter under {@code name} (no dots) and returns it. */
    protected final Tensor registerParameter(String name, INDArray value) {
        checkName(name);
        Tensor p = Tensor.param(value);
        parameters.put(name, p);
        return p;
    }

    /** Registers a child module under {@code name} (no dots) and returns it. */
    protected final <M extends Module> M registerModule(String name, M child) {
        checkName(name);
        children.put(name, child);
        child.train(training);
        return child;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a parameter or module name must be non-empty without dots, got '" + name + "'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /** Every parameter of this module and its descendants, keyed by dotted path, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collect(prefix + n + ".", out));
    }

    public final List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Direct children by name. */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    public final long parameterCount() {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            n += p.value().length();
        }
        return n;
    }

    /** Switches training behaviour (dropout) on or off for the whole subtree. */
    public final void train(boolean on) {
        training = on;
        children.values().forEach(c -> c.train(on));
    }

    /** Same as {@code train(false)}. */
    public final void eval() {
        train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    public final void zeroGrad() {
        namedParameters().values().forEach(Tensor::zeroGrad);
    }

    /**
     * Re-seeds every source of randomness in the subtree (dropout masks). Each child gets a seed
     * derived from this one and its name, so that a training step replays exactly from
     * {@code (seed, step)}.
     */
    public final void reseed(long seed) {
        onReseed(seed);
        children.forEach((n, c) -> c.reseed(mix(seed, n.hashCode())));
    }

    /** Hook for modules with their own randomness. */
    protected void onReseed(long seed) {}

    protected static long mix(long seed, long salt) {
        long z = seed + 0x9E3779B97F4A7C15L * (salt + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The current parameter values by name (the arrays themselves, not copies). */
    public final Map<String, INDArray> stateDict() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> out.put(n, p.value()));
        return out;
    }

    /**
     * Copies values into the parameters. Every parameter must be present with its exact shape;
     * extra keys are an error when {@code strict}. Values are cast to the parameter's data type.
     */
    public final void loadStateDict(Map<String, INDArray> state, boolean strict) {
        Map<String, Tensor> own = namedParameters();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            INDArray v = state.get(e.getKey());
            if (v == null) {
                missing.add(e.getKey());
                continue;
            }
            INDArray target = e.getValue().value();
            if (!Arrays.equals(v.shape(), target.shape())) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has shape " + Arrays.toString(v.shape())
                        + " but the model expects " + Arrays.toString(target.shape()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing tensors: " + missing);
        }
        if (strict) {
            List<String> extra = new ArrayList<>();
            for (String k : state.keySet()) {
                if (!own.containsKey(k)) {
                    extra.add(k);
                }
            }
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("unexpected tensors: " + extra);
            }
        }
        own.forEach((n, p) -> p.value().assign(state.get(n).castTo(p.dataType())));
    }
}
