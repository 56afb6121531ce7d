package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.args;
import static org.distill4ads.distill.cli.Cli.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every subcommand: a missing required flag is a usage error (exit 2, one line and a
 * pointer to --help); a missing file or folder, a malformed data file or a bad value found while
 * running is exit 1 with one line naming the path (and the line of a malformed file). Never a
 * stack trace, unless --verbose.
 */
class CliErrorsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path badData;
    static Path noTruth;
    static Path missing;

    @BeforeAll
    static void folders() throws IOException {
        data = dir.resolve("data");
        Cli.ok("simulate", "--out", data.toString(), "--items", "20", "--keyphrases", "30");
        badData = dir.resolve("bad-data");
        Cli.ok("simulate", "--out", badData.toString(), "--items", "20", "--keyphrases", "30");
        Files.writeString(badData.resolve("clicks.tsv"), "item_id\tkeyphrase\timpressions\tclicks\nitem-00\tsofa\tx\t1\n");
        noTruth = dir.resolve("no-truth");
        Cli.ok("simulate", "--out", noTruth.toString(), "--items", "20", "--keyphrases", "30");
        Files.delete(noTruth.resolve("truth.tsv"));
        missing = dir.resolve("missing");
    }

    static Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void simulate() throws IOException {
        fails(2, args("simulate"), "Missing required option: '--out=DIR'", "(see distill4ads simulate --help)");
        fails(2, args("simulate", "--out", dir.resolve("x"), "--items", "many"), "many");
        fails(1, args("simulate", "--out", dir.resolve("x"), "--items", "1"), "items must be at least 2, got 1");
        Path file = write("a-file", "not a folder");
        fails(1, args("simulate", "--out", file.resolve("sub")), file.toString());
    }

    @Test
    void label() {
        Path out = dir.resolve("labels.tsv");
        fails(2, args("label", "--out", out), "--data");
        fails(2, args("label", "--data", data, "--out", dir.resolve("labels.csv")), "--out must end in .tsv or .jsonl");
        fails(1, args("label", "--data", missing, "--out", out), "no such file: " + missing);
        fails(1, args("label", "--data", badData, "--out", out), badData.resolve("clicks.tsv") + ":2:", "impressions");
        fails(1, args("label", "--data", noTruth, "--out", out), "has no truth file", "--judge-url");
        fails(2, args("label", "--data", data, "--out", out, "--judge-url", "http://localhost:1"), "--judge-model");
    }

    @Test
    void trainCrossEncoder() throws IOException {
        Path labels = write("bad-labels.tsv", "item_id\tkeyphrase\tlabel\nitem-00\tsofa\t1\nitem-01\tsofa\tmaybe\n");
        Path out = dir.resolve("ce");
        fails(2, args("train-cross-encoder", "--data", data, "--out", out), "--labels");
        fails(2, args("train-cross-encoder", "--data", data, "--labels", labels, "--out", out, "--steps", "few"), "few");
        fails(1, args("train-cross-encoder", "--data", data, "--labels", missing, "--out", out), "no such file: " + missing);
        fails(1, args("train-cross-encoder", "--data", data, "--labels", labels, "--out", out), labels + ":3:", "label");
        Path unknown = write("unknown-labels.tsv", "item_id\tkeyphrase\tlabel\nnobody\tsofa\t1\n");
        fails(1, args("train-cross-encoder", "--data", data, "--labels", unknown, "--out", out), unknown + ":2:", "nobody");
    }

    @Test
    void teacherScores() {
        Path out = dir.resolve("teacher.tsv");
        fails(2, args("teacher-scores", "--data", data, "--out", out), "--model");
        fails(1, args("teacher-scores", "--data", data, "--model", missing, "--out", out), "no such file: " + missing);
        fails(1, args("teacher-scores", "--data", badData, "--model", missing, "--out", out), badData.resolve("clicks.tsv") + ":2:");
    }

    @Test
    void trainBiEncoder() throws IOException {
        Path out = dir.resolve("be");
        fails(2, args("train-bi-encoder", "--out", out), "--data");
        fails(2, args("train-bi-encoder", "--data", data, "--out", out), "--teacher-scores");
        fails(2, args("train-bi-encoder", "--data", data, "--out", out, "--variant", "mse"), "--teacher-scores");
        fails(2, args("train-bi-encoder", "--data", data, "--out", out, "--variant", "best"), "unknown variant 'best'");
        fails(2, args("train-bi-encoder", "--data", data, "--out", out, "--variant", "clicks", "--hidden", "16", "--dims", "32,16"),
                "--dims must start with the model width --hidden 16");
        fails(1, args("train-bi-encoder", "--data", missing, "--out", out, "--variant", "clicks"), "no such file: " + missing);
        fails(1, args("train-bi-encoder", "--data", data, "--out", out, "--teacher-scores", missing), "no such file: " + missing);
        Path scores = write("bad-scores.tsv", "item_id\tkeyphrase\tscore\nitem-00\tsofa\t0.5\nitem-00\tcouch\t1.5\n");
        fails(1, args("train-bi-encoder", "--data", data, "--out", out, "--teacher-scores", scores), scores + ":3:", "1.5");
    }

    @Test
    void index() throws IOException {
        Path out = dir.resolve("kp.index");
        fails(2, args("index", "--model", missing, "--keyphrases", data.resolve("keyphrases.tsv")), "--out");
        fails(1, args("index", "--model", missing, "--keyphrases", missing, "--out", out), "no such file: " + missing);
        fails(1, args("index", "--model", missing, "--keyphrases", data.resolve("keyphrases.tsv"), "--out", out),
                "no such file: " + missing);
        Path kp = write("bad-keyphrases.tsv", "keyphrase\tsearch_volume\nsofa\t10\ncouch\t-3\n");
        fails(1, args("index", "--model", missing, "--keyphrases", kp, "--out", out), kp + ":3:", "search_volume");
    }

    @Test
    void recommend() throws IOException {
        fails(2, args("recommend", "--model", missing, "--index", missing), "TITLE");
        fails(2, args("recommend", "--index", missing, "sofa"), "exactly one of --model, --run and --bundle");
        fails(2, args("recommend", "--model", missing, "--run", missing, "sofa"), "exactly one of --model, --run and --bundle");
        fails(2, args("recommend", "--model", missing, "sofa"), "exactly one of --index and --keyphrases");
        fails(2, args("recommend", "--model", missing, "--index", missing, "--threshold", "0.3", "sofa"), "--threshold needs --filter");
        fails(1, args("recommend", "--model", missing, "--index", missing, "sofa"), "no such file: " + missing);
        fails(1, args("recommend", "--run", missing, "sofa"), "no such file: " + missing);
        fails(1, args("recommend", "--bundle", missing, "sofa"), "no such file: " + missing);
        Path index = write("bad.index", "not an embedding store at all");
        fails(1, args("recommend", "--model", missing, "--index", index, "sofa"), index.toString());
        Path kp = write("bad-keyphrases2.jsonl", "{\"keyphrase\": \"sofa\", \"search_volume\": 3}\n{\"keyphrase\": \"\"}\n");
        fails(1, args("recommend", "--model", missing, "--keyphrases", kp, "sofa"), kp + ":2:");
    }

    @Test
    void evaluate() throws IOException {
        fails(2, args("evaluate"), "--run");
        fails(1, args("evaluate", "--run", missing), "no such file: " + missing);
        Path run = dir.resolve("run-without-config");
        Files.createDirectories(run);
        fails(1, args("evaluate", "--run", run), "no such file: " + run.resolve("config.json"));
        Path bad = dir.resolve("run-with-bad-config");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("config.json"), "{\"source\": \"x\", \"config\": {\"seed\": \"soon\"}}");
        fails(1, args("evaluate", "--run", bad), bad.resolve("config.json") + ": cannot read the pipeline configuration");
    }

    @Test
    void export() throws IOException {
        Path out = dir.resolve("bundle");
        fails(2, args("export", "--run", missing), "--out");
        fails(2, args("export", "--run", missing, "--out", out, "--variant", "best"), "unknown variant 'best'");
        fails(1, args("export", "--run", missing, "--out", out), "no such file: " + missing);
        Path run = dir.resolve("half-run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{}");
        fails(1, args("export", "--run", run, "--out", out), "no such file: " + run.resolve("students").resolve("pearson"));
        for (String d : new String[] {"students/pearson", "cross-encoder", "data"}) {
            Files.createDirectories(run.resolve(d));
        }
        Files.createDirectories(run.resolve("evaluation"));
        Files.writeString(run.resolve("evaluation/results.json"), "{\"threshold\": ");
        fails(1, args("export", "--run", run, "--out", out), run.resolve("evaluation/results.json").toString());
        assertTrue(Files.notExists(out), "nothing written");
    }

    @Test
    void verbosePrintsTheStackTraceWherever() {
        for (String[] a : new String[][] {{"--verbose", "simulate", "--out", dir.resolve("v").toString(), "--items", "1"},
                {"simulate", "--verbose", "--out", dir.resolve("v").toString(), "--items", "1"}}) {
            Cli.Result r = Cli.run(a);
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().startsWith("distill4ads: items must be at least 2, got 1"), r.err());
            assertTrue(r.err().contains("\tat org.distill4ads."), r.err());
        }
        Cli.Result usage = Cli.run("simulate", "--verbose");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("\tat picocli."), usage.err());
    }
}
