package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads and writes the pipeline's data files, in the format the file name's extension names:
 * {@code .tsv} (a header line with the column names, then tab-separated values) or {@code .jsonl}
 * (one JSON object per line). The columns of each file are in docs/formats.md.
 *
 * <p>Readers take the columns in any order and ignore extra ones; a bad value is a
 * {@link DataFormatException} naming the file, the line and the column. Writers replace the file
 * atomically, and what they write reads back equal. A TSV value cannot hold a tab or a line break:
 * writing one is an {@link IllegalArgumentException} that leaves the file as it was. A file name
 * ending in neither {@code .tsv} nor {@code .jsonl} is an {@link IllegalArgumentException}.
 */
public final class DataFiles {
    private DataFiles() {
    }

    /** Items: {@code item_id}, {@code title}, {@code category} (may be empty or left out). */
    public static List<Item> readItems(Path file) throws IOException {
        return values(read(file, Schemas.ITEMS));
    }

    public static void writeItems(Path file, List<Item> items) throws IOException {
        write(file, Schemas.ITEMS, items);
    }

    /** Keyphrases: {@code keyphrase}, {@code search_volume} (a whole number ≥ 0). */
    public static List<Keyphrase> readKeyphrases(Path file) throws IOException {
        return values(read(file, Schemas.KEYPHRASES));
    }

    public static void writeKeyphrases(Path file, List<Keyphrase> keyphrases) throws IOException {
        write(file, Schemas.KEYPHRASES, keyphrases);
    }

    /** The click log: {@code item_id}, {@code keyphrase}, {@code impressions}, {@code clicks} (≤ impressions). */
    public static List<ClickRecord> readClicks(Path file) throws IOException {
        return values(read(file, Schemas.CLICKS));
    }

    public static void writeClicks(Path file, List<ClickRecord> clicks) throws IOException {
        write(file, Schemas.CLICKS, clicks);
    }

    /** Search relevance scores: {@code item_id}, {@code keyphrase}, {@code score} in [0, 1]. */
    public static List<RelevanceScore> readRelevance(Path file) throws IOException {
        return values(read(file, Schemas.RELEVANCE));
    }

    public static void writeRelevance(Path file, List<RelevanceScore> scores) throws IOException {
        write(file, Schemas.RELEVANCE, scores);
    }

    /**
     * Judgments: {@code item_id}, {@code keyphrase}, {@code label}, a number in [0, 1] or the word
     * {@code relevant} (1) or {@code irrelevant} (0). They are written as numbers.
     */
    public static List<Judgment> readJudgments(Path file) throws IOException {
        return values(read(file, Schemas.JUDGMENTS));
    }

    public static void writeJudgments(Path file, List<Judgment> judgments) throws IOException {
        write(file, Schemas.JUDGMENTS, judgments);
    }

    /**
     * Graded truth: {@code item_id}, {@code keyphrase}, {@code grade} (0, 1 or 2). A pair graded on
     * two lines is an error.
     */
    public static Truth readTruth(Path file) throws IOException {
        return truth(file, read(file, Schemas.TRUTH));
    }

    /** Writes every stored grade (zeros too), sorted by item id and then keyphrase. */
    public static void writeTruth(Path file, Truth truth) throws IOException {
        List<Graded> rows = new ArrayList<>();
        for (String item : new TreeSet<>(truth.items())) {
            new TreeMap<>(truth.gradesOf(item)).forEach((k, g) -> rows.add(new Graded(item, k, g)));
        }
        write(file, Schemas.TRUTH, rows);
    }

    // ---- shared with MarketplaceFiles and the two formats

    static <T> List<Numbered<T>> read(Path file, Schema<T> schema) throws IOException {
        return switch (Format.of(file)) {
            case TSV -> Tsv.read(file, schema);
            case JSONL -> Jsonl.read(file, schema);
        };
    }

    static <T> void write(Path file, Schema<T> schema, List<T> records) throws IOException {
        switch (Format.of(file)) {
            case TSV -> Tsv.write(file, schema, records);
            case JSONL -> Jsonl.write(file, schema, records);
        }
    }

    /** A row as a record; a record's own check that fails becomes a DataFormatException on that line. */
    static <T> T parse(Schema<T> schema, Row row) throws DataFormatException {
        try {
            return schema.parser().parse(row);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(row.file(), row.line(), null, e.getMessage(), null, e);
        }
    }

    static Truth truth(Path file, List<Numbered<Graded>> rows) throws DataFormatException {
        Truth truth = new Truth();
        Map<String, Map<String, Long>> seen = new HashMap<>();
        for (Numbered<Graded> n : rows) {
            Graded g = n.value();
            Long before = seen.computeIfAbsent(g.itemId(), k -> new HashMap<>()).putIfAbsent(g.keyphrase(), n.line());
            if (before != null) {
                throw new DataFormatException(file, n.line(), Schemas.KEYPHRASE,
                        "(" + g.itemId() + ", " + g.keyphrase() + ") is graded a second time (first on line " + before + ")",
                        "each (item_id, keyphrase) pair once");
            }
            truth.put(g.itemId(), g.keyphrase(), g.grade());
        }
        return truth;
    }

    static <T> List<T> values(List<Numbered<T>> rows) {
        List<T> out = new ArrayList<>(rows.size());
        rows.forEach(n -> out.add(n.value()));
        return out;
    }
}
