package org.distill4ads.distill.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;

/** A pipeline run folder in seconds: a tiny marketplace, tiny models, one student. */
final class TinyRun {
    private TinyRun() {
    }

    static PipelineConfig config() {
        return new PipelineConfig(4, MarketplaceConfig.defaults().withSize(60, 80).withSeed(4), 0.25,
                new PipelineConfig.ModelSize(120, 16, 1, 2, 12),
                new PipelineConfig.Sampling(4, 2, 4, 2),
                new PipelineConfig.AssistantTraining(5, 8, 3e-3),
                new PipelineConfig.StudentTraining(5, 8, 3e-3, new int[] {16, 8}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(10, 5, 0.9, 10),
                List.of(Variant.PEARSON));
    }

    /** Every stage but the evaluation, which {@code distill4ads evaluate} then runs. */
    static Path createUnevaluated(Path dir) throws IOException {
        PipelineConfig c = config();
        Pipeline p = new Pipeline(c, new RunLayout(dir), MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(OutputStream.nullOutputStream()));
        for (String stage : p.stages()) {
            if (!stage.equals("evaluation")) {
                p.runStage(stage);
            }
        }
        return dir;
    }
}
