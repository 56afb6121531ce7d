package org.distill4ads.distill.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Imports the Wayfair ANnotation DataSet (WANDS): a folder with {@code product.csv},
 * {@code query.csv} and {@code label.csv}, each tab-separated with a header line despite the
 * name (fields may be quoted with {@code "} as pandas writes them).
 *
 * <p>Items are the products: {@code product_id} as the id, {@code product_name} as the title and
 * {@code product_class} as the category (the last segment of {@code category hierarchy} when the
 * class is empty). Keyphrases are the distinct query texts, search volume 1 each. The truth holds
 * every label, Exact = 2, Partial = 1, Irrelevant = 0; where one query text has two query ids
 * grading the same product, the higher grade is kept.
 */
public final class WandsImporter {
    static final String PRODUCTS = "product.csv";
    static final String QUERIES = "query.csv";
    static final String LABELS = "label.csv";

    private WandsImporter() {
    }

    /** What an import gives: the catalog, the keyphrases and the graded truth. */
    public record Result(List<Item> items, List<Keyphrase> keyphrases, Truth truth) {
        public Result {
            items = List.copyOf(items);
            keyphrases = List.copyOf(keyphrases);
        }
    }

    /** Imports every product. */
    public static Result read(Path dir) throws IOException {
        return read(dir, 0);
    }

    /**
     * Imports at most {@code maxProducts} products (0 = all): the labelled products first, in file
     * order, then unlabelled ones. The truth keeps the labels of the products taken; the
     * keyphrases are always every query.
     */
    public static Result read(Path dir, int maxProducts) throws IOException {
        if (maxProducts < 0) {
            throw new IllegalArgumentException("maxProducts must be 0 (all) or more, got " + maxProducts);
        }
        Path productFile = existing(dir, PRODUCTS);
        Path queryFile = existing(dir, QUERIES);
        Path labelFile = existing(dir, LABELS);

        Map<String, String> queryText = queries(queryFile);
        Map<String, Item> products = products(productFile);
        Map<String, Map<String, Integer>> grades = labels(labelFile, queryText, products.keySet());

        Set<String> kept = choose(products.keySet(), grades.keySet(), maxProducts);
        List<Item> items = new ArrayList<>();
        Truth truth = new Truth();
        for (Item item : products.values()) {
            if (kept.contains(item.id())) {
                items.add(item);
                grades.getOrDefault(item.id(), Map.of()).forEach((k, g) -> truth.put(item.id(), k, g));
            }
        }
        List<Keyphrase> keyphrases = new ArrayList<>();
        new LinkedHashSet<>(queryText.values()).forEach(t -> keyphrases.add(new Keyphrase(t, 1)));
        return new Result(items, keyphrases, truth);
    }

    private static Path existing(Path dir, String name) throws NoSuchFileException {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "not found; a WANDS folder holds " + PRODUCTS + ", " + QUERIES + " and " + LABELS);
        }
        return file;
    }

    private static Map<String, String> queries(Path file) throws IOException {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        read(file, List.of("query_id", "query"), row -> {
            String id = row.text("query_id").trim();
            Long before = lineOf.putIfAbsent(id, row.line());
            if (before != null) {
                throw row.error("query_id", "query id " + Row.shown(id) + " appears a second time (first on line " + before + ")",
                        "each query id once");
            }
            text.put(id, row.text("query").trim());
        });
        return text;
    }

    private static Map<String, Item> products(Path file) throws IOException {
        Map<String, Item> products = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        read(file, List.of("product_id", "product_name", "product_class", "category hierarchy"), row -> {
            String id = row.text("product_id").trim();
            Long before = lineOf.putIfAbsent(id, row.line());
            if (before != null) {
                throw row.error("product_id", "product id " + Row.shown(id) + " appears a second time (first on line " + before + ")",
                        "each product id once");
            }
            String category = row.optionalText("product_class").trim();
            if (category.isEmpty()) {
                String[] path = row.optionalText("category hierarchy").split(" / ");
                category = path[path.length - 1].trim();
            }
            products.put(id, new Item(id, row.text("product_name").trim(), category));
        });
        return products;
    }

    /** product id → query text → grade. */
    private static Map<String, Map<String, Integer>> labels(Path file, Map<String, String> queryText, Set<String> products)
            throws IOException {
        Map<String, Map<String, Integer>> grades = new HashMap<>();
        read(file, List.of("query_id", "product_id", "label"), row -> {
            String query = row.text("query_id").trim();
            String text = queryText.get(query);
            if (text == null) {
                throw row.error("query_id", "unknown query id " + Row.shown(query), "a query_id from " + QUERIES);
            }
            String product = row.text("product_id").trim();
            if (!products.contains(product)) {
                throw row.error("product_id", "unknown product id " + Row.shown(product), "a product_id from " + PRODUCTS);
            }
            int grade = grade(row);
            grades.computeIfAbsent(product, k -> new HashMap<>()).merge(text, grade, Math::max);
        });
        return grades;
    }

    private static int grade(Row row) throws DataFormatException {
        String word = row.text("label");
        switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "exact":
                return 2;
            case "partial":
                return 1;
            case "irrelevant":
                return 0;
            default:
                throw row.error("label", "got " + Row.shown(word), "Exact, Partial or Irrelevant");
        }
    }

    private static Set<String> choose(Set<String> products, Set<String> labelled, int max) {
        if (max == 0 || max >= products.size()) {
            return products;
        }
        Set<String> kept = new HashSet<>();
        for (String id : products) {
            if (kept.size() < max && labelled.contains(id)) {
                kept.add(id);
            }
        }
        for (String id : products) {
            if (kept.size() < max) {
                kept.add(id);
            }
        }
        return kept;
    }

    private static void read(Path file, List<String> required, TsvTable.RowHandler handler) throws IOException {
        TsvTable.read(file, TsvTable.QUOTED, false, required,
                "the tab-separated WANDS columns " + String.join(", ", required), handler);
    }
}
