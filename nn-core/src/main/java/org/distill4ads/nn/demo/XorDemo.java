package org.distill4ads.nn.demo;

import java.util.Locale;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.distill4ads.nn.optim.AdamW;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A runnable smoke demo of nn-core: a 2-8-1 tanh MLP learns XOR with AdamW and prints a few
 * loss lines. The same seed always prints the same numbers (arguments: {@code [seed] [steps]}).
 */
public final class XorDemo {
    /** The MLP, as a module so its parameters carry dotted names ({@code hidden.weight}, ...). */
    static final class Mlp extends Module {
        final Linear hidden;
        final Linear out;

        Mlp(long seed) {
            hidden = registerModule("hidden", new Linear(2, 8, true, DataType.FLOAT, 1.0, seed));
            out = registerModule("out", new Linear(8, 1, true, DataType.FLOAT, 1.0, seed + 1));
        }

        Tensor forward(Tensor x) {
            return out.forward(hidden.forward(x).tanh());
        }
    }

    private XorDemo() {
    }

    /** Trains for {@code steps} AdamW steps and returns the final loss; prints every {@code steps / 5}. */
    public static double train(long seed, int steps, java.io.PrintStream log) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        Mlp mlp = new Mlp(seed);
        AdamW opt = new AdamW(mlp.namedParameters(), 0.05, 0.9, 0.999, 1e-8, 0.0);
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 1, 0});
        int every = Math.max(1, steps / 5);
        double loss = Double.NaN;
        for (int s = 1; s <= steps; s++) {
            try (Tape t = Tape.open()) {
                Tensor l = mlp.forward(Tensor.constant(x)).reshape(4).bceWithLogits(y);
                l.backward();
                opt.step();
                loss = l.item();
            }
            if (s % every == 0 || s == steps) {
                log.printf(Locale.ROOT, "step %4d  loss %.6f%n", s, loss);
            }
        }
        return loss;
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 13;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        double loss = train(seed, steps, System.out);
        System.out.printf(Locale.ROOT, "XOR learned: %s (final loss %.6f, seed %d)%n", loss < 0.01, loss, seed);
    }
}
