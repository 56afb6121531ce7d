package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.loss.BinaryCrossEntropyLoss;
import org.distill4ads.distill.loss.CoSENTLoss;
import org.distill4ads.distill.loss.EmbeddingBatch;
import org.distill4ads.distill.loss.EmbeddingLoss;
import org.distill4ads.distill.loss.MatryoshkaLoss;
import org.distill4ads.distill.loss.MseLoss;
import org.distill4ads.distill.loss.MultipleNegativesRankingLoss;
import org.distill4ads.distill.loss.PearsonCorrelationLoss;
import org.distill4ads.distill.train.OptimizerSettings;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.distill.train.Sampling;
import org.distill4ads.distill.train.Trainer;
import org.distill4ads.distill.train.TrainerConfig;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.distill.train.TrainingTask;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * The two training runs of the pipeline on the multi-task {@link Trainer}: the assistant on the
 * judge's labels, and a student on the signals of its {@link Variant}. Both checkpoint into their
 * run folder, so an interrupted run resumes where it stopped and ends with the same weights.
 */
public final class Training {
    /** Steps between checkpoints. */
    static final int CHECKPOINT_EVERY = 100;

    private Training() {
    }

    /** Stage 1b: binary cross-entropy on the judge's labels. */
    public static TrainingResult assistant(CrossEncoder model, List<PairExample> labelled,
                                           PipelineConfig.AssistantTraining settings, long seed, Path runDir,
                                           ProgressMode progress) throws IOException {
        BinaryCrossEntropyLoss bce = new BinaryCrossEntropyLoss();
        TrainingTask<PairExample> task = TrainingTask.of("judge-labels", labelled, settings.batchSize(),
                batch -> bce.compute(model.logits(PairExample.items(batch), PairExample.keyphrases(batch)),
                        PairExample.targets(batch)));
        return new Trainer(model, List.of(task), config(runDir, seed, settings.steps(), settings.learningRate(), progress), null)
                .resumeLatest();
    }

    /**
     * Stage 3: the student learns from clicked pairs (multiple-negatives ranking), from SR scores
     * (CoSENT) and from the assistant's scores (Pearson or MSE), as the variant says, each under
     * the Matryoshka loss over {@code settings.dims()}. Tasks take turns (round robin), so every
     * variant takes the same number of steps.
     */
    public static TrainingResult student(BiEncoder model, Variant variant, List<PairExample> clicks,
                                         List<PairExample> relevance, List<PairExample> teacher,
                                         PipelineConfig.StudentTraining settings, long seed, Path runDir,
                                         ProgressMode progress) throws IOException {
        int[] dims = settings.dims();
        EmbeddingLoss mnrl = new MatryoshkaLoss(new MultipleNegativesRankingLoss(), dims);
        EmbeddingLoss cosent = new MatryoshkaLoss(new CoSENTLoss(), dims);
        EmbeddingLoss distill = new MatryoshkaLoss(variant == Variant.MSE ? new MseLoss() : new PearsonCorrelationLoss(), dims);
        int b = settings.batchSize();
        List<TrainingTask<?>> tasks = new ArrayList<>();
        tasks.add(TrainingTask.of("clicks", clicks, b,
                batch -> mnrl.compute(EmbeddingBatch.pairs(model.embed(PairExample.items(batch)),
                        model.embed(PairExample.keyphrases(batch))))).withWeight(settings.clickWeight()));
        if (variant.usesRelevanceScores()) {
            tasks.add(TrainingTask.of("sr", relevance, b, batch -> cosent.compute(scored(model, batch)))
                    .withWeight(settings.srWeight()));
        }
        if (variant.usesTeacher()) {
            tasks.add(TrainingTask.of("teacher", teacher, b, batch -> distill.compute(scored(model, batch)))
                    .withWeight(settings.teacherWeight()));
        }
        return new Trainer(model, tasks, config(runDir, seed, settings.steps(), settings.learningRate(), progress), null)
                .resumeLatest();
    }

    private static EmbeddingBatch scored(BiEncoder model, List<PairExample> batch) {
        return EmbeddingBatch.scored(model.embed(PairExample.items(batch)), model.embed(PairExample.keyphrases(batch)),
                PairExample.targets(batch));
    }

    private static TrainerConfig config(Path runDir, long seed, int steps, double lr, ProgressMode progress) {
        return TrainerConfig.defaults(runDir)
                .withSeed(seed)
                .withEpochs(1)
                .withMaxSteps(steps)
                .withSampling(Sampling.ROUND_ROBIN)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(lr))
                .withCheckpoints(CHECKPOINT_EVERY, 1)
                .withProgress(progress, 50);
    }
}
