package org.distill4ads.distill.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;

/** A pipeline small enough for unit tests: a few seconds end to end. */
final class TinyRuns {
    private TinyRuns() {
    }

    static PipelineConfig config() {
        return new PipelineConfig(5, MarketplaceConfig.defaults().withSize(120, 150).withSeed(5), 0.25,
                new PipelineConfig.ModelSize(150, 16, 1, 2, 16),
                new PipelineConfig.Sampling(6, 2, 8, 2),
                new PipelineConfig.AssistantTraining(12, 16, 3e-3),
                new PipelineConfig.StudentTraining(9, 8, 3e-3, new int[] {16, 8}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(20, 5, 0.9, 20),
                List.of(Variant.CLICKS, Variant.PEARSON));
    }

    static Pipeline pipeline(Path dir, PipelineConfig config, ByteArrayOutputStream log) {
        return new Pipeline(config, new RunLayout(dir), MarketplaceSource.simulated(config.marketplace()), null,
                ProgressMode.NONE, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    static String run(Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        pipeline(dir, config(), log).run();
        return log.toString(StandardCharsets.UTF_8);
    }
}
