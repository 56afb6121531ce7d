package org.distill4ads.distill.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text cells, rendered as Markdown (the report) or as aligned plain text (the
 * console): the one renderer behind every results table.
 */
public final class Table {
    /** How a column's cells line up: text left, numbers right. */
    public enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size() || headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs one alignment per column, got " + headers.size() + " headers and "
                    + aligns.size() + " alignments");
        }
        this.headers = List.copyOf(headers);
        this.aligns = List.copyOf(aligns);
    }

    /** A table whose first column is left-aligned (names) and the others right-aligned (figures). */
    public static Table named(String... headers) {
        List<Align> a = new ArrayList<>();
        for (int i = 0; i < headers.length; i++) {
            a.add(i == 0 ? Align.LEFT : Align.RIGHT);
        }
        return new Table(List.of(headers), a);
    }

    /** Adds a row; it must have one cell per column. Returns this table. */
    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headers.size() + " columns "
                    + headers);
        }
        rows.add(List.of(cells));
        return this;
    }

    public int rows() {
        return rows.size();
    }

    /** GitHub Markdown: a header row, the alignment row ({@code ---} or {@code ---:}), the rows. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        line(sb, headers);
        sb.append('|');
        for (Align a : aligns) {
            sb.append(a == Align.RIGHT ? "---:" : "---").append('|');
        }
        sb.append('\n');
        rows.forEach(r -> line(sb, r));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    /** Plain text for a terminal: columns padded to their widest cell, two spaces apart, a rule under the header. */
    public String text() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String head = pad(headers, width);
        sb.append(head).append('\n').append("-".repeat(head.length())).append('\n');
        rows.forEach(r -> sb.append(pad(r, width)).append('\n'));
        return sb.toString();
    }

    private String pad(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String cell = cells.get(c);
            String fill = " ".repeat(width[c] - cell.length());
            sb.append(aligns.get(c) == Align.RIGHT ? fill + cell : cell + (c == cells.size() - 1 ? "" : fill));
        }
        return sb.toString();
    }
}
