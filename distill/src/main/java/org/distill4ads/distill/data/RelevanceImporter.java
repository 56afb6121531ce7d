package org.distill4ads.distill.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.FilterInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.csv.CSVFormat;

/**
 * Imports a graded query–product relevance file (Crowdflower, Home Depot, WANDS joined, Amazon
 * ESCI, or any CSV/TSV with a header described by a {@link RelevanceLayout}), plain or as a zip
 * holding one file. Fields follow RFC 4180: a field may be quoted with {@code "} ({@code ""}
 * inside) and a quoted field may hold the separator and line breaks (Crowdflower's descriptions
 * do). Line numbers in errors are those of the line a row starts on, the header being line 1.
 *
 * <p>Items are the distinct products (by the id column, or by title when the layout has none: the
 * id is then {@code t} and the first 16 hex digits of the title's SHA-256), their text the title
 * (plus the first {@link RelevanceLayout#descriptionWords()} words of the description) and the
 * category; a product id met again with another title keeps its first. Keyphrases are the distinct queries (trimmed), each with the search volume given.
 * The truth holds only the judged pairs, grades mapped by the layout's {@link GradeScale}; a pair
 * judged twice keeps the higher grade. A pair not in the file is unknown, not irrelevant: the
 * pipeline's real-data path reads {@link Truth#gradesOf} and never the default 0.
 */
public final class RelevanceImporter {
    private RelevanceImporter() {
    }

    /**
     * What an import gives, with counts for the log: {@code repeatedPairs} rows judged a pair
     * judged before, {@code retitled} rows named a known product id with another title (Home
     * Depot does: the first title is kept).
     */
    public record Result(List<Item> items, List<Keyphrase> keyphrases, Truth truth, long rows, long repeatedPairs,
                         long retitled) {
        public Result {
            items = List.copyOf(items);
            keyphrases = List.copyOf(keyphrases);
        }

        /** One line: rows, products, queries, judged pairs and the grade counts. */
        public String describe() {
            long[] byGrade = new long[3];
            for (String item : truth.items()) {
                truth.gradesOf(item).values().forEach(g -> byGrade[g]++);
            }
            return rows + " rows: " + items.size() + " products, " + keyphrases.size() + " queries, " + truth.size()
                    + " judged pairs (grade 2/1/0: " + byGrade[2] + "/" + byGrade[1] + "/" + byGrade[0] + ")"
                    + (repeatedPairs > 0 ? ", " + repeatedPairs + " repeated pairs merged" : "")
                    + (retitled > 0 ? ", " + retitled + " rows gave a product another title (the first kept)" : "");
        }
    }

