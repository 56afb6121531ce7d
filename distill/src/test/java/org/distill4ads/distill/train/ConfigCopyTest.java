package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.junit.jupiter.api.Test;

/** The one copy helper of each configuration record: changes what it is told, keeps the rest, validates. */
class ConfigCopyTest {
    @Test
    void trainerConfigWithChangesSeveralFieldsAndKeepsTheOthers() {
        TrainerConfig c = TrainerConfig.defaults(Path.of("run"));
        TrainerConfig d = c.with(b -> {
            b.seed = 7;
            b.epochs = 3;
        });
        assertEquals(7, d.seed());
        assertEquals(3, d.epochs());
        assertEquals(new TrainerConfig(c.runDir(), 7, 3, c.maxSteps(), c.sampling(), c.optimizer(), c.accumulationSteps(),
                c.evalEvery(), c.earlyStopping(), c.checkpointEvery(), c.keepCheckpoints(), c.onNonFinite(), c.progress(),
                c.logEvery()), d);
        assertEquals(c.withSeed(7).withEpochs(3), d, "the with… methods go through the same copy");
        assertEquals(c.withCheckpoints(10, 4), c.with(b -> {
            b.checkpointEvery = 10;
            b.keepCheckpoints = 4;
        }));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.with(b -> b.epochs = 0));
        assertTrue(e.getMessage().contains("epochs must be at least 1, got 0"), e.getMessage());
    }

    @Test
    void optimizerAndPipelineCopiesValidateToo() {
        OptimizerSettings o = OptimizerSettings.defaults().with(b -> b.beta2 = 0.98);
        assertEquals(0.98, o.beta2());
        assertEquals(OptimizerSettings.defaults().learningRate(), o.learningRate());
        assertThrows(IllegalArgumentException.class, () -> o.with(b -> b.beta1 = 1.0));
        PipelineConfig p = PipelineConfig.quick().withSeed(9);
        assertEquals(9, p.seed());
        assertEquals(9, p.marketplace().seed(), "the simulated marketplace follows the run's seed");
        assertEquals(PipelineConfig.quick().student(), p.student());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.with(b -> b.heldOut = 1.5));
        assertTrue(e.getMessage().contains("got 1.5"), e.getMessage());
        assertEquals(5, p.student().withSteps(5).steps());
        assertEquals(p.student().dims()[1], p.student().withSteps(5).dims()[1]);
    }

    @Test
    void marketplaceCopiesChangeOnlyTheirFields() {
        var m = org.distill4ads.distill.sim.MarketplaceConfig.defaults();
        var n = m.withSearch(0.4, 7, 1.5);
        assertEquals(0.4, n.searchThreshold());
        assertEquals(7, n.positions());
        assertEquals(1.5, n.examinationDecay());
        assertEquals(m.with(b -> {
            b.searchThreshold = 0.4;
            b.positions = 7;
            b.examinationDecay = 1.5;
        }), n);
        assertEquals(m.searchesPerVolume(), n.searchesPerVolume());
        assertEquals(m.withTitleNoise(m.typoRate(), m.abbreviationRate(), m.fillerRate(), m.keywordStuffingRate()), m);
        assertThrows(IllegalArgumentException.class, () -> m.with(b -> b.items = 1));
    }
}
