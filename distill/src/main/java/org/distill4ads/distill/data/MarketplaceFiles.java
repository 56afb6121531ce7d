package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link Marketplace} as a folder of data files: {@code items}, {@code keyphrases} (both
 * required), {@code clicks}, {@code relevance} and {@code truth} (optional), each either
 * {@code NAME.tsv} or {@code NAME.jsonl}. Reading checks that every item id the other files name
 * is in the items file, and that no item id is listed twice.
 */
public final class MarketplaceFiles {
    static final String ITEMS = "items";
    static final String KEYPHRASES = "keyphrases";
    static final String CLICKS = "clicks";
    static final String RELEVANCE = "relevance";
    static final String TRUTH = "truth";
    private static final int LISTED = 5;
    /** The files {@link #write} writes into a marketplace folder, in both formats. */
    public static final java.util.Set<String> NAMES = java.util.Set.of("items.tsv", "keyphrases.tsv", "clicks.tsv",
            "relevance.tsv", "truth.tsv", "items.jsonl", "keyphrases.jsonl", "clicks.jsonl", "relevance.jsonl", "truth.jsonl");

    private MarketplaceFiles() {
    }

    /**
     * Writes items, keyphrases, clicks, relevance and, when the marketplace has one, truth into
     * {@code dir} (made when missing), each as {@code NAME.tsv}, or as {@code NAME.jsonl} when one of
     * its texts holds a tab or a line break, which a .tsv file cannot hold. So that the folder then
     * holds exactly {@code m}, it deletes the other-format twin of each file and, when {@code m} has
     * no truth, a truth file left from before.
     */
    public static void write(Path dir, Marketplace m) throws IOException {
        Files.createDirectories(dir);
        writeEither(dir, ITEMS, Schemas.ITEMS, m.items());
        writeEither(dir, KEYPHRASES, Schemas.KEYPHRASES, m.keyphrases());
        writeEither(dir, CLICKS, Schemas.CLICKS, m.clicks());
        writeEither(dir, RELEVANCE, Schemas.RELEVANCE, m.relevance());
        if (m.truth() != null) {
            List<Graded> rows = new ArrayList<>();
            for (String item : new java.util.TreeSet<>(m.truth().items())) {
                new java.util.TreeMap<>(m.truth().gradesOf(item)).forEach((k, g) -> rows.add(new Graded(item, k, g)));
            }
            writeEither(dir, TRUTH, Schemas.TRUTH, rows);
        } else {
            Files.deleteIfExists(dir.resolve(TRUTH + ".tsv"));
            Files.deleteIfExists(dir.resolve(TRUTH + ".jsonl"));
        }
    }

    private static <T> void writeEither(Path dir, String name, Schema<T> schema, List<T> records) throws IOException {
        boolean tsv = Tsv.fits(schema, records);
        DataFiles.write(dir.resolve(name + (tsv ? ".tsv" : ".jsonl")), schema, records);
        Files.deleteIfExists(dir.resolve(name + (tsv ? ".jsonl" : ".tsv")));
    }

    /**
     * Reads the marketplace in {@code dir}. A missing items or keyphrases file is a
     * {@link NoSuchFileException} naming the folder and the names looked for; an item id in
     * clicks, relevance or truth that the items file does not list, or an item id listed twice, is
     * a {@link DataFormatException}.
     */
    public static Marketplace read(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such marketplace folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Path itemsFile = find(dir, ITEMS, true);
        List<Numbered<Item>> items = DataFiles.read(itemsFile, Schemas.ITEMS);
        if (items.isEmpty()) {
            throw new DataFormatException(itemsFile, 0, null, "holds no items", "at least one item");
        }
        Map<String, Item> byId = byId(itemsFile, items);
        Path keyphraseFile = find(dir, KEYPHRASES, true);
        List<Keyphrase> keyphrases = DataFiles.values(DataFiles.read(keyphraseFile, Schemas.KEYPHRASES));
        if (keyphrases.isEmpty()) {
            throw new DataFormatException(keyphraseFile, 0, null, "holds no keyphrases", "at least one keyphrase");
        }

        String source = "an item id listed in " + itemsFile.getFileName();
        List<ClickRecord> clicks = checked(find(dir, CLICKS, false), Schemas.CLICKS, ClickRecord::itemId, byId, source);
        List<RelevanceScore> relevance =
                checked(find(dir, RELEVANCE, false), Schemas.RELEVANCE, RelevanceScore::itemId, byId, source);
        Truth truth = null;
        Path truthFile = find(dir, TRUTH, false);
        if (truthFile != null) {
            List<Numbered<Graded>> grades = DataFiles.read(truthFile, Schemas.TRUTH);
            checkIds(truthFile, grades, Graded::itemId, byId.keySet(), source);
            truth = DataFiles.truth(truthFile, grades);
        }
        return new Marketplace(DataFiles.values(items), keyphrases, clicks, relevance, truth);
    }