    /**
     * @param file         a CSV/TSV file or a zip holding exactly one
     * @param layout       the columns, separator, encoding and grade scale
     * @param searchVolume the search volume every query gets (the files have none)
     */
    public static Result read(Path file, RelevanceLayout layout, long searchVolume) throws IOException {
        if (searchVolume < 0) {
            throw new IllegalArgumentException("search volume must be >= 0, got " + searchVolume);
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not found; expected a " + layout.name() + " relevance file");
        }
        Map<String, Item> products = new LinkedHashMap<>();
        Map<String, Long> firstLine = new HashMap<>();
        Map<String, String> titles = new HashMap<>();
        Map<String, Keyphrase> queries = new LinkedHashMap<>();
        Truth truth = new Truth();
        long[] counts = new long[3]; // rows, repeated pairs, rows retitling a product
        List<String> required = layout.required();
        String expected = "the " + layout.name() + " columns " + String.join(", ", required);
        TsvTable.RowHandler handler = row -> {
            counts[0]++;
            String query = oneLine(row.text(layout.query()));
            String title = oneLine(row.text(layout.title()));
            String rawGrade = row.text(layout.grade());
            int grade = layout.scale().grade(rawGrade);
            if (grade < 0) {
                throw row.error(layout.grade(), "got " + Row.shown(rawGrade), layout.scale().expected());
            }
            String id = layout.productId() == null ? titleId(title) : row.text(layout.productId()).trim();
            if (id.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
                throw row.error(layout.productId(), "got " + Row.shown(id), "a product id without tabs or line breaks");
            }
            String first = titles.putIfAbsent(id, title);
            if (first == null) {
                String text = withDescription(title, layout.description() == null ? "" : row.optionalText(layout.description()),
                        layout.descriptionWords());
                String category = layout.category() == null ? "" : oneLine(row.optionalText(layout.category()));
                products.put(id, new Item(id, text, category));
                firstLine.put(id, row.line());
            } else if (!first.equals(title)) {
                counts[2]++;
            }
            queries.putIfAbsent(query, new Keyphrase(query, searchVolume));
            Integer old = truth.gradesOf(id).get(query);
            if (old != null) {
                counts[1]++;
            }
            truth.put(id, query, old == null ? grade : Math.max(old, grade));
        };
        CSVFormat format = format(layout.separator());
        try (InputStream raw = Files.newInputStream(file)) {
            if (isZip(file)) {
                try (ZipInputStream zip = new ZipInputStream(raw, StandardCharsets.UTF_8)) {
                    ZipEntry entry = onlyMember(file, zip);
                    Path shown = Path.of(file + "!" + entry.getName());
                    TsvTable.read(shown, reader(unclosable(zip), layout), layout.encoding().name(), format, false, required, expected, handler);
                    ZipEntry next = nextFile(zip);
                    if (next != null) {
                        throw new DataFormatException(file, 0, null, "holds more than one file (" + entry.getName() + ", "
                                + next.getName() + ")", "a zip with one relevance file");
                    }
                }
            } else {
                TsvTable.read(file, reader(raw, layout), layout.encoding().name(), format, false, required, expected, handler);
            }
        }
        if (products.isEmpty()) {
            throw new DataFormatException(file, 0, null, "holds no judged pairs", "at least one row after the header");
        }
        return new Result(new ArrayList<>(products.values()), new ArrayList<>(queries.values()), truth, counts[0], counts[1],
                counts[2]);
    }

    /** The id of a product known only by its title: {@code t} + 16 hex digits of SHA-256 of the title. */
    public static String titleId(String title) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(title.getBytes(StandardCharsets.UTF_8));
            return "t" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The title, then the first {@code words} words of the description (whitespace collapsed). */
    static String withDescription(String title, String description, int words) {
        if (words == 0 || description.isBlank()) {
            return title;
        }
        String[] w = description.trim().split("\\s+");
        return title + " " + String.join(" ", Arrays.copyOf(w, Math.min(words, w.length)));
    }

    /** Whitespace runs (tabs and line breaks included) as one space, trimmed: the pipeline's files hold a text on one line. */
    static String oneLine(String text) {
        return text.trim().replaceAll("\\s+", " ");
    }

    private static CSVFormat format(char separator) {
        return CSVFormat.RFC4180.builder()
                .setDelimiter(separator)
                .setQuote('"')
                .setEscape((Character) null)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .setIgnoreEmptyLines(false)
                .get();
    }

    private static BufferedReader reader(InputStream in, RelevanceLayout layout) {
        return new BufferedReader(new InputStreamReader(in, layout.encoding().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    /** The zip stream stays open when the parser closes its reader, to look for a second member. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    private static boolean isZip(Path file) throws IOException {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 4);
            return n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
    }

    private static ZipEntry onlyMember(Path file, ZipInputStream zip) throws IOException {
        ZipEntry entry = nextFile(zip);
        if (entry == null) {
            throw new DataFormatException(file, 0, null, "is a zip without files", "a zip with one relevance file");
        }
        return entry;
    }

    private static ZipEntry nextFile(ZipInputStream zip) throws IOException {
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            String name = e.getName().toLowerCase(Locale.ROOT);
            if (!e.isDirectory() && !name.startsWith("__macosx/")) {
                return e;
            }
        }
        return null;
    }
}
