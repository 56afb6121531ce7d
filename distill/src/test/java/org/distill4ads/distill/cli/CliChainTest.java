package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.retrieval.EmbeddingStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-by-step commands chained on a tiny simulated marketplace with tiny models: each step
 * reads what the one before wrote. Also the run-folder commands (evaluate, recommend --run,
 * export, recommend --bundle) on a tiny pipeline run.
 */
class CliChainTest {
    static final String[] TINY = {"--hidden", "16", "--layers", "1", "--heads", "2", "--vocab", "120", "--max-length", "12",
            "--batch-size", "8", "--steps", "5", "--progress", "none"};

    @TempDir
    static Path dir;
    static Path data;
    static Cli.Result simulated;
    static Cli.Result labelled;
    static Cli.Result crossTrained;
    static Cli.Result scored;
    static Cli.Result biTrained;
    static Cli.Result indexed;

    @BeforeAll
    static void chain() {
        data = dir.resolve("data");
        simulated = ok("simulate", "--out", data.toString(), "--items", "60", "--keyphrases", "80", "--seed", "3");
        labelled = ok("label", "--data", data.toString(), "--out", dir.resolve("labels.tsv").toString(), "--candidates", "4",
                "--random", "2");
        crossTrained = ok(concat(new String[] {"train-cross-encoder", "--data", data.toString(), "--labels",
                dir.resolve("labels.tsv").toString(), "--out", dir.resolve("ce").toString()}, TINY));
        scored = ok("teacher-scores", "--data", data.toString(), "--model", dir.resolve("ce").toString(), "--out",
                dir.resolve("teacher.tsv").toString(), "--candidates", "4", "--random", "2");
        biTrained = ok(concat(new String[] {"train-bi-encoder", "--data", data.toString(), "--out", dir.resolve("be").toString(),
                "--teacher-scores", dir.resolve("teacher.tsv").toString(), "--dims", "16,8"}, TINY));
        indexed = ok("index", "--model", dir.resolve("be").toString(), "--keyphrases", data.resolve("keyphrases.tsv").toString(),
                "--out", dir.resolve("kp.index").toString());
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void simulateWritesTheMarketplaceFolderAndSaysWhatItHolds() throws IOException {
        int items = DataFiles.readItems(data.resolve("items.tsv")).size();
        int keyphrases = DataFiles.readKeyphrases(data.resolve("keyphrases.tsv")).size();
        assertEquals(60, items);
        assertTrue(keyphrases >= 80, "variants come on top of the 80 queries: " + keyphrases);
        assertTrue(simulated.out().startsWith("simulated 60 items, " + keyphrases + " keyphrases, "), simulated.out());
        assertTrue(simulated.out().contains("(seed 3)"), simulated.out());
        assertTrue(Files.isRegularFile(data.resolve("truth.tsv")));
        assertEquals(1, simulated.out().lines().count(), simulated.out());
    }

    @Test
    void labelJudgesEveryDrawnPairOnce() throws IOException {
        List<Judgment> labels = DataFiles.readJudgments(dir.resolve("labels.tsv"));
        long clicked = DataFiles.readClicks(data.resolve("clicks.tsv")).stream().filter(c -> c.clicks() > 0).count();
        // per item: up to 4 BM25 matches (fewer when few keyphrases share a word), 2 random ones, its clicked ones
        assertTrue(labels.size() >= 60 * 2 && labels.size() <= 60 * 6 + clicked, labels.size() + " pairs");
        assertEquals(labels.size(), labels.stream().map(j -> j.itemId() + "\t" + j.keyphrase()).distinct().count());
        long relevant = labels.stream().filter(Judgment::relevant).count();
        assertTrue(labelled.out().contains("wrote " + labels.size() + " judgments (" + relevant + " relevant)"), labelled.out());
    }

    @Test
    void trainingWritesModelFoldersAndResumableTrainingFolders() {
        for (String model : new String[] {"ce", "be"}) {
            assertTrue(Files.isRegularFile(dir.resolve(model).resolve("model.safetensors")), model);
            assertTrue(Files.isRegularFile(dir.resolve(model + "-training").resolve("metrics.jsonl")), model);
        }
        assertTrue(crossTrained.out().contains("trained for 5 steps"), crossTrained.out());
        assertTrue(biTrained.out().contains("training the pearson student"), biTrained.out());
        assertTrue(biTrained.out().contains("teacher "), "the teacher task ran: " + biTrained.out());
    }

    @Test
    void teacherScoresAreProbabilitiesOfTheDrawnPairs() throws IOException {
        List<RelevanceScore> scores = DataFiles.readRelevance(dir.resolve("teacher.tsv"));
        var m = org.distill4ads.distill.data.MarketplaceFiles.read(data);
        var pairs = new org.distill4ads.distill.pipeline.Candidates(m.keyphrases(), m.clicks())
                .draw(m.items(), 4, 2, new org.distill4ads.distill.pipeline.Seeds(42).teacherDraw());
        assertEquals(pairs.stream().map(p -> p.item().id() + "\t" + p.keyphrase()).toList(),
                scores.stream().map(s -> s.itemId() + "\t" + s.keyphrase()).toList(),
                "the pairs of the teacher draw of the default seed 42, in draw order");
        assertTrue(scores.stream().allMatch(s -> s.score() >= 0 && s.score() <= 1));
        assertTrue(scored.out().contains("scored " + scores.size() + " pairs of 60 items"), scored.out());
    }

    @Test
    void theIndexHoldsEveryDistinctKeyphraseAtTheModelWidth() throws IOException {
        EmbeddingStore store = EmbeddingStore.load(dir.resolve("kp.index"));
        List<String> texts = DataFiles.readKeyphrases(data.resolve("keyphrases.tsv")).stream().map(Keyphrase::text).distinct().toList();
        assertEquals(texts, store.texts());
        assertEquals(16, store.dim());
        assertTrue(indexed.out().contains("indexed " + texts.size() + " keyphrases at 16 dimensions"), indexed.out());
    }

    @Test
    void recommendPrintsKeptKeyphrasesWithSimilarityAndFilterProbability() throws IOException {
        Cli.Result r = ok("recommend", "--model", dir.resolve("be").toString(), "--index", dir.resolve("kp.index").toString(),
                "--filter", dir.resolve("ce").toString(), "--threshold", "0", "--k", "3", "--candidates", "10", "--dim", "8",
                "--category", "Home", "grey velvet sofa", "white leather boots");
        assertTrue(r.out().contains("item: grey velvet sofa | Home"), r.out());
        assertTrue(r.out().contains("item: white leather boots | Home"), r.out());
        assertTrue(r.out().contains("at 8 dimensions, k 3, relevance filter threshold 0.000"), r.out());
        Set<String> known = Set.copyOf(DataFiles.readKeyphrases(data.resolve("keyphrases.tsv")).stream().map(Keyphrase::text).toList());
        List<String> kept = kept(r.out());
        assertEquals(6, kept.size(), "threshold 0 keeps k per item unless duplicates thin them: " + r.out());
        assertTrue(known.containsAll(kept), kept.toString());
        assertTrue(r.out().contains("  p="), r.out());
    }

    @Test
    void recommendEmbedsAKeyphrasesFileWhenGivenNoIndex() {
        Cli.Result r = ok("recommend", "--model", dir.resolve("be").toString(), "--keyphrases",
                data.resolve("keyphrases.tsv").toString(), "--k", "2", "oak table");
        assertTrue(r.out().contains("no relevance filter"), r.out());
        assertEquals(2, kept(r.out()).size(), r.out());
        assertFalse(r.out().contains("p="), r.out());
    }

    /** The kept keyphrases of recommend's output: lines "  N. keyphrase  similarity ...". */
    static List<String> kept(String out) {
        Matcher m = Pattern.compile("(?m)^\\s+\\d+\\. (.+?)\\s+similarity ").matcher(out);
        List<String> kept = new ArrayList<>();
        while (m.find()) {
            kept.add(m.group(1));
        }
        return kept;
    }

    @Test
    void runFolderCommandsEvaluateRecommendAndExport() throws IOException {
        Path run = TinyRun.createUnevaluated(dir.resolve("run"));
        RunLayout layout = new RunLayout(run);
        Cli.Result eval = ok("evaluate", "--run", run.toString());
        assertTrue(eval.out().contains("[evaluation] done"), eval.out());
        double threshold = EvaluationResults.read(layout.evaluation()).threshold();
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "filter threshold %.3f", threshold)), eval.out());
        for (String system : new String[] {"pearson@16", "pearson@8", "bm25"}) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(system) + "\\s+\\d\\.\\d{3}\\s").matcher(eval.out()).find(), eval.out());
        }
        assertTrue(eval.out().contains("true P@5"), eval.out());
        assertTrue(layout.isDone("evaluation"));
        Cli.Result again = ok("evaluate", "--run", run.toString());
        assertTrue(again.out().contains("[evaluation] done"), "a complete evaluation runs again: " + again.out());

        Cli.Result viaRun = ok("recommend", "--run", run.toString(), "--threshold", "0", "--k", "2", "oak table");
        assertEquals(2, kept(viaRun.out()).size(), viaRun.out());

        Path bundle = dir.resolve("bundle");
        Cli.Result exported = ok("export", "--run", run.toString(), "--variant", "pearson", "--out", bundle.toString());
        assertTrue(exported.out().startsWith("exported the pearson student"), exported.out());
        try (Stream<Path> s = Files.list(bundle)) {
            assertEquals(Set.of("student", "cross-encoder", "keyphrases.index", "threshold.txt"),
                    Set.copyOf(s.map(p -> p.getFileName().toString()).toList()));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".bundle")), "no temporary folder left");
        }
        assertEquals((float) threshold, Float.parseFloat(Files.readString(bundle.resolve("threshold.txt")).strip()));
        assertArrayEquals(Files.readAllBytes(layout.student(org.distill4ads.distill.pipeline.Variant.PEARSON).resolve("model.safetensors")),
                Files.readAllBytes(bundle.resolve("student/model.safetensors")));

        String[] fromBundle = {"recommend", "--model", bundle.resolve("student").toString(), "--index",
                bundle.resolve("keyphrases.index").toString(), "--filter", bundle.resolve("cross-encoder").toString(),
                "--threshold", "0", "--k", "2", "oak table"};
        Cli.Result manual = ok(fromBundle);
        Cli.Result viaBundle = ok("recommend", "--bundle", bundle.toString(), "--threshold", "0", "--k", "2", "oak table");
        assertEquals(viaRun.out(), manual.out());
        assertEquals(manual.out(), viaBundle.out());

        // a second export replaces the bundle
        ok("export", "--run", run.toString(), "--out", bundle.toString());
        assertNotNull(EmbeddingStore.load(bundle.resolve("keyphrases.index")));
    }

    private static void assertArrayEquals(byte[] a, byte[] b) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
    }
}
