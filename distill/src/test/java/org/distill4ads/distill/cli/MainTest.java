package org.distill4ads.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void demoLearnsXorReproducibly() {
        DemoCommand.Net a = new DemoCommand.Net(3);
        double loss = DemoCommand.train(a, 400, null);
        assertTrue(loss < 0.05, "final XOR loss " + loss);
        DemoCommand.Net b = new DemoCommand.Net(3);
        DemoCommand.train(b, 400, null);
        assertEquals(a.stateDict(), b.stateDict(), "same seed, bit-identical weights");
        assertEquals(java.util.List.of("hidden.weight", "hidden.bias", "out.weight", "out.bias"), DemoCommand.names(a));
    }

    @Test
    void badFlagsGiveUsageErrorsAndExitCodes() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Main.execute("demo", "--steps", "many"));
            assertEquals(2, Main.execute("no-such-command"));
            assertEquals(1, Main.execute("demo", "--steps", "0"));
        } finally {
            System.setErr(err);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("many"), out);
        assertTrue(out.contains("--steps must be positive, got 0"), out);
    }
}
