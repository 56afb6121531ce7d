package org.distill4ads.nn.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class XorDemoTest {
    static String run(long seed) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        double loss = XorDemo.train(seed, 400, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertTrue(loss < 0.02, "final loss " + loss);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsFiveLossLinesAndRepeatsForTheSameSeed() {
        String out = run(13);
        assertEquals(5, out.lines().count(), out);
        assertTrue(out.startsWith("step   80  loss "), out);
        assertEquals(out, run(13));
    }

    @Test
    void rejectsNoSteps() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> XorDemo.train(1, 0, System.out));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