    /**
     * Reads a judgments file and checks that each of its item ids is a key of {@code items}: an
     * unknown one is a {@link DataFormatException} naming the line, the id and how many there are.
     */
    public static List<Judgment> readJudgmentsChecked(Path file, Map<String, Item> items) throws IOException {
        return checked(file, Schemas.JUDGMENTS, Judgment::itemId, items,
                "an item id among the " + items.size() + " known items");
    }

    private static <T> List<T> checked(Path file, Schema<T> schema, Function<T, String> itemId, Map<String, Item> items,
                                       String expected) throws IOException {
        if (file == null) {
            return List.of();
        }
        List<Numbered<T>> rows = DataFiles.read(file, schema);
        checkIds(file, rows, itemId, items.keySet(), expected);
        return DataFiles.values(rows);
    }

    /** Fails on the first line whose item id is unknown, telling how many unknown ids there are and listing a few. */
    private static <T> void checkIds(Path file, List<Numbered<T>> rows, Function<T, String> itemId, Set<String> known,
                                     String expected) throws DataFormatException {
        Map<String, Long> unknown = new LinkedHashMap<>();
        long lines = 0;
        for (Numbered<T> n : rows) {
            String id = itemId.apply(n.value());
            if (!known.contains(id)) {
                unknown.putIfAbsent(id, n.line());
                lines++;
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Map.Entry<String, Long> first = unknown.entrySet().iterator().next();
        String listed = unknown.entrySet().stream().limit(LISTED)
                .map(e -> Row.shown(e.getKey()) + " (line " + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        String more = unknown.size() > LISTED ? ", ..." : "";
        throw new DataFormatException(file, first.getValue(), Schemas.ITEM_ID,
                "unknown item id " + Row.shown(first.getKey()) + "; " + unknown.size() + " unknown item id"
                        + (unknown.size() == 1 ? "" : "s") + " on " + lines + " line" + (lines == 1 ? "" : "s")
                        + " in all: " + listed + more,
                expected);
    }

    private static Map<String, Item> byId(Path file, List<Numbered<Item>> items) throws DataFormatException {
        Map<String, Item> byId = new HashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        for (Numbered<Item> n : items) {
            Long before = lineOf.putIfAbsent(n.value().id(), n.line());
            if (before != null) {
                throw new DataFormatException(file, n.line(), Schemas.ITEM_ID,
                        "item id " + Row.shown(n.value().id()) + " is listed a second time (first on line " + before + ")",
                        "each item id once");
            }
            byId.put(n.value().id(), n.value());
        }
        return byId;
    }

    /** NAME.tsv or NAME.jsonl in dir; null when neither is there and the file is optional. */
    private static Path find(Path dir, String name, boolean required) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Format f : Format.values()) {
            Path p = dir.resolve(name + f.extension);
            if (Files.isDirectory(p)) {
                throw new FileSystemException(p.toString(), null, "is a folder, expected the " + name + " file (or nothing)");
            }
            if (Files.exists(p)) {
                found.add(p);
            }
        }
        if (found.size() > 1) {
            throw new FileSystemException(dir.toString(), null,
                    "holds both " + name + ".tsv and " + name + ".jsonl; keep one of them");
        }
        if (found.isEmpty()) {
            if (required) {
                throw new NoSuchFileException(dir.toString(), null,
                        "holds neither " + name + ".tsv nor " + name + ".jsonl, one of which a marketplace folder needs");
            }
            return null;
        }
        return found.get(0);
    }
}
