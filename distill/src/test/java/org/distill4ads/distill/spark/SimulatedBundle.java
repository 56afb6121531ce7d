package org.distill4ads.distill.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.distill.pipeline.IndexStage;
import org.distill4ads.distill.pipeline.Models;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.sim.MarketplaceSimulator;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * A bundle over a simulated marketplace, made in a second or two: the pipeline's tokenizer, a
 * student and a cross-encoder of the pipeline's shape, seeded and untrained (the jobs must give the
 * single JVM's answer whatever the weights), the keyphrases indexed by the student, and the
 * threshold at the median filter score of some pairs (in the filter's own pair format), so the
 * filter both keeps and drops.
 */
final class SimulatedBundle {
    final Marketplace market;
    final Path dir;

    private SimulatedBundle(Marketplace market, Path dir) {
        this.market = market;
        this.dir = dir;
    }

    static SimulatedBundle write(Path root) throws IOException {
        Marketplace m = MarketplaceSimulator.simulate(MarketplaceConfig.defaults().withSize(240, 160).withSeed(19));
        WordPieceTokenizer tokenizer = Models.learnTokenizer(m.items(), m.keyphrases(), 150);
        PipelineConfig.ModelSize size = new PipelineConfig.ModelSize(150, 16, 1, 2, 16);
        BiEncoder student = Models.student(tokenizer, size, new int[] {16, 8}, 191);
        CrossEncoder filter = Models.crossEncoder(tokenizer, size, 192);
        Path studentDir = root.resolve("models/student");
        Path filterDir = root.resolve("models/cross-encoder");
        ModelFiles.save(student, studentDir);
        ModelFiles.save(filter, filterDir);
        EmbeddingStore store = IndexStage.build(student, IndexStage.distinct(m.keyphrases()));
        List<CrossEncoder.Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 10; j++) {
                pairs.add(PairText.of(m.items().get(i), store.text((i * 7 + j * 13) % store.size())));
            }
        }
        float[] p = filter.predict(pairs);
        Arrays.sort(p);
        Path dir = root.resolve("bundle");
        ServingBundle.write(dir, studentDir, filterDir, store, p[p.length / 2]);
        return new SimulatedBundle(m, dir);
    }

    List<Item> items() {
        return market.items();
    }
}
