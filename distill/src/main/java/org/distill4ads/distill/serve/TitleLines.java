package org.distill4ads.distill.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.util.Iterator;
import java.util.Set;
import org.distill4ads.distill.data.DataFormatException;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Limits;

/**
 * The items of a bulk input ({@code recommend --input}), read one line at a time: a line is a
 * title, or a JSON object {@code {"id": ..., "title": ..., "category": ...}} (id and category
 * optional; a line starting with {@code {} is read as JSON). Blank lines are skipped. An item
 * without an id gets {@code line-N}, N its line number. A line longer than
 * {@link Limits#MAX_LINE_CHARS} or a field longer than {@link Limits#MAX_FIELD_CHARS} is an error
 * naming the input and the line, raised before the line is held in memory.
 */
public final class TitleLines {
    private static final Set<String> FIELDS = Set.of("id", "title", "category");

    /** An item and the line it came from. */
    public record Line(long number, Item item) {}

    private final Reader in;
    private final String name;
    private final StringBuilder line = new StringBuilder();
    private long number;
    private boolean eof;

    /** {@code name} is what errors call the input (a file name, or "standard input"). */
    public TitleLines(Reader in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The next item, or null at the end. */
    public Line next() throws IOException {
        while (!eof) {
            if (!readLine()) {
                eof = true;
                if (line.length() == 0) {
                    return null;
                }
            }
            String text = line.toString().strip();
            if (!text.isEmpty()) {
                return new Line(number, parse(text));
            }
        }
        return null;
    }

    /** Reads the next line into {@code line}; false at the end of the input. */
    private boolean readLine() throws IOException {
        line.setLength(0);
        number++;
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return true;
            }
            if (line.length() >= Limits.MAX_LINE_CHARS) {
                throw error("the line is longer than " + Limits.MAX_LINE_CHARS + " characters", null);
            }
            line.append((char) c);
        }
        return false;
    }

    private Item parse(String text) throws IOException {
        String id = "line-" + number;
        if (!text.startsWith("{")) {
            field("title", text);
            return new Item(id, text, "");
        }
        JsonNode o;
        try {
            o = RecommendationJson.JSON.readTree(text);
        } catch (JacksonException e) {
            throw error("not valid JSON (" + e.getOriginalMessage() + ")", "a title or a JSON object {\"title\": ...}");
        }
        if (o == null || !o.isObject()) {
            throw error("not a JSON object", "a title or a JSON object {\"title\": ...}");
        }
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw error("unknown field \"" + f + "\"", "id, title, category");
            }
        }
        String title = string(o, "title");
        if (title == null || title.isBlank()) {
            throw error("no title", "a non-blank \"title\"");
        }
        String given = string(o, "id");
        if (given != null && given.isBlank()) {
            throw error("a blank id", "a non-blank \"id\" or none");
        }
        return new Item(given != null ? given : id, title, string(o, "category"));
    }

    private String string(JsonNode o, String f) throws IOException {
        JsonNode v = o.get(f);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw error("\"" + f + "\" is a " + v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT), "a string");
        }
        return field(f, v.asText());
    }

    private String field(String f, String v) throws IOException {
        if (v.length() > Limits.MAX_FIELD_CHARS) {
            throw error("\"" + f + "\" has " + v.length() + " characters", "at most " + Limits.MAX_FIELD_CHARS);
        }
        return v;
    }

    private DataFormatException error(String problem, String expected) {
        return new DataFormatException(java.nio.file.Path.of(name), number, null, problem, expected);
    }
}
