package org.distill4ads.distill.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.Item;
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

/** A serving bundle of a tiny pipeline run (seconds), and the item titles of its marketplace. */
public final class TinyBundle {
    private TinyBundle() {
    }

    /** Writes the bundle into {@code dir}/bundle (the run into {@code dir}/run) and returns the bundle folder. */
    public static Path write(Path dir) throws IOException {
        PipelineConfig c = new PipelineConfig(4, MarketplaceConfig.defaults().withSize(60, 80).withSeed(4), 0.25,
                new PipelineConfig.ModelSize(120, 16, 1, 2, 12), new PipelineConfig.Sampling(4, 2, 4, 2),
                new PipelineConfig.AssistantTraining(5, 8, 3e-3),
                new PipelineConfig.StudentTraining(5, 8, 3e-3, new int[] {16, 8}, 1, 1, 1),
                new PipelineConfig.EvaluationSettings(10, 5, 0.9, 10), List.of(Variant.PEARSON));
        RunLayout run = new RunLayout(dir.resolve("run"));
        Pipeline p = new Pipeline(c, run, MarketplaceSource.simulated(c.marketplace()), null, ProgressMode.NONE,
                new PrintStream(OutputStream.nullOutputStream()));
        for (String stage : p.stages()) {
            if (!stage.equals("evaluation")) {
                p.runStage(stage);
            }
        }
        EmbeddingStore store = IndexStage.build(p.context().student(Variant.PEARSON),
                IndexStage.distinct(MarketplaceFiles.read(run.data()).keyphrases()));
        Path bundle = dir.resolve("bundle");
        ServingBundle.write(bundle, run.student(Variant.PEARSON), run.assistant(), store, 0.25f);
        return bundle;
    }

    /** The texts the models read for the items of the run in {@code dir} (title | category). */
    public static List<String> itemTexts(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Item i : MarketplaceFiles.read(new RunLayout(dir.resolve("run")).data()).items()) {
            out.add(i.text());
        }
        return out;
    }
}
