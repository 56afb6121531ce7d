package org.distill4ads.distill.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.distill4ads.nn.demo.XorDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A one-minute look at the stack: nn-core's {@link XorDemo} (a small network on our autograd,
 * trained with our AdamW, learns XOR), run twice to show that the same seed gives the same run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small network on XOR with nn-core's autograd and AdamW, twice, and print the loss.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--steps", defaultValue = "500", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--seed", defaultValue = "13", description = "seed of the initial weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        if (steps <= 0) {
            throw new IllegalArgumentException("--steps must be positive, got " + steps);
        }
        PrintStream out = json.text();
        out.println("distill4ads demo: a 2-8-1 network learns XOR with nn-core autograd + AdamW");
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        double loss = XorDemo.train(seed, steps, new PrintStream(first, true, StandardCharsets.UTF_8));
        out.print(first.toString(StandardCharsets.UTF_8));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        double again = XorDemo.train(seed, steps, new PrintStream(second, true, StandardCharsets.UTF_8));
        boolean same = Double.doubleToRawLongBits(loss) == Double.doubleToRawLongBits(again)
                && first.toString(StandardCharsets.UTF_8).equals(second.toString(StandardCharsets.UTF_8));
        out.printf("same seed, same run: %s; final loss %.6f%n", same, loss);
        json.result("demo").put("steps", steps).put("seed", seed).put("finalLoss", loss).put("sameSeedSameRun", same).print();
        return same && loss < 0.05 ? 0 : 1;
    }
}
