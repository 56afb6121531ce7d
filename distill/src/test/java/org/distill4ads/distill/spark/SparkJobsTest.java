package org.distill4ads.distill.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.transformer.model.CrossEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on a real local SparkSession over a simulated marketplace, against the single-JVM
 * recommender and cross-encoder: the same rows for every item, a failed task retried without
 * duplicate rows, bad input rows rejected with their reason and counted.
 */
class SparkJobsTest {
    static final int K = 5;
    static final int CANDIDATES = 20;

    @TempDir
    static Path dir;
    static SimulatedBundle bundle;
    static SparkSession spark;
    static Path itemsTsv;

    @BeforeAll
    static void setUp() throws IOException {
        bundle = SimulatedBundle.write(dir);
        spark = LocalSpark.session();
        itemsTsv = dir.resolve("items.tsv");
        DataFiles.writeItems(itemsTsv, bundle.items());
        // three rows a job cannot use, after the good ones
        Files.writeString(itemsTsv, "\tno id here\tShoes\nx-blank-title\t  \tShoes\nx-short\n", StandardOpenOption.APPEND);
    }

    @AfterAll
    static void restoreNd4jThreads() {
        Nd4jExecutorSettings.restore();
    }

    private static List<Expected.Out> expected(List<Item> items, boolean withDropped) throws IOException {
        try (ServingBundle b = ServingBundle.load(bundle.dir)) {
            return Expected.rows(b.recommender(K, CANDIDATES), items, withDropped);
        }
    }

    private static RecommendJob.Settings settings(String items, String out, boolean withDropped, Integer partitions) {
        RecommendJob.Settings s = RecommendJob.Settings.of(bundle.dir, items, out, K, CANDIDATES);
        return new RecommendJob.Settings(s.bundle(), s.items(), s.format(), s.out(), s.rejected(), K, CANDIDATES, null,
                withDropped, 16, partitions);
    }

    @Test
    void recommendsEveryItemAsTheSingleJvmRecommenderDoesAndRejectsBadRowsWithTheirReason() throws IOException {
        String out = dir.resolve("recs").toString();
        int loadsBefore = ExecutorModels.loads();
        RecommendJob.Summary summary = RecommendJob.run(spark, settings(itemsTsv.toString(), out, true, 6));

        List<Expected.Out> want = expected(bundle.items(), true);
        assertTrue(want.stream().anyMatch(o -> "filtered".equals(o.reason())) && want.stream().anyMatch(o -> o.rank() != null),
                "the fixture's filter keeps some candidates and drops others");
        Expected.assertSameRows(want, spark.read().parquet(out).collectAsList());
        assertEquals(bundle.items().size(), summary.items());
        assertEquals(want.size(), summary.rows());
        assertTrue(ExecutorModels.loads() - loadsBefore <= 2,
                "models loaded once per task slot (2), not per partition (6): " + (ExecutorModels.loads() - loadsBefore));
        assertEquals(1, Nd4jExecutorSettings.lastTaskThreads(), "ND4J runs one OpenMP thread per task (spark.task.cpus = 1)");

        assertEquals(3, summary.rejected());
        Map<String, String> reasons = new TreeMap<>();
        for (Row r : spark.read().parquet(out + "-rejected").collectAsList()) {
            assertTrue(r.getString(0).endsWith("items.tsv"), "the source file is named: " + r);
            reasons.put(r.getString(1).split("\t", -1)[0], r.getString(2));
        }
        assertEquals(Map.of("", "column \"item_id\" is empty", "x-blank-title", "column \"title\" is empty",
                "x-short", reasons.get("x-short")), reasons);
        assertTrue(reasons.get("x-short").equals("malformed record") || reasons.get("x-short").equals("column \"title\" is empty"),
                reasons.toString());
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndWritesNoRowTwice() throws IOException {
        String out = dir.resolve("retried").toString();
        RecommendJob.Settings s = settings(itemsTsv.toString(), out, false, 3);
        ItemCatalog.Split split = ItemCatalog.split(ItemCatalog.read(spark, s.items(), s.format(), ItemCatalog.ITEM_COLUMNS,
                List.of("category")), ItemCatalog.ITEM_COLUMNS, List.of("category"));
        RecommendJob.Prepared p = RecommendJob.prepare(spark, s);
        RecommendJob.recommend(split.valid().repartition(3), p, s)
                .mapPartitions(new FailFirstAttempt(7), Encoders.row(RecommendJob.OUTPUT))
                .write().parquet(out);
        Expected.assertSameRows(expected(bundle.items(), false), spark.read().parquet(out).collectAsList());
    }

    @Test
    void jsonLinesAndParquetCatalogsGiveTheSameRows() throws IOException {
        List<Item> some = bundle.items().subList(0, 40);
        Path jsonl = dir.resolve("some.jsonl");
        DataFiles.writeItems(jsonl, some);
        Files.writeString(jsonl, "{\"item_id\": \"broken\", \n", StandardOpenOption.APPEND);
        String parquet = dir.resolve("some.parquet").toString();
        spark.read().json(jsonl.toString()).filter("item_id != 'broken' or item_id is null").select("item_id", "title")
                .write().parquet(parquet);   // no category column: it is optional
        List<Expected.Out> want = expected(some, false);

        RecommendJob.Summary fromJson = RecommendJob.run(spark, settings(jsonl.toString(), dir.resolve("from-json").toString(), false, null));
        Expected.assertSameRows(want, spark.read().parquet(dir.resolve("from-json").toString()).collectAsList());
        assertEquals(1, fromJson.rejected(), "the broken JSON line");

        List<Item> noCategory = some.stream().map(i -> new Item(i.id(), i.title(), "")).toList();
        RecommendJob.run(spark, settings(parquet, dir.resolve("from-parquet").toString(), false, null));
        Expected.assertSameRows(expected(noCategory, false), spark.read().parquet(dir.resolve("from-parquet").toString()).collectAsList());
    }

    @Test
    void scoresPairsInBulkAsTheCrossEncoderDoes() throws IOException {
        List<Item> items = bundle.items();
        List<String> keyphrases = bundle.market.keyphrases().stream().map(k -> k.text()).toList();
        StringBuilder tsv = new StringBuilder("item_id\tkeyphrase\n");
        List<CrossEncoder.Pair> pairs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Item item = items.get(i * 3);
            String k = keyphrases.get((i * 11) % keyphrases.size());
            tsv.append(item.id()).append('\t').append(k).append('\n');
            pairs.add(PairText.of(item, k));   // the assistant's format: [CLS] keyphrase [SEP] category [SEP] title [SEP]
            ids.add(item.id());
        }
        tsv.append("no-such-item\tshoes\n").append(items.get(0).id()).append("\t \n");
        Path pairsFile = dir.resolve("pairs.tsv");
        Files.writeString(pairsFile, tsv);
        String out = dir.resolve("scores").toString();
        ScoreJob.Settings s = ScoreJob.Settings.of(bundle.dir.resolve(ServingBundle.CROSS_ENCODER).toString(), itemsTsv.toString(),
                pairsFile.toString(), out);
        ScoreJob.Summary summary = ScoreJob.run(spark, new ScoreJob.Settings(s.model(), s.items(), s.itemsFormat(), s.pairs(),
                s.pairsFormat(), s.out(), s.rejected(), 8, 4));

        float[] want;
        try (ServingBundle b = ServingBundle.load(bundle.dir)) {
            want = b.filter().predict(pairs);
        }
        Map<String, Float> got = new TreeMap<>();
        for (Row r : spark.read().parquet(out).collectAsList()) {
            assertEquals(null, got.put(r.getString(0) + "\t" + r.getString(1), r.getFloat(2)), "no pair twice: " + r);
        }
        assertEquals(pairs.size(), got.size());
        for (int i = 0; i < pairs.size(); i++) {
            String key = ids.get(i) + "\t" + pairs.get(i).first();
            assertEquals(Math.min(1, Math.max(0, want[i])), got.get(key), Expected.TOLERANCE, key);
        }
        assertEquals(60, summary.pairs());
        assertEquals(3 + 2, summary.rejected(), "the catalog's three bad rows, the unknown item and the blank keyphrase");
        List<String> reasons = spark.read().parquet(s.rejected()).select("reason").as(Encoders.STRING()).collectAsList();
        assertTrue(reasons.contains("unknown item id") && reasons.contains("column \"keyphrase\" is empty"), reasons.toString());
    }

