package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.args;
import static org.distill4ads.distill.cli.Cli.fails;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job as CI runs it: {@code distill4ads pipeline --quick}, its report, a rerun, and bad input. */
class PipelineCommandTest {
    @TempDir
    Path dir;

    @Test
    void quickPipelineWritesTheReportAndARerunSkipsEverything() throws Exception {
        Path run = dir.resolve("quick");
        Cli.Result r = Cli.ok("pipeline", "--quick", "--run-dir", run.toString(), "--progress", "none");
        assertTrue(r.out().contains("[evaluation] done"), r.toString());
        assertTrue(r.out().contains("pearson@32") && r.out().contains("bm25"), r.toString());
        assertTrue(r.out().contains("report: " + run.resolve("report.md")), r.toString());
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("**Verdict.**"), report);
        for (String png : new String[] {"loss-cross-encoder.png", "loss-student-clicks.png", "loss-student-pearson.png",
                "precision-vs-dim.png", "recall-vs-dim.png", "latency-vs-dim.png"}) {
            assertTrue(Files.size(run.resolve("plots").resolve(png)) > 5000, png);
        }
        Cli.Result rec = Cli.ok("recommend", "--model", run.toString(), "Nike Sneakers Red | Shoes");
        assertTrue(rec.out().contains("item: Nike Sneakers Red | Shoes") && rec.out().contains("kept ("), rec.toString());
        assertTrue(rec.out().contains("relevance filter threshold"), rec.toString());
        Cli.Result again = Cli.ok("pipeline", "--quick", "--run-dir", run.toString(), "--progress", "none");
        assertTrue(again.out().contains("[student-pearson] complete, skipped"), again.toString());
        assertEquals(List.of("[report] running"), again.out().lines().filter(l -> l.contains("running")).toList(),
                "a rerun of a finished run only rewrites the report: " + again);
        var json = CliConventionsTest.json(Cli.ok("pipeline", "--quick", "--run-dir", run.toString(), "--progress", "none",
                "--json"), "pipeline", "[report] running");
        assertEquals(run.resolve("report.md").toString(), json.get("report").asText());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(run.resolve("evaluation/results.json"))),
                json.get("results"), "--json prints the run's evaluation/results.json");
        fails(1, args("pipeline", "--quick", "--run-dir", run, "--seed", "3", "--progress", "none"), "config.json");
    }

    @Test
    void distillPairFlagsReplaceOnlyTheCountsTheyName() {
        var c = org.distill4ads.distill.pipeline.PipelineConfig.defaults();
        var s = PipelineCommand.withDistillPairs(c, 3, null).sampling();
        assertEquals(List.of(12, 4, 3, 4), List.of(s.labelCandidates(), s.labelRandom(), s.distillCandidates(), s.distillRandom()));
        s = PipelineCommand.withDistillPairs(c, null, 0).sampling();
        assertEquals(List.of(12, 4, 12, 0), List.of(s.labelCandidates(), s.labelRandom(), s.distillCandidates(), s.distillRandom()));
        assertEquals(c.student(), PipelineCommand.withDistillPairs(c, 1, 1).student());
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() {
        fails(2, args("pipeline", "--no-such-flag"), "--no-such-flag");
        fails(2, args("pipeline", "--student-steps", "many"), "many");
        Path missing = dir.resolve("missing");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r1"), "--data", missing, "--progress", "none"), missing.toString());
        fails(1, args("pipeline", "--run-dir", dir.resolve("r2"), "--variants", "clicks,bogus"), "bogus");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r3"), "--progress", "loud"), "--progress");
        fails(1, args("pipeline", "--data", dir, "--wands", dir), "give one of --data, --wands and --relevance");
        fails(1, args("pipeline", "--wands", dir, "--relevance", dir), "give one of --data, --wands and --relevance");
        fails(1, args("pipeline", "--preset", "esci"), "give --relevance");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r4"), "--relevance", dir, "--preset", "amazon"), "amazon");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r5"), "--relevance", dir, "--encoding", "klingon"), "klingon");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r6"), "--relevance", dir, "--column", "price=p"), "price");
        fails(1, args("pipeline", "--judge-url", "http://localhost:1"), "--judge-model");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r7"), "--distill-candidates", "-1"),
                "--distill-candidates and --distill-random must be >= 0 and not both 0, got -1 and 4");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r8"), "--relevance", dir, "--distill-candidates", "0", "--distill-random",
                "0"), "got 0 and 0");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r4"), "--seeds", "1,2", "--seed", "3"), "--seed or --seeds, not both");
        fails(1, args("pipeline", "--run-dir", dir.resolve("r5"), "--seeds", "4,4", "--progress", "none"), "twice: [4, 4]");
        fails(2, args("pipeline", "--seeds", "1,x"), "x");
    }
}
