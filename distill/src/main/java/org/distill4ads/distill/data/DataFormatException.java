package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file that cannot be read as the pipeline's format: says which file, which line, which
 * column, what was there and what was expected, as in
 * {@code clicks.tsv:7: column "clicks": got "x", expected a whole number >= 0}.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;
    private final String column;

    /**
     * @param file     the file that is wrong
     * @param line     1-based line number, 0 when the problem is not on one line
     * @param column   the column (or JSON field) that is wrong, null when the whole line or file is
     * @param problem  what was wrong, e.g. {@code got "x"}
     * @param expected what was expected instead, null to say nothing
     */
    public DataFormatException(Path file, long line, String column, String problem, String expected) {
        this(file, line, column, problem, expected, null);
    }

    /** As {@link #DataFormatException(Path, long, String, String, String)}, with the cause. */
    public DataFormatException(Path file, long line, String column, String problem, String expected, Throwable cause) {
        super(message(file, line, column, problem, expected), cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String message(Path file, long line, String column, String problem, String expected) {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (column != null) {
            sb.append("column \"").append(column).append("\": ");
        }
        sb.append(problem);
        if (expected != null) {
            sb.append(", expected ").append(expected);
        }
        return sb.toString();
    }

    /** The file that is wrong. */
    public Path file() {
        return file;
    }

    /** The 1-based line number (the header is line 1 of a TSV file), 0 when not about one line. */
    public long line() {
        return line;
    }

    /** The column or JSON field that is wrong, null when the problem is the whole line or file. */
    public String column() {
        return column;
    }
}
