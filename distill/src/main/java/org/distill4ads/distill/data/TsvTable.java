package org.distill4ads.distill.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a tab-separated file whose first line names the columns, handing each later line to a
 * callback as a {@link Row}. Line numbers are 1-based and count the header as line 1; blank lines
 * are skipped (and counted).
 */
final class TsvTable {
    /** Receives each row. */
    interface RowHandler {
        void accept(Row row) throws IOException;
    }

    /** Our own files: no quoting, a {@code "} is an ordinary character, so each line is one row. */
    static final CSVFormat PLAIN = format(false);
    /** Files written by pandas and the like (WANDS): a field may be quoted with {@code "}, {@code ""} inside. */
    static final CSVFormat QUOTED = format(true);

    private TsvTable() {
    }

    private static CSVFormat format(boolean quoted) {
        return CSVFormat.TDF.builder()
                .setQuote(quoted ? Character.valueOf('"') : null)
                .setEscape((Character) null)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .setIgnoreEmptyLines(false)
                .setRecordSeparator("\n")
                .get();
    }

    /**
     * @param format       {@link #PLAIN} or {@link #QUOTED}
     * @param strictWidth  whether every row must have exactly as many fields as the header
     * @param required     the columns the header must have
     * @param expected     how to describe the expected header in an error
     */
    static void read(Path file, CSVFormat format, boolean strictWidth, List<String> required, String expected,
                     RowHandler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(file, in, "UTF-8", format, strictWidth, required, expected, handler);
        }
    }

    /**
     * As {@link #read(Path, CSVFormat, boolean, List, String, RowHandler)} from an open reader of
     * {@code file} (e.g. a zip member) decoded as {@code encoding}, which errors name.
     */
    static void read(Path file, BufferedReader in, String encoding, CSVFormat format, boolean strictWidth, List<String> required,
                     String expected, RowHandler handler) throws IOException {
        try (CSVParser parser = CSVParser.builder().setReader(new LineLimitedReader(skipBom(in), file)).setFormat(format).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = header(file, records, required, expected, encoding, format);
            while (true) {
                long line = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw unreadable(file, line, e.getCause(), encoding, format);
                }
                if (record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                handler.accept(row(file, line, header, record, strictWidth));
            }
        } catch (CharacterCodingException e) {
            throw unreadable(file, 0, e, encoding, format);
        }
    }

    private static BufferedReader skipBom(BufferedReader in) throws IOException {
        in.mark(1);
        if (in.read() != '\uFEFF') {
            in.reset();
        }
        return in;
    }

    private static List<String> header(Path file, Iterator<CSVRecord> records, List<String> required, String expected,
                                       String encoding, CSVFormat format)
            throws IOException {
        CSVRecord first;
        try {
            if (!records.hasNext()) {
                throw new DataFormatException(file, 1, null, "the file is empty", "a header line with " + expected);
            }
            first = records.next();
        } catch (UncheckedIOException e) {
            throw unreadable(file, 1, e.getCause(), encoding, format);
        }
        List<String> header = new ArrayList<>();
        for (String name : first) {
            String n = name.trim();
            if (!n.isEmpty() && header.contains(n)) {
                throw new DataFormatException(file, 1, n, "appears twice in the header", "each column once");
            }
            header.add(n);
        }
        for (String column : required) {
            if (!header.contains(column)) {
                throw new DataFormatException(file, 1, column,
                        "missing from the header (it has: " + String.join(", ", header) + ")", expected);
            }
        }
        return header;
    }

    private static Row row(Path file, long line, List<String> header, CSVRecord record, boolean strictWidth)
            throws DataFormatException {
        if (strictWidth && record.size() != header.size()) {
            String problem = "the line has " + record.size() + " tab-separated fields";
            String expected = header.size() + " as in the header";
            if (record.size() < header.size()) {
                throw new DataFormatException(file, line, header.get(record.size()), problem, expected);
            }
            throw new DataFormatException(file, line, null, problem, expected + " (a value with a tab in it?)");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < Math.min(header.size(), record.size()); i++) {
            values.put(header.get(i), record.get(i));
        }
        return new Row(file, line, values, Map.of());
    }

    private static IOException unreadable(Path file, long line, Throwable cause, String encoding, CSVFormat format) {
        if (cause instanceof CharacterCodingException) {
            return new DataFormatException(file, line, null, "is not " + encoding + " text", "a " + encoding + " encoded file"
                    + ("UTF-8".equals(encoding) ? " (another encoding? e.g. --encoding ISO-8859-1)" : ""), cause);
        }
        if (cause instanceof CSVException) {
            String fields = format.getDelimiterString().equals("\t") ? "tab-separated fields" : "'" + format.getDelimiterString()
                    + "'-separated fields";
            return new DataFormatException(file, line, null, "cannot be split into fields (" + cause.getMessage() + ")",
                    fields, cause);
        }
        return cause instanceof IOException io ? io : new IOException(cause);
    }
}
