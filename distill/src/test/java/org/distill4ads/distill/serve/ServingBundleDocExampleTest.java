package org.distill4ads.distill.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.IndexStage;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/serving.md, compiled and run on a bundle of a tiny pipeline run; the code
 * between the markers must be the document's Java block, line for line.
 */
class ServingBundleDocExampleTest {
    @TempDir
    static Path dir;
    static Path bundleDir;
    static RunLayout run;

    @BeforeAll
    static void exportATinyRun() throws IOException {
        PipelineConfig c = new PipelineConfig(4, MarketplaceConfig.defaults().withSize(60, 80).withSeed(4), 0.25,
                new PipelineConfig.ModelSize(120, 16, 1, 2, 12), new PipelineConfig.Sampling(4, 2, 4, 2),
                new PipelineConfig.AssistantTraining(5, 8, 3e-3),
                new PipelineConfig.StudentTraining(5, 8, 3e-3, new int[] {16, 8}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(10, 5, 0.9, 10), List.of(Variant.PEARSON));
        run = new RunLayout(dir.resolve("run"));
        Pipeline p = new Pipeline(c, run, MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(OutputStream.nullOutputStream()));
        for (String stage : p.stages()) {
            if (!stage.equals("evaluation")) {
                p.runStage(stage);
            }
        }
        EmbeddingStore store = IndexStage.build(p.context().student(Variant.PEARSON),
                IndexStage.distinct(MarketplaceFiles.read(run.data()).keyphrases()));
        bundleDir = dir.resolve("bundle");
        ServingBundle.write(bundleDir, run.student(Variant.PEARSON), run.assistant(), store, 0.25f);
    }

    @Test
    void example() throws IOException {
        List<Recommendation> seen = new java.util.ArrayList<>();
        // --- docs/serving.md example begins
        try (ServingBundle bundle = ServingBundle.load(bundleDir)) {       // student, filter, index, threshold
            KeyphraseRecommender recommender = bundle.recommender(10, 50);  // keep 10 of 50 retrieved
            Recommendation r = recommender.recommend("Nike Sneakers Red | Shoes");
            r.kept().forEach(s -> System.out.printf("%-30s %.3f %.3f%n", s.keyphrase(), s.similarity(), s.relevance()));
            r.dropped().forEach(d -> System.out.println("dropped: " + d.keyphrase() + " (" + d.reason() + ")"));
            // --- example ends
            seen.add(r);
            assertEquals(0.25f, bundle.threshold());
            assertEquals(16, bundle.keyphrases().dim());
        }
        Recommendation r = seen.get(0);
        assertTrue(r.kept().size() <= 10, r.toString());
        r.kept().forEach(s -> assertTrue(s.relevance() >= 0.25f, "the filter kept only pairs at its threshold: " + s));
        assertTrue(r.kept().size() + r.dropped().size() <= 50, "at most the 50 retrieved: " + r);
        assertEquals(r.kept().size(), r.kept().stream().map(Recommendation.Scored::keyphrase).distinct().count(), r.toString());
        assertEquals(code(), doc(), "docs/serving.md shows the example as compiled here");
    }

    @Test
    void aBundleWithoutItsThresholdOrWithABadOneIsRefusedNamingTheFile() throws IOException {
        Path broken = dir.resolve("broken");
        org.distill4ads.nn.io.AtomicFiles.copyTree(bundleDir, broken);
        Files.writeString(broken.resolve(ServingBundle.THRESHOLD), "high\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServingBundle.load(broken));
        assertTrue(e.getMessage().contains(broken.resolve(ServingBundle.THRESHOLD) + ":1: got \"high\""), e.getMessage());
        Files.delete(broken.resolve(ServingBundle.THRESHOLD));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> ServingBundle.load(broken));
        assertTrue(missing.getMessage().contains(ServingBundle.THRESHOLD), missing.getMessage());
    }

    private static List<String> code() throws IOException {
        String src = Files.readString(Path.of("src/test/java/org/distill4ads/distill/serve/ServingBundleDocExampleTest.java"));
        Matcher m = Pattern.compile("// --- docs/serving.md example begins\\n(.*?)\\n\\s*// --- example ends", Pattern.DOTALL)
                .matcher(src);
        assertTrue(m.find(), "markers in the test's source");
        return m.group(1).lines().map(String::strip).toList();
    }

    private static List<String> doc() throws IOException {
        Path doc = null;
        for (Path p = Path.of("").toAbsolutePath(); p != null && doc == null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/serving.md"))) {
                doc = p.resolve("docs/serving.md");
            }
        }
        assertTrue(doc != null, "docs/serving.md above " + Path.of("").toAbsolutePath());
        Matcher m = Pattern.compile("```java example\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(doc));
        assertTrue(m.find(), "a ```java example block in " + doc);
        List<String> lines = m.group(1).lines().map(String::strip).toList();
        // the document shows the try block closed; the test goes on inside it
        assertEquals("}", lines.get(lines.size() - 1), "the example ends with the try block's brace");
        return lines.subList(0, lines.size() - 1);
    }
}