    @Test
    void theCommandLineRunsTheJobAndRefusesAnOutputThatExists() throws IOException {
        String out = dir.resolve("cli-recs").toString();
        String[] args = {"spark-recommend", "--master", "local[2]", "--bundle", bundle.dir.toString(), "--items", itemsTsv.toString(),
                "--out", out, "--k", Integer.toString(K), "--candidates", Integer.toString(CANDIDATES)};
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int first;
        int second;
        try {
            first = org.distill4ads.distill.cli.Main.execute(args);
            second = org.distill4ads.distill.cli.Main.execute(args);
        } finally {
            System.setOut(stdout);
        }
        List<Expected.Out> want = expected(bundle.items(), false);
        assertEquals(0, first);
        assertTrue(captured.toString(java.nio.charset.StandardCharsets.UTF_8).startsWith(bundle.items().size() + " items read, 3 rows rejected ("
                + out + "-rejected), " + want.size() + " rows written to " + out), captured.toString());
        Expected.assertSameRows(want, spark.read().parquet(out).collectAsList());
        assertEquals(1, second, "the second run refuses to write over the first one's output");
        assertTrue(spark.sparkContext().isStopped() == false, "a session the command did not start is left running");
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        IllegalArgumentException format = assertThrows(IllegalArgumentException.class, () -> ItemCatalog.Format.of(null, "items.txt"));
        assertEquals("the extension of items.txt (\"txt\") is not a table format, expected one of parquet, csv, tsv, jsonl",
                format.getMessage());
        IllegalArgumentException notBundle = assertThrows(IllegalArgumentException.class,
                () -> RecommendJob.prepare(spark, RecommendJob.Settings.of(dir, itemsTsv.toString(), "x", K, CANDIDATES)));
        assertTrue(notBundle.getMessage().startsWith(dir + " is not an export bundle"), notBundle.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class, () -> RecommendJob.prepare(spark,
                new RecommendJob.Settings(bundle.dir, itemsTsv.toString(), ItemCatalog.Format.TSV, "x", "y", K, CANDIDATES, 12, false, 8, null)));
        assertTrue(dim.getMessage().startsWith("dim 12 is not a Matryoshka size of"), dim.getMessage());
        String parquet = dir.resolve("ids-only.parquet").toString();
        spark.range(3).selectExpr("cast(id as string) as item_id").write().parquet(parquet);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RecommendJob.run(spark, settings(parquet, dir.resolve("never").toString(), false, null)));
        assertTrue(missing.getMessage().contains("has no column \"title\""), missing.getMessage());
    }
}
