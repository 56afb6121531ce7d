package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The {@code .tsv} format: a header line with the column names, then one tab-separated line per
 * record, UTF-8, no quoting. A value cannot hold a tab or a line break: writing one is refused
 * (the {@code .jsonl} format can hold any text).
 */
final class Tsv {
    private Tsv() {
    }

    static <T> List<Numbered<T>> read(Path file, Schema<T> schema) throws IOException {
        List<Numbered<T>> out = new ArrayList<>();
        TsvTable.read(file, TsvTable.PLAIN, true, schema.required(), expectedHeader(schema),
                row -> out.add(new Numbered<>(DataFiles.parse(schema, row), row.line())));
        return out;
    }

    static <T> void write(Path file, Schema<T> schema, List<T> records) throws IOException {
        AtomicFiles.writeText(file, out -> {
            CSVPrinter printer = new CSVPrinter(out, TsvTable.PLAIN);
            printer.printRecord(schema.columns());
            long line = 1;
            for (T record : records) {
                line++;
                List<Object> values = schema.writer().apply(record);
                List<String> fields = new ArrayList<>(values.size());
                for (int i = 0; i < values.size(); i++) {
                    fields.add(field(file, line, schema.columns().get(i), values.get(i)));
                }
                printer.printRecord(fields);
            }
            printer.flush();
        });
    }

    /** Whether every text of {@code records} can be written to a .tsv file (no tab or line break). */
    static <T> boolean fits(Schema<T> schema, List<T> records) {
        for (T record : records) {
            for (Object v : schema.writer().apply(record)) {
                if (!(v instanceof Number)) {
                    String s = v.toString();
                    if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static String field(Path file, long line, String column, Object value) {
        if (value instanceof Double d) {
            double v = d;
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        String s = value.toString();
        if (s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cannot write " + file + ": line " + line + ", column \"" + column
                    + "\" holds a tab or line break (" + Row.shown(s) + "), which a .tsv file cannot hold;"
                    + " clean the text or write a .jsonl file instead");
        }
        return s;
    }

    static String expectedHeader(Schema<?> schema) {
        String s = "the tab-separated columns " + String.join(", ", schema.columns());
        if (!schema.optional().isEmpty()) {
            s += " (" + String.join(", ", schema.columns().stream().filter(schema.optional()::contains).toList())
                    + " may be left out)";
        }
        return s;
    }
}
