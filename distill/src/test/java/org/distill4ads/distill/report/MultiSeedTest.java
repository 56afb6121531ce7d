package org.distill4ads.distill.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.eval.Bootstrap;
import org.distill4ads.distill.eval.ItemMetric;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline --seeds}: one run folder per seed, resumable, and a summary that agrees with the runs. */
class MultiSeedTest {
    @TempDir
    Path dir;

    /** Smaller than the pipeline tests' tiny run: one Matryoshka size, a few steps, 12 items evaluated. */
    static PipelineConfig tiny() {
        return new PipelineConfig(5, MarketplaceConfig.defaults().withSize(120, 150).withSeed(5), 0.25,
                new PipelineConfig.ModelSize(150, 16, 1, 2, 16),
                new PipelineConfig.Sampling(4, 2, 4, 2),
                new PipelineConfig.AssistantTraining(6, 16, 3e-3),
                new PipelineConfig.StudentTraining(4, 8, 3e-3, new int[] {16}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(10, 5, 0.9, 12),
                List.of(Variant.CLICKS, Variant.PEARSON));
    }

    private String run(List<Long> seeds) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        MultiSeed.run(tiny(), seeds, dir, c -> MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(log, true, StandardCharsets.UTF_8), p -> p);
        return log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachSeedRunsInItsOwnFolderAndTheSummaryAgreesWithTheRuns() throws IOException {
        List<Long> seeds = List.of(5L, 6L);
        run(seeds);
        EvaluationResults a = EvaluationResults.read(dir.resolve("seed-5/evaluation/results.json"));
        EvaluationResults b = EvaluationResults.read(dir.resolve("seed-6/evaluation/results.json"));
        assertTrue(Files.isRegularFile(dir.resolve("seed-5/report.md")) && Files.isRegularFile(dir.resolve("seed-6/report.md")));
        // each seed is another marketplace: another truth, other figures
        assertTrue(Files.readString(dir.resolve("seed-6/config.json")).contains("\"seed\" : 6"));

        SeedSummary s = SeedSummary.of(seeds, List.of(a, b), 5);
        double pa = a.system("pearson@16").truePrecision();
        double pb = b.system("pearson@16").truePrecision();
        SeedSummary.Spread spread = s.spreads().stream()
                .filter(x -> x.system().equals("pearson@16") && x.metric() == ItemMetric.TRUE_PRECISION).findFirst().orElseThrow();
        assertEquals((pa + pb) / 2, spread.mean(), 1e-12);
        assertEquals(Math.abs(pa - pb) / Math.sqrt(2), spread.sd(), 1e-12); // sample sd of two values
        SeedSummary.Direction recall = s.directions().stream().filter(d -> d.metric() == ItemMetric.RECALL).findFirst().orElseThrow();
        Bootstrap.Difference first = Versus.of(a, 5).difference("pearson@16", ItemMetric.RECALL);
        assertEquals(first.interval(), recall.differences().get(0));
        boolean bothAbove = recall.differences().stream().allMatch(i -> i.estimate() > 0);
        assertEquals(bothAbove, recall.holds());

        String md = Files.readString(dir.resolve("summary.md"));
        assertEquals(s.markdown(), md);
        assertTrue(md.contains("| seed 5 | seed 6 |") && md.contains(SeedSummary.meanSd(spread)), md);
        assertTrue(md.contains("**Across seeds.**"), md);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"directions\""));

        String again = run(seeds);
        assertTrue(again.contains("[student-pearson] complete, skipped") && !again.contains("[evaluation] running"), again);
    }

    @Test
    void refusesRepeatedOrNoSeeds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(List.of(3L, 3L)));
        assertTrue(e.getMessage().contains("twice: [3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> run(List.of()));
        assertTrue(e.getMessage().contains("at least one seed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeedSummary.of(List.of(1L), List.of(), 5));
        assertTrue(e.getMessage().contains("1 seeds and 0 evaluations"), e.getMessage());
    }

    @Test
    void theAssistantAucMeanSkipsSeedsWhoseResultsDoNotRecordIt() {
        String md = new SeedSummary(List.of(1L, 2L, 3L), 10, 64, List.of(), List.of(), List.of(Double.NaN, 0.98, 0.96)).markdown();
        assertTrue(md.contains("seed 1 –, seed 2 0.980, seed 3 0.960; mean 0.970 ± 0.014 over the 2 seeds whose results record it."),
                md);
        String all = new SeedSummary(List.of(1L, 2L), 10, 64, List.of(), List.of(), List.of(0.97, 0.99)).markdown();
        assertTrue(all.contains("seed 1 0.970, seed 2 0.990; mean 0.980 ± 0.014."), all);
    }

    @Test
    void meanAndSampleStandardDeviation() {
        assertEquals(2, SeedSummary.mean(List.of(1.0, 2.0, 3.0)), 1e-12);
        assertEquals(1, SeedSummary.sd(List.of(1.0, 2.0, 3.0)), 1e-12);
        assertTrue(Double.isNaN(SeedSummary.sd(List.of(1.0))));
    }
}
