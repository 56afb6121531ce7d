package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.args;
import static org.distill4ads.distill.cli.Cli.fails;
import static org.distill4ads.distill.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.distill4ads.nn.io.SafeTensors;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.ModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Part of the hostile-input suite (docs/guarantees.md): the commands asked to destroy their
 * inputs or the user's files refuse with one line and exit 2, and the paths that gave silent
 * garbage (an index searched with another model, a NaN filter, a folder for an optional file,
 * unknown held-out ids) fail with a message naming the file and the value.
 */
class HostileCommandsTest {
    static final String[] TINY = CliChainTest.TINY;

    @TempDir
    static Path dir;
    static Path mk;
    static Path labels;
    static Path run;
    static Path ce;
    static Path be1;
    static Path be2;
    static Path index1;

    @BeforeAll
    static void setUp() throws IOException {
        mk = dir.resolve("mk");
        ok("simulate", "--out", mk.toString(), "--items", "40", "--keyphrases", "50", "--seed", "5");
        labels = dir.resolve("labels.tsv");
        ok("label", "--data", mk.toString(), "--out", labels.toString(), "--candidates", "3", "--random", "2");
        ce = dir.resolve("ce");
        ok(CliChainTest.concat(args("train-cross-encoder", "--data", mk, "--labels", labels, "--out", ce), TINY));
        be1 = dir.resolve("be1");
        be2 = dir.resolve("be2");
        ok(CliChainTest.concat(args("train-bi-encoder", "--data", mk, "--variant", "clicks", "--out", be1, "--seed", "1"), TINY));
        ok(CliChainTest.concat(args("train-bi-encoder", "--data", mk, "--variant", "clicks", "--out", be2, "--seed", "2"), TINY));
        index1 = dir.resolve("kp1.index");
        ok("index", "--model", be1.toString(), "--keyphrases", mk.resolve("keyphrases.tsv").toString(), "--out", index1.toString());
        run = TinyRun.createUnevaluated(dir.resolve("run"));
    }

    static byte[] bytes(Path p) throws IOException {
        return Files.readAllBytes(p);
    }

    @Test
    void trainingCommandsRefuseToReplaceTheMarketplaceFolder() throws IOException {
        byte[] items = bytes(mk.resolve("items.tsv"));
        fails(2, CliChainTest.concat(args("train-cross-encoder", "--data", mk, "--labels", labels, "--out", mk), TINY),
                "refusing to write " + mk, "an input");
        fails(2, CliChainTest.concat(args("train-bi-encoder", "--data", mk, "--variant", "clicks", "--out", mk), TINY),
                "refusing to write " + mk, "an input");
        fails(2, CliChainTest.concat(args("train-cross-encoder", "--data", mk, "--labels", labels, "--out", mk, "--overwrite"), TINY),
                "an input");
        fails(2, CliChainTest.concat(args("train-bi-encoder", "--data", mk, "--variant", "clicks", "--out", dir.resolve("be-t"),
                "--training-dir", mk), TINY), "refusing to write " + mk, "an input");
        assertArrayEquals(items, bytes(mk.resolve("items.tsv")));
    }

