package org.distill4ads.distill.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One line of a data file as column → text, whichever format it came from, with typed getters
 * that fail with a {@link DataFormatException} naming the file, line and column.
 */
final class Row {
    private static final int SHOWN = 80;

    private final Path file;
    private final long line;
    private final Map<String, String> values;
    /** Columns whose JSON value was of a kind no column takes (object, array), with that kind. */
    private final Map<String, String> badKinds;

    Row(Path file, long line, Map<String, String> values, Map<String, String> badKinds) {
        this.file = file;
        this.line = line;
        this.values = values;
        this.badKinds = badKinds;
    }

    Path file() {
        return file;
    }

    long line() {
        return line;
    }

    /** A text that must not be blank. */
    String text(String column) throws DataFormatException {
        String v = raw(column, "a non-blank text");
        if (v.isBlank()) {
            throw error(column, "got " + shown(v), "a non-blank text");
        }
        return v;
    }

    /** A text that may be missing or empty ("" then). */
    String optionalText(String column) throws DataFormatException {
        if (badKinds.containsKey(column)) {
            throw error(column, "got " + badKinds.get(column), "a text");
        }
        String v = values.get(column);
        return v == null ? "" : limited(column, v);
    }

    /** A whole number ≥ 0. */
    long wholeNumber(String column) throws DataFormatException {
        String expected = "a whole number >= 0";
        String v = raw(column, expected);
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(column, "got " + shown(v), expected);
    }

    /** A number in [0, 1]. */
    double unitInterval(String column) throws DataFormatException {
        String expected = "a number in [0, 1]";
        String v = raw(column, expected);
        Double d = parseUnit(v);
        if (d == null) {
            throw error(column, "got " + shown(v), expected);
        }
        return d;
    }

    /** A grade 0, 1 or 2. */
    int grade(String column) throws DataFormatException {
        String expected = "a grade 0, 1 or 2";
        String v = raw(column, expected);
        switch (v.trim()) {
            case "0":
                return 0;
            case "1":
                return 1;
            case "2":
                return 2;
            default:
                throw error(column, "got " + shown(v), expected);
        }
    }

    /** A judgment label: a number in [0, 1] or the word {@code relevant} (1) or {@code irrelevant} (0). */
    double label(String column) throws DataFormatException {
        String expected = "a number in [0, 1] or the word relevant or irrelevant";
        String v = raw(column, expected);
        String word = v.trim().toLowerCase(Locale.ROOT);
        if (word.equals("relevant")) {
            return 1;
        }
        if (word.equals("irrelevant")) {
            return 0;
        }
        Double d = parseUnit(v);
        if (d == null) {
            throw error(column, "got " + shown(v), expected);
        }
        return d;
    }

    DataFormatException error(String column, String problem, String expected) {
        return new DataFormatException(file, line, column, problem, expected);
    }

    private String raw(String column, String expected) throws DataFormatException {
        if (badKinds.containsKey(column)) {
            throw error(column, "got " + badKinds.get(column), expected);
        }
        String v = values.get(column);
        if (v == null) {
            throw error(column, "got nothing", expected);
        }
        return limited(column, v);
    }

    private String limited(String column, String v) throws DataFormatException {
        if (v.length() > Limits.MAX_FIELD_CHARS) {
            throw error(column, "holds " + v.length() + " characters", "at most " + Limits.MAX_FIELD_CHARS);
        }
        return v;
    }

    private static Double parseUnit(String v) {
        String t = v.trim();
        // Double.parseDouble also takes "1d", "0x1p0" and the like; a data file means plain decimals
        if (t.isEmpty() || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
            return null;
        }
        double d = Double.parseDouble(t);
        return d >= 0 && d <= 1 ? d : null;
    }

    /** A value quoted for a message, cut when long. */
    static String shown(String v) {
        String s = v.length() > SHOWN ? v.substring(0, SHOWN) + "..." : v;
        return "\"" + s.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
