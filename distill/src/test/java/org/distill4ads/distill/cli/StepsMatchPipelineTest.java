package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.StudentStage;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step-by-step commands, given the pipeline's settings and seed, write byte for byte the
 * files the pipeline's stages write: the data folder and its split, the judgments, the
 * cross-encoder, the teacher scores and every student.
 */
class StepsMatchPipelineTest {
    static final long SEED = 4;
    static final String[] MODEL = {"--vocab", "120", "--hidden", "16", "--layers", "1", "--heads", "2", "--max-length", "12",
            "--batch-size", "8", "--steps", "5", "--learning-rate", "0.003", "--seed", String.valueOf(SEED), "--progress", "none"};

    @TempDir
    static Path dir;
    static RunLayout run;
    static Path steps;

    static PipelineConfig config() {
        return new PipelineConfig(SEED, MarketplaceConfig.defaults().withSize(60, 80).withSeed(SEED), 0.25,
                new PipelineConfig.ModelSize(120, 16, 1, 2, 12),
                new PipelineConfig.Sampling(4, 2, 5, 3),
                new PipelineConfig.AssistantTraining(5, 8, 3e-3),
                new PipelineConfig.StudentTraining(5, 8, 3e-3, new int[] {16, 8}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(10, 5, 0.9, 10),
                List.of(Variant.values()));
    }

    @BeforeAll
    static void runBoth() throws IOException {
        PipelineConfig c = config();
        run = new RunLayout(dir.resolve("run"));
        Pipeline p = new Pipeline(c, run, MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(OutputStream.nullOutputStream()));
        for (String stage : p.stages()) {
            if (!stage.equals("evaluation")) {
                p.runStage(stage);
            }
        }
        steps = dir.resolve("steps");
        String data = steps.resolve("data").toString();
        String seed = String.valueOf(SEED);
        ok("simulate", "--out", data, "--items", "60", "--keyphrases", "80", "--seed", seed, "--held-out", "0.25");
        ok("label", "--data", data, "--out", steps.resolve("labels.tsv").toString(), "--candidates", "4", "--random", "2",
                "--seed", seed);
        ok(concat(new String[] {"train-cross-encoder", "--data", data, "--labels", steps.resolve("labels.tsv").toString(),
                "--out", steps.resolve("cross-encoder").toString()}, MODEL));
        ok("teacher-scores", "--data", data, "--model", steps.resolve("cross-encoder").toString(), "--out",
                steps.resolve("teacher-scores.tsv").toString(), "--candidates", "5", "--random", "3", "--seed", seed);
        for (Variant v : Variant.values()) {
            ok(concat(new String[] {"train-bi-encoder", "--data", data, "--out", steps.resolve(v.id()).toString(), "--variant",
                    v.id(), "--teacher-scores", steps.resolve("teacher-scores.tsv").toString(), "--dims", "16,8"}, MODEL));
        }
    }

    static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(expected)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(files.size() >= 3, "files to compare in " + expected + ": " + files);
        for (Path f : files) {
            assertSameFile(f, actual.resolve(f.getFileName().toString()));
        }
    }

    static void assertSameFile(Path expected, Path actual) throws IOException {
        assertTrue(Files.isRegularFile(actual), actual + " is missing");
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual), actual + " differs from " + expected);
    }

    @Test
    void simulateWithHeldOutWritesThePipelinesDataFolder() throws IOException {
        assertSameFiles(run.data(), steps.resolve("data"));
        assertEquals(15, Files.readAllLines(run.heldOutItems()).size(), "a quarter of 60 items");
    }

    @Test
    void labelDrawsAndJudgesThePipelinesPairs() throws IOException {
        assertSameFile(run.judgments(), steps.resolve("labels.tsv"));
    }

    @Test
    void trainCrossEncoderTrainsThePipelinesAssistant() throws IOException {
        assertSameFiles(run.assistant(), steps.resolve("cross-encoder"));
        assertSameFile(run.tokenizer().resolve("vocab.txt"), steps.resolve("cross-encoder").resolve("vocab.txt"));
    }

    @Test
    void teacherScoresScoresThePipelinesDistillationPairs() throws IOException {
        assertSameFile(run.teacherScores(), steps.resolve("teacher-scores.tsv"));
    }

    @Test
    void trainBiEncoderTrainsEveryStudentOfThePipeline() throws IOException {
        for (Variant v : Variant.values()) {
            assertSameFiles(run.student(v), steps.resolve(v.id()));
        }
    }

    /**
     * A student variant is one constant of {@link Variant}: everything else — the pipeline's stage
     * and its order, the folders, the command line's name and help, the training tasks — follows.
     */
    @Test
    void everyVariantGetsItsStageFoldersTasksAndHelpFromTheEnumAlone() throws IOException {
        PipelineConfig c = config();
        Pipeline p = new Pipeline(c, run, MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(OutputStream.nullOutputStream()));
        String help = Cli.ok("train-bi-encoder", "--help").out();
        java.util.Set<Path> folders = new java.util.HashSet<>();
        for (Variant v : Variant.values()) {
            String stage = StudentStage.name(v);
            assertTrue(p.stages().indexOf(stage) > p.stages().indexOf("teacher-scores"), stage + " in " + p.stages());
            assertEquals(List.of("teacher-scores"), p.stage(stage).requires());
            assertTrue(p.stage("evaluation").requires().contains(stage), stage);
            assertTrue(folders.add(run.student(v)), "a folder of its own: " + run.student(v));
            assertEquals(v, Variant.of(v.id()));
            assertTrue(help.contains(String.format("  %-10s %s", v.id(), v.signals())), v.id() + " in\n" + help);
            String metrics = Files.readString(run.training(stage).resolve("metrics.jsonl"));
            assertTrue(metrics.contains("\"clicks\""), stage + " learns from clicks");
            assertEquals(v.usesRelevanceScores(), metrics.contains("\"sr\""), stage + " and SR scores");
            assertEquals(v.usesTeacher(), metrics.contains("\"teacher\""), stage + " and the teacher");
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Variant.of("nonsense"));
        assertTrue(e.getMessage().endsWith("expected one of " + Variant.ids()), e.getMessage());
    }
}
