package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceLayout;
import org.distill4ads.distill.train.ProgressMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline on a relevance file of each preset's layout (written here, our own catalog): the
 * product ids, categories, encodings and grade scales of Home Depot, WANDS and ESCI reach the split
 * by query, the labels and the ranking stage as Crowdflower's do ({@link RelevancePipelineTest}).
 */
class RelevancePresetsPipelineTest {
    @TempDir
    Path dir;

    private static final String[] COLORS = {"red", "blue", "green", "black", "white"};
    private static final String[] KINDS = {"lamp", "chair", "rug", "table"};

    /** One judged row: the product's index, its title, the query and the grade 2, 1 or 0 it should map to. */
    private record Row(int product, String title, String query, int grade) {
    }

    /** Products "Color Kind model x" (x = a, b, é): judged 2 for "color kind", 1 for another colour's kind, 0 otherwise. */
    private static List<Row> rows() {
        List<Row> rows = new java.util.ArrayList<>();
        int product = 0;
        for (int c = 0; c < COLORS.length; c++) {
            for (int k = 0; k < KINDS.length; k++) {
                for (int n = 0; n < 3; n++) {
                    String title = COLORS[c] + " " + KINDS[k] + " model " + "ab\u00e9".charAt(n);
                    rows.add(new Row(product, title, COLORS[c] + " " + KINDS[k], 2));
                    rows.add(n == 2 ? new Row(product, title, COLORS[(c + 2) % COLORS.length] + " " + KINDS[(k + 1) % KINDS.length], 0)
                            : new Row(product, title, COLORS[(c + 1 + n) % COLORS.length] + " " + KINDS[k], 1));
                    product++;
                }
            }
        }
        return rows;
    }

    /** The rows in the preset's layout, its separator, its encoding and its raw grades; and the id the product gets. */
    private static Path write(Path dir, String preset) throws IOException {
        StringBuilder sb = new StringBuilder();
        Charset cs = StandardCharsets.UTF_8;
        int i = 0;
        switch (preset) {
            case "homedepot" -> {
                cs = StandardCharsets.ISO_8859_1;
                sb.append("\"id\",\"product_uid\",\"product_title\",\"search_term\",\"relevance\"\n");
                for (Row r : rows()) {
                    sb.append(i++).append(',').append(100000 + r.product()).append(",\"").append(r.title()).append("\",")
                            .append(r.query()).append(',').append(new String[] {"1.33", "2.33", "2.67"}[r.grade()]).append('\n');
                }
            }
            case "wands" -> {
                sb.append("query_id\tquery\tproduct_id\tproduct_name\tproduct_class\tproduct_description\tlabel\n");
                for (Row r : rows()) {
                    sb.append(i++).append('\t').append(r.query()).append('\t').append(r.product()).append('\t').append(r.title())
                            .append('\t').append(KINDS[r.product() / 3 % KINDS.length]).append("s\t\"sturdy\nand\tsafe\"\t")
                            .append(new String[] {"Irrelevant", "Partial", "Exact"}[r.grade()]).append('\n');
                }
            }
            case "esci" -> {
                sb.append("example_id,query,query_id,product_id,product_locale,esci_label,product_title,product_description\n");
                for (Row r : rows()) {
                    sb.append(i++).append(',').append(r.query()).append(",0,B").append(r.product()).append(",us,")
                            .append(new String[] {"I", "S", "E"}[r.grade()]).append(',').append(r.title()).append(",\"a, b\"\n");
                }
            }
            default -> throw new IllegalArgumentException(preset);
        }
        Path f = dir.resolve(preset + ".txt");
        Files.write(f, sb.toString().getBytes(cs));
        return f;
    }

    private static String id(String preset, int product) {
        return switch (preset) {
            case "homedepot" -> String.valueOf(100000 + product);
            case "esci" -> "B" + product;
            default -> String.valueOf(product);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"homedepot", "wands", "esci"})
    void eachPresetRunsThePipelineWithItsIdsAndGrades(String preset) throws IOException {
        PipelineConfig config = TinyRuns.config();
        MarketplaceSource source = MarketplaceSource.relevance(write(dir, preset), RelevanceLayout.preset(preset), 50,
                config.marketplace());
        Marketplace m = source.load();
        assertEquals(60, m.items().size());
        assertEquals(20, m.keyphrases().size());
        for (Row r : rows()) {
            Item item = m.itemsById().get(id(preset, r.product()));
            assertEquals(r.title(), item.title(), "the title, its é decoded in the preset's encoding");
            assertEquals(preset.equals("wands") ? KINDS[r.product() / 3 % KINDS.length] + "s" : "", item.category());
            assertEquals(r.grade(), m.truth().grade(item.id(), r.query()), r.toString());
        }
        assertTrue(source.sparseTruth());

        Path run = dir.resolve("run-" + preset);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Pipeline p = new Pipeline(config, new RunLayout(run), source, null, ProgressMode.NONE,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        p.run();
        QuerySplit qs = QuerySplit.of(p.context().marketplace(), config.heldOut(), new Seeds(config.seed()).split());
        assertEquals(qs.split().heldOutIds(), p.context().split().heldOutIds(), "the split is by query");
        Set<String> held = qs.split().heldOutIds();
        List<Judgment> labels = DataFiles.readJudgments(p.layout().judgments());
        assertEquals(LabelStage.judgedPairs(p.context().split().train(), p.context().marketplace().truth()).size(), labels.size());
        for (Judgment j : labels) {
            assertFalse(held.contains(j.itemId()) || qs.heldOutQueries().contains(j.keyphrase()), j.toString());
        }
        RankingResults r = RankingResults.read(run.resolve("ranking/results.json"));
        assertEquals(qs.heldOutQueries().size(), r.queries(), "every held-out query has products of two grades");
        Marketplace loaded = p.context().marketplace();
        assertEquals(held.stream().mapToLong(i -> loaded.truth().gradesOf(i).size()).sum(), r.pairs());
        assertEquals("clicks@16", r.reference());
        // BM25 sees the colour word: "color kind" products (grade 2) rank first for every query
        assertEquals(1.0, r.byName().get("bm25").ndcg().estimate(), 1e-9);
    }
}