    @Test
    void aFolderOfTheUsersFilesIsReplacedOnlyWithOverwrite() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "my notes");
        String[] train = CliChainTest.concat(args("train-cross-encoder", "--data", mk, "--labels", labels, "--out", mine), TINY);
        fails(2, train, "refusing to write into " + mine, "notes.txt", "--overwrite");
        assertEquals("my notes", Files.readString(mine.resolve("notes.txt")));
        ok(CliChainTest.concat(train, args("--overwrite")));
        assertTrue(Files.isRegularFile(mine.resolve(ModelFiles.WEIGHTS)));
        assertFalse(Files.exists(mine.resolve("notes.txt")));
        ok(train);   // a model folder the command wrote is replaced without --overwrite, as a rerun does
    }

    @Test
    void exportNeverDeletesTheRunFolder() throws IOException {
        byte[] config = bytes(run.resolve("config.json"));
        fails(2, args("export", "--run", run, "--out", run), "refusing to write " + run, "an input");
        fails(2, args("export", "--run", run, "--out", run, "--overwrite"), "an input");
        fails(2, args("export", "--run", run, "--out", run.getParent()), "it holds " + run);
        fails(2, args("export", "--run", run, "--out", run.resolve("students")), "inside " + run);
        assertArrayEquals(config, bytes(run.resolve("config.json")));
        assertTrue(Files.isDirectory(run.resolve("students").resolve("pearson")));
        Path bundle = dir.resolve("bundle");
        ok("export", "--run", run.toString(), "--out", bundle.toString());
        ok("export", "--run", run.toString(), "--out", bundle.toString());   // a bundle is replaced by a bundle
    }

    @Test
    void labelAndTeacherScoresRefuseToOverwriteTheFilesTheyRead() throws IOException {
        byte[] items = bytes(mk.resolve("items.tsv"));
        byte[] relevance = bytes(mk.resolve("relevance.tsv"));
        fails(2, args("label", "--data", mk, "--out", mk.resolve("items.tsv")), "refusing to write", "inside " + mk);
        fails(2, args("teacher-scores", "--data", mk, "--model", ce, "--out", mk.resolve("relevance.tsv")), "inside " + mk);
        fails(2, args("index", "--model", be1, "--keyphrases", mk.resolve("keyphrases.tsv"), "--out", mk.resolve("keyphrases.tsv")),
                "an input");
        assertArrayEquals(items, bytes(mk.resolve("items.tsv")));
        assertArrayEquals(relevance, bytes(mk.resolve("relevance.tsv")));
    }

    @Test
    void aSymbolicLinkDoesNotGetAroundTheGuard() throws IOException {
        Path link = dir.resolve("link-to-mk");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, mk);
        }
        byte[] items = bytes(mk.resolve("items.tsv"));
        fails(2, args("label", "--data", mk, "--out", link.resolve("items.tsv")), "refusing to write");
        fails(2, args("label", "--data", mk, "--out", mk.resolve("sub").resolve("..").resolve("items.tsv")), "refusing to write");
        assertArrayEquals(items, bytes(mk.resolve("items.tsv")));
    }

    @Test
    void simulateAndPipelineRefuseFoldersOfOtherFiles() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(mine.resolve("holiday.jpg"), "jpeg");
        fails(2, args("simulate", "--out", mine, "--small"), "holiday.jpg");
        fails(2, args("pipeline", "--run-dir", mk, "--data", mk, "--quick"), "an input");
        fails(2, args("pipeline", "--run-dir", mine, "--quick"), "holiday.jpg");
        assertEquals("jpeg", Files.readString(mine.resolve("holiday.jpg")));
    }

    @Test
    void aFolderInPlaceOfAnOptionalFileIsAnError() throws IOException {
        Path copy = dir.resolve("mk-clicks-folder");
        org.distill4ads.nn.io.AtomicFiles.copyTree(mk, copy);
        Files.delete(copy.resolve("clicks.tsv"));
        Files.createDirectories(copy.resolve("clicks.tsv"));
        fails(1, args("label", "--data", copy, "--out", dir.resolve("l2.tsv")), copy.resolve("clicks.tsv").toString(), "is a folder");
    }

    @Test
    void aHugeTitleStopsThePipelineAtTheDataStageNamingFileAndLine() throws IOException {
        Path copy = dir.resolve("mk-huge-title");
        org.distill4ads.nn.io.AtomicFiles.copyTree(mk, copy);
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(copy.resolve("items.tsv")));
        String[] first = lines.get(1).split("\t", -1);
        first[1] = "sofa ".repeat(400_000);   // 2 MB: over the 1 Mi-character line limit
        lines.set(1, String.join("\t", first));
        Files.write(copy.resolve("items.tsv"), lines);
        Path runDir = dir.resolve("run-huge-title");
        fails(1, args("pipeline", "--data", copy, "--run-dir", runDir, "--quick", "--progress", "none"),
                copy.resolve("items.tsv") + ":2:", "longer than 1048576 characters");
        assertFalse(Files.exists(runDir.resolve("evaluation")), "no stage after the data ran");
    }

    @Test
    void unknownHeldOutIdsAreRefused() throws IOException {
        Path copy = dir.resolve("mk-held-out");
        org.distill4ads.nn.io.AtomicFiles.copyTree(mk, copy);
        Files.writeString(copy.resolve(TrainingData.HELD_OUT), "no-such-item\n");
        fails(1, CliChainTest.concat(args("train-cross-encoder", "--data", copy, "--labels", labels, "--out", dir.resolve("ce-h")), TINY),
                TrainingData.HELD_OUT, "no-such-item");
    }

    @Test
    void anIndexIsNeverSearchedWithAnotherStudent() throws IOException {
        ok("recommend", "--model", be1.toString(), "--index", index1.toString(), "grey velvet sofa");
        String line = fails(1, args("recommend", "--model", be2, "--index", index1, "grey velvet sofa"),
                index1.toString(), "was embedded by model", be2.toString());
        EmbeddingStore store = EmbeddingStore.load(index1);
        assertTrue(line.contains(store.model().toString()), line);
        Path old = dir.resolve("old.index");
        EmbeddingStore.of(store.texts(), rows(store)).save(old);
        fails(1, args("recommend", "--model", be1, "--index", old, "sofa"), "does not record which model");
    }

    static float[][] rows(EmbeddingStore s) {
        float[][] r = new float[s.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = s.row(i);
        }
        return r;
    }

    @Test
    void aCrossEncoderWithNanWeightsIsRefusedNotAFilterThatKeepsEverything() throws IOException {
        Path broken = dir.resolve("ce-nan");
        org.distill4ads.nn.io.AtomicFiles.copyTree(ce, broken);
        Path weights = broken.resolve(ModelFiles.WEIGHTS);
        Map<String, INDArray> w = new LinkedHashMap<>(SafeTensors.load(weights));
        w.values().forEach(a -> a.assign(Float.NaN));
        SafeTensors.save(weights, w);
        fails(1, args("recommend", "--model", be1, "--index", index1, "--filter", broken, "sofa"), weights.toString(), "non-finite");
    }
}
