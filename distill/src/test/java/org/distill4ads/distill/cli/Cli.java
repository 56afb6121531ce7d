package org.distill4ads.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@link Main#execute} with standard output and error captured. */
final class Cli {
    private Cli() {
    }

    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static synchronized Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Runs and checks success. */
    static Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), r.toString());
        return r;
    }

    /**
     * Runs and checks that it failed with {@code code} and exactly one line on standard error,
     * {@code distill4ads: ...}, holding every fragment, with no stack trace.
     */
    static String fails(int code, String[] args, String... fragments) {
        Result r = run(args);
        assertEquals(code, r.code(), r.toString());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.toString());
        String line = lines.get(0);
        assertTrue(line.startsWith("distill4ads: "), line);
        assertFalse(r.err().contains("\tat ") || r.err().contains("at org."), r.toString());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' not in: " + line);
        }
        if (code == 2) {
            assertTrue(line.endsWith(" --help)"), line);
        }
        return line;
    }

    static String[] args(Object... parts) {
        String[] s = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            s[i] = parts[i].toString();
        }
        return s;
    }
}
