package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceImporter;
import org.distill4ads.distill.data.RelevanceLayout;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.train.ProgressMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on a small relevance file in the Crowdflower layout, written here. */
class RelevancePipelineTest {
    @TempDir
    static Path dir;
    static Path csv;

    private static final String[] COLORS = {"red", "blue", "green", "black", "white"};
    private static final String[] KINDS = {"lamp", "chair", "rug", "table"};

    /** Queries "color kind"; each product "Color Kind ..." judged for two queries: 4 both words, 3 the kind, 1 neither. */
    @BeforeAll
    static void writeFile() throws IOException {
        StringBuilder sb = new StringBuilder("id,query,product_title,product_description,median_relevance,relevance_variance\n");
        int row = 0;
        for (int c = 0; c < COLORS.length; c++) {
            for (int k = 0; k < KINDS.length; k++) {
                for (int n = 0; n < 3; n++) {
                    String title = COLORS[c] + " " + KINDS[k] + " model " + (char) ('a' + n);
                    String same = COLORS[c] + " " + KINDS[k];
                    String kindOnly = COLORS[(c + 1 + n) % COLORS.length] + " " + KINDS[k];
                    String other = COLORS[(c + 2) % COLORS.length] + " " + KINDS[(k + 1) % KINDS.length];
                    sb.append(++row).append(',').append(same).append(',').append(title).append(",\"nice,\nsturdy\",4,0\n");
                    sb.append(++row).append(',').append(n == 2 ? other : kindOnly).append(',').append(title).append(",,")
                            .append(n == 2 ? 1 : 3).append(",0\n");
                }
            }
        }
        csv = dir.resolve("train.csv");
        Files.writeString(csv, sb.toString());
    }

    static MarketplaceSource source() {
        return MarketplaceSource.relevance(csv, RelevanceLayout.crowdflower(), 50, TinyRuns.config().marketplace());
    }

    @Test
    void theQuerySplitHoldsOutEveryProductOfAHeldOutQuery() throws IOException {
        Marketplace m = source().load();
        QuerySplit qs = QuerySplit.of(m, 0.25, 7);
        assertEquals(5, qs.heldOutQueries().size(), "a quarter of the 20 queries");
        Set<String> held = qs.split().heldOutIds();
        for (Item item : m.items()) {
            boolean judgedForHeldOut = m.truth().gradesOf(item.id()).keySet().stream().anyMatch(qs.heldOutQueries()::contains);
            assertEquals(judgedForHeldOut, held.contains(item.id()), item.toString());
        }
        assertEquals(qs, QuerySplit.of(m, 0.25, 7), "a function of the seed");
        assertFalse(qs.heldOutQueries().equals(QuerySplit.of(m, 0.25, 8).heldOutQueries()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuerySplit.of(m, 0.95, 7));
        assertTrue(e.getMessage().contains("holds out every product"), e.getMessage());
    }

    @Test
    void unjudgedPairsAreNeverLabelled() throws IOException {
        Marketplace m = source().load();
        Split s = source().split(m, 0.25, new Seeds(5));
        List<Item> train = s.train();
        List<org.distill4ads.distill.judge.JudgePair> pairs = LabelStage.judgedPairs(train, m.truth());
        assertEquals(train.size() * 2, pairs.size(), "two judged queries per product");
        for (var p : pairs) {
            assertTrue(m.truth().gradesOf(p.item().id()).containsKey(p.keyphrase()), p.toString());
        }
    }

    @Test
    void theRunRanksHeldOutQueriesJudgedProducts() throws IOException {
        Path run = dir.resolve("run");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PipelineConfig config = TinyRuns.config();
        Pipeline p = new Pipeline(config, new RunLayout(run), source(), null, ProgressMode.NONE,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(p.stages().contains(RankingStage.NAME), p.stages().toString());
        p.run();

        // labels: exactly the judged pairs of the training products, none of a held-out query
        Marketplace m = p.context().marketplace();
        QuerySplit qs = QuerySplit.of(m, config.heldOut(), new Seeds(config.seed()).split());
        List<Judgment> labels = DataFiles.readJudgments(p.layout().judgments());
        assertEquals(LabelStage.judgedPairs(p.context().split().train(), m.truth()).size(), labels.size());
        for (Judgment j : labels) {
            assertFalse(qs.heldOutQueries().contains(j.keyphrase()), j.toString());
            assertFalse(p.context().split().heldOutIds().contains(j.itemId()), j.toString());
        }

        RankingResults r = RankingResults.read(run.resolve("ranking/results.json"));
        assertEquals(List.of("clicks@16", "clicks@8", "pearson@16", "pearson@8", "bm25", "assistant", "random"),
                r.systems().stream().map(RankingResults.Ranked::name).toList());
        assertEquals("clicks@16", r.reference(), "differences are taken against clicks only at its largest size");
        RankingResults.Ranked clicks = r.byName().get("clicks@16");
        RankingResults.Ranked pearson = r.byName().get("pearson@16");
        assertEquals(0, clicks.vsReference().estimate(), 1e-12);
        assertEquals(pearson.ndcg().estimate() - clicks.ndcg().estimate(), pearson.vsReference().estimate(), 1e-9,
                "the paired difference's estimate is the difference of the two mean NDCGs over the same queries");
        assertEquals(qs.heldOutQueries(), Files.readAllLines(run.resolve("ranking/held-out-queries.txt")));
        // every held-out query has 3 judged products of grades 2 and 1 (or 0): all informative
        assertEquals(qs.heldOutQueries().size(), r.queries());
        assertEquals(0, r.queriesLeft());
        // the AUC's pairs: every judged pair of the held-out products
        long pairs = p.context().split().heldOut().stream().mapToLong(i -> m.truth().gradesOf(i.id()).size()).sum();
        assertEquals(pairs, r.pairs());
        for (RankingResults.Ranked s : r.systems()) {
            assertTrue(s.ndcg().estimate() > 0 && s.ndcg().estimate() <= 1, s.toString());
            assertTrue(s.ndcg().lower() <= s.ndcg().estimate() && s.ndcg().estimate() <= s.ndcg().upper(), s.toString());
            assertTrue(s.auc() >= 0 && s.auc() <= 1, s.toString());
        }
        RankingResults.Ranked bm25 = r.byName().get("bm25");
        assertEquals(0, bm25.vsBm25().estimate(), 1e-12);
        // BM25 sees the colour word: it ranks "color kind" products (grade 2) first for every query
        assertEquals(1.0, bm25.ndcg().estimate(), 1e-9);
        assertTrue(Files.readString(run.resolve("ranking/table.md")).contains("| bm25 (BM25 over the product texts) | 1.000"));
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[ranking] done"), text);
    }
}
