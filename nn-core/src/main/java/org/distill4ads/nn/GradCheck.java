package org.distill4ads.nn;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks analytic gradients against central finite differences in float64.
 *
 * <p>The function may return a tensor of any shape; it is reduced to a scalar by a fixed random
 * projection {@code sum(f(x) * R)}, so that every output element's gradient is exercised. Every
 * input must be float64; each element is perturbed by {@code ±eps}.
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(in -> in[0].matmul(in[1]), a, b);
 * assertTrue(r.maxError() < 1e-7, r.toString());
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {}

    /** Largest mixed absolute/relative error over all inputs, with where it happened. */
    public record Result(double maxError, int input, long index, double analytic, double numeric) {
        public boolean passes(double tolerance) {
            return maxError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("max error %.3e at input %d element %d: analytic %.10g vs numeric %.10g",
                    maxError, input, index, analytic, numeric);
        }
    }

    /** Checks with eps = 1e-6 and seed 0 for the projection. */
    public static Result check(Function<Tensor[], Tensor> f, INDArray... inputs) {
        return check(f, 1e-6, 0L, inputs);
    }

    public static Result check(Function<Tensor[], Tensor> f, double eps, long seed, INDArray... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException("gradient checks need float64 inputs; input " + i + " is "
                        + inputs[i].dataType());
            }
        }
        INDArray projection;
        Tensor[] params = new Tensor[inputs.length];
        INDArray[] analytic = new INDArray[inputs.length];
        try (Tape tape = Tape.open()) {
            for (int i = 0; i < inputs.length; i++) {
                params[i] = Tensor.param(inputs[i]);
            }
            Tensor out = f.apply(params);
            projection = randomLike(out.value(), seed);
            Tensor loss = out.mul(Tensor.constant(projection)).sum();
            loss.backward();
            for (int i = 0; i < inputs.length; i++) {
                INDArray g = params[i].gradOrNull();
                analytic[i] = g == null ? Nd4j.zeros(DataType.DOUBLE, inputs[i].shape()) : g.dup();
                params[i].zeroGrad();
            }
        }
        Result worst = new Result(0, -1, -1, 0, 0);
        for (int i = 0; i < inputs.length; i++) {
            INDArray x = inputs[i];
            INDArray flat = x.reshape(x.length()); // view: perturbations write through to x
            for (long j = 0; j < x.length(); j++) {
                double orig = flat.getDouble(j);
                flat.putScalar(j, orig + eps);
                double plus = evaluate(f, inputs, projection);
                flat.putScalar(j, orig - eps);
                double minus = evaluate(f, inputs, projection);
                flat.putScalar(j, orig);
                double numeric = (plus - minus) / (2 * eps);
                double a = analytic[i].reshape(x.length()).getDouble(j);
                double err = Math.abs(a - numeric) / Math.max(1.0, Math.abs(a) + Math.abs(numeric));
                if (err > worst.maxError() || worst.input() < 0) {
                    worst = new Result(err, i, j, a, numeric);
                }
            }
        }
        return worst;
    }

    private static double evaluate(Function<Tensor[], Tensor> f, INDArray[] inputs, INDArray projection) {
        try (Tape tape = Tape.noGrad()) {
            Tensor[] c = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                c[i] = Tensor.constant(inputs[i]);
            }
            Tensor out = f.apply(c);
            if (!Arrays.equals(out.shape(), projection.shape())) {
                throw new IllegalStateException("function output shape changed between calls");
            }
            return out.value().mul(projection).sumNumber().doubleValue();
        }
    }

    /**
     * Checks the gradients of a module's own parameters: {@code f} computes the output from the
     * parameters in {@code params} (float64). At most {@code maxPerParam} elements of each
     * parameter, spread evenly, are perturbed, which keeps checks of whole models fast.
     */
    public static Result checkParameters(java.util.function.Supplier<Tensor> f, java.util.Map<String, Tensor> params,
                                         int maxPerParam, double eps, long seed) {
        java.util.List<String> names = new java.util.ArrayList<>(params.keySet());
        INDArray projection;
        INDArray[] analytic = new INDArray[names.size()];
        params.values().forEach(Tensor::zeroGrad);
        try (Tape tape = Tape.open()) {
            Tensor out = f.get();
            projection = randomLike(out.value(), seed);
            out.mul(Tensor.constant(projection)).sum().backward();
            for (int i = 0; i < names.size(); i++) {
                Tensor p = params.get(names.get(i));
                if (p.dataType() != DataType.DOUBLE) {
                    throw new IllegalArgumentException("gradient checks need float64 parameters; '" + names.get(i) + "' is " + p.dataType());
                }
                INDArray g = p.gradOrNull();
                analytic[i] = g == null ? Nd4j.zeros(DataType.DOUBLE, p.shape()) : g.dup();
                p.zeroGrad();
            }
        }
        Result worst = new Result(0, -1, -1, 0, 0);
        for (int i = 0; i < names.size(); i++) {
            INDArray x = params.get(names.get(i)).value();
            INDArray flat = x.reshape(x.length());
            INDArray a = analytic[i].reshape(x.length());
            long stride = Math.max(1, x.length() / maxPerParam);
            for (long j = 0; j < x.length(); j += stride) {
                double orig = flat.getDouble(j);
                flat.putScalar(j, orig + eps);
                double plus = project(f, projection);
                flat.putScalar(j, orig - eps);
                double minus = project(f, projection);
                flat.putScalar(j, orig);
                double numeric = (plus - minus) / (2 * eps);
                double an = a.getDouble(j);
                double err = Math.abs(an - numeric) / Math.max(1.0, Math.abs(an) + Math.abs(numeric));
                if (err > worst.maxError() || worst.input() < 0) {
                    worst = new Result(err, i, j, an, numeric);
                }
            }
        }
        return worst;
    }

    private static double project(java.util.function.Supplier<Tensor> f, INDArray projection) {
        try (Tape tape = Tape.noGrad()) {
            return f.get().value().mul(projection).sumNumber().doubleValue();
        }
    }

    private static INDArray randomLike(INDArray like, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[(int) like.length()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble(-1.0, 1.0);
        }
        return Nd4j.create(r, like.shape(), DataType.DOUBLE);
    }
}
