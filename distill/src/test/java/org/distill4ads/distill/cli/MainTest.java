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
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("demo", "--steps", "400", "--seed", "3");
        } finally {
            System.setOut(out);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("same seed, same run: true"), text);
        assertTrue(text.contains("step  400"), text);
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
