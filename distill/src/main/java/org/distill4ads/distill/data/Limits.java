package org.distill4ads.distill.data;

/**
 * The size limits every data reader enforces while it reads, before any work starts on the data,
 * with the file and line of the first breach: one hostile line cannot exhaust memory or produce
 * outputs (a results file holding a 64 MB title) that later steps cannot read back.
 */
public final class Limits {
    /** Characters on one line of a data file (TSV, JSON lines, id lists): 1 Mi. */
    public static final int MAX_LINE_CHARS = 1 << 20;
    /** Characters in one field (a title, a keyphrase, an id): 64 Ki. */
    public static final int MAX_FIELD_CHARS = 1 << 16;
    /** Nesting of arrays and objects in one JSON-lines row. */
    public static final int MAX_JSON_DEPTH = 32;

    private Limits() {
    }
}
