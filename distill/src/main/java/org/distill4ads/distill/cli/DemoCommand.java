package org.distill4ads.distill.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.module.Module;
import org.distill4ads.nn.optim.AdamW;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A one-minute look at the stack: a two-layer network on our autograd, trained with our AdamW,
 * learns XOR, and the same seed reproduces the same weights.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small network on XOR with nn-core's autograd and AdamW, and print the loss.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "400", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "7", description = "seed of the initial weights (default: ${DEFAULT-VALUE})")
    long seed;

    /** A 2-16-1 tanh network. */
    static final class Net extends Module {
        final Linear hidden;
        final Linear out;

        Net(long seed) {
            hidden = registerModule("hidden", new Linear(2, 16, true, DataType.FLOAT, 1.0, seed));
            out = registerModule("out", new Linear(16, 1, true, DataType.FLOAT, 1.0, seed + 1));
        }

        Tensor forward(Tensor x) {
            return out.forward(hidden.forward(x).tanh()).reshape(-1); // [N]
        }
    }

    /** Trains and returns the final loss. */
    static double train(Net net, int steps, java.io.PrintStream log) {
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 1, 0});
        AdamW opt = new AdamW(net.namedParameters(), 0.05, 0.9, 0.999, 1e-8, 0.0);
        double loss = Double.NaN;
        for (int step = 1; step <= steps; step++) {
            try (Tape tape = Tape.open()) {
                Tensor l = net.forward(Tensor.constant(x)).bceWithLogits(y);
                l.backward();
                opt.step();
                loss = l.item();
            }
            if (log != null && (step == 1 || step % Math.max(1, steps / 8) == 0 || step == steps)) {
                log.printf("step %4d  loss %.5f%n", step, loss);
            }
        }
        return loss;
    }

    @Override
    public Integer call() {
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        System.out.println("distill4ads demo: a 2-16-1 network learns XOR with nn-core autograd + AdamW");
        Net net = new Net(seed);
        double loss = train(net, steps, System.out);
        try (Tape t = Tape.noGrad()) {
            INDArray p = net.forward(Tensor.constant(Nd4j.createFromArray(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}})))
                    .sigmoid().value();
            System.out.printf("predictions for (0,0) (0,1) (1,0) (1,1): %.3f %.3f %.3f %.3f%n",
                    p.getDouble(0), p.getDouble(1), p.getDouble(2), p.getDouble(3));
        }
        Net again = new Net(seed);
        train(again, steps, null);
        boolean same = true;
        for (Map.Entry<String, INDArray> e : net.stateDict().entrySet()) {
            same &= e.getValue().equals(again.stateDict().get(e.getKey()));
        }
        System.out.println("same seed, same weights: " + same + "; final loss " + String.format("%.5f", loss));
        return same && loss < 0.05 ? 0 : 1;
    }

    static List<String> names(Net n) {
        return List.copyOf(n.namedParameters().keySet());
    }
}
