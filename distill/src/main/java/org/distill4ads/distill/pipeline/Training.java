package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.loss.BinaryCrossEntropyLoss;
import org.distill4ads.distill.loss.CoSENTLoss;
import org.distill4ads.distill.loss.EmbeddingBatch;
import org.distill4ads.distill.loss.EmbeddingLoss;
import org.distill4ads.distill.loss.MatryoshkaLoss;
import org.distill4ads.distill.loss.MultipleNegativesRankingLoss;
import org.distill4ads.distill.train.EarlyStopping;
import org.distill4ads.distill.train.Evaluator;
import org.distill4ads.distill.train.NonFinitePolicy;
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
    /** The assistant's one task, as its metrics log names it. */
    public static final String ASSISTANT_TASK = "judge-labels";

    /** The metric the assistant's early stopping watches: AUC against the judge's labels of the validation pairs. */
    public static final String ASSISTANT_METRIC = "auc";

    private Training() {
    }

    /** The metric a student's early stopping watches: NDCG@k of validation retrieval at the full size. */
    public static String studentMetric(int k) {
        return "ndcg@" + k;
    }

    /**
     * An evaluation during a training run: every {@code every} steps (and at the last) the trainer
     * calls {@code evaluator} and logs its figures; with {@code stopping} it also stops on a plateau
     * and the run ends with the weights of the best evaluation ({@link Trainer#restoreBest}).
     */
    public record Monitor(int every, Evaluator evaluator, EarlyStopping stopping) {
        public Monitor {
            if (every < 1 || evaluator == null) {
                throw new IllegalArgumentException("a monitor needs every >= 1 and an evaluator, got " + every + ", " + evaluator);
            }
        }
    }

    /** Stage 1b: binary cross-entropy on the judge's labels. */
    public static TrainingResult assistant(CrossEncoder model, List<PairExample> labelled,
                                           PipelineConfig.AssistantTraining settings, long seed, Path runDir,
                                           ProgressMode progress) throws IOException {
        return assistant(model, labelled, settings, seed, runDir, progress, null);
    }

    /** Stage 1b, evaluated during training by {@code monitor} (may be null). */
    public static TrainingResult assistant(CrossEncoder model, List<PairExample> labelled,
                                           PipelineConfig.AssistantTraining settings, long seed, Path runDir,
                                           ProgressMode progress, Monitor monitor) throws IOException {
        BinaryCrossEntropyLoss bce = new BinaryCrossEntropyLoss();
        TrainingTask<PairExample> task = TrainingTask.of(ASSISTANT_TASK, labelled, settings.batchSize(),
                batch -> bce.compute(model.forward(PairExample.pairs(batch)),
                        PairExample.targets(batch)));
        return fit(new Trainer(model, List.of(task), config(runDir, seed, settings.steps(), settings.learningRate(), progress,
                monitor), monitor == null ? null : monitor.evaluator()), model, runDir, monitor);
    }

    private static TrainingResult fit(Trainer trainer, org.distill4ads.nn.module.Module model, Path runDir, Monitor monitor)
            throws IOException {
        TrainingResult result = trainer.resumeLatest();
        if (monitor != null && monitor.stopping() != null && !result.interrupted() && !Trainer.restoreBest(runDir, model)) {
            throw new IllegalStateException("early stopping kept no best weights in " + runDir);
        }
        return result;
    }

    /**
     * Stage 3: the student learns from clicked pairs (multiple-negatives ranking), from SR scores
     * (CoSENT) and from the assistant's scores (Pearson or MSE), as the variant says, each under
     * the Matryoshka loss over the model's own sizes. Tasks take turns (round robin), so every
     * variant takes the same number of steps.
     */
    public static TrainingResult student(BiEncoder model, Variant variant, StudentStage.Signals signals,
                                         PipelineConfig.StudentTraining settings, long seed, Path runDir,
                                         ProgressMode progress) throws IOException {
        return student(model, variant, signals, settings, seed, runDir, progress, null);
    }

    /** Stage 3, evaluated during training by {@code monitor} (may be null). */
    public static TrainingResult student(BiEncoder model, Variant variant, StudentStage.Signals signals,
                                         PipelineConfig.StudentTraining settings, long seed, Path runDir,
                                         ProgressMode progress, Monitor monitor) throws IOException {
        EmbeddingLoss mnrl = MatryoshkaLoss.forModel(model, new MultipleNegativesRankingLoss());
        EmbeddingLoss cosent = MatryoshkaLoss.forModel(model, new CoSENTLoss());
        int b = settings.batchSize();
        List<TrainingTask<?>> tasks = new ArrayList<>();
        // in-batch negatives: no item and no keyphrase twice in a batch, or a second pair would be a false negative
        tasks.add(TrainingTask.of("clicks", signals.clicks(), b,
                batch -> mnrl.compute(EmbeddingBatch.pairs(model.forward(PairExample.items(batch)),
                        model.forward(PairExample.keyphrases(batch))))).withWeight(settings.clickWeight())
                .withNoDuplicates(Training::inBatchKeys));
        if (variant.usesRelevanceScores()) {
            tasks.add(TrainingTask.of("sr", signals.relevance(), b, batch -> cosent.compute(scored(model, batch)))
                    .withWeight(settings.srWeight()));
        }
        if (variant.usesTeacher()) {
            EmbeddingLoss distill = MatryoshkaLoss.forModel(model, variant.distillationLoss());
            tasks.add(TrainingTask.of("teacher", signals.teacher(), b, batch -> distill.compute(scored(model, batch)))
                    .withWeight(settings.teacherWeight()));
        }
        return fit(new Trainer(model, tasks, config(runDir, seed, settings.steps(), settings.learningRate(), progress, monitor),
                monitor == null ? null : monitor.evaluator()), model, runDir, monitor);
    }

    /** The keys a batch of in-batch negatives holds at most once: the item and the keyphrase. */
    static List<String> inBatchKeys(PairExample p) {
        return List.of("item\t" + p.item(), "keyphrase\t" + p.keyphrase());
    }

    private static EmbeddingBatch scored(BiEncoder model, List<PairExample> batch) {
        return EmbeddingBatch.scored(model.forward(PairExample.items(batch)), model.forward(PairExample.keyphrases(batch)),
                PairExample.targets(batch));
    }

    /** Fails when training was stopped ({@code Trainer.requestStop}) before its last step. */
    static void requireFinished(TrainingResult result) {
        if (result.interrupted()) {
            throw new IllegalStateException("training was interrupted at step " + result.steps() + "; run the command again to resume");
        }
    }

    /**
     * Every setting of a training run of the pipeline but where it writes and how it shows
     * progress: the run's {@code config.json} records it for the assistant and the students.
     */
    public record Recorded(long seed, int epochs, long maxSteps, Sampling sampling, OptimizerSettings optimizer,
                           int accumulationSteps, int evalEvery, EarlyStopping earlyStopping, int checkpointEvery,
                           int keepCheckpoints, NonFinitePolicy onNonFinite) {
        static Recorded of(TrainerConfig c) {
            return new Recorded(c.seed(), c.epochs(), c.maxSteps(), c.sampling(), c.optimizer(), c.accumulationSteps(),
                    c.evalEvery(), c.earlyStopping(), c.checkpointEvery(), c.keepCheckpoints(), c.onNonFinite());
        }
    }

    /** The trainer settings of the assistant's run (the run folder and progress display aside). */
    public static Recorded assistantSettings(PipelineConfig.AssistantTraining settings, long seed) {
        return assistantSettings(settings, seed, null);
    }

    /** The same, with the evaluation during training of {@code validation} (may be null). */
    public static Recorded assistantSettings(PipelineConfig.AssistantTraining settings, long seed,
                                             PipelineConfig.Validation validation) {
        return Recorded.of(config(Path.of("."), seed, settings.steps(), settings.learningRate(), ProgressMode.NONE,
                recordedMonitor(validation, ASSISTANT_METRIC)));
    }

    /** The trainer settings of every student's run. */
    public static Recorded studentSettings(PipelineConfig.StudentTraining settings, long seed) {
        return studentSettings(settings, seed, null, 10);
    }

    /** The same, with the evaluation during training of {@code validation} (may be null) at cut-off {@code k}. */
    public static Recorded studentSettings(PipelineConfig.StudentTraining settings, long seed,
                                           PipelineConfig.Validation validation, int k) {
        return Recorded.of(config(Path.of("."), seed, settings.steps(), settings.learningRate(), ProgressMode.NONE,
                recordedMonitor(validation, studentMetric(k))));
    }

    /** The early stopping a validation setting asks for on {@code metric}, or null. */
    static EarlyStopping stopping(PipelineConfig.Validation validation, String metric) {
        return validation == null || !validation.earlyStopping() ? null
                : EarlyStopping.of(metric, EarlyStopping.Mode.MAX, validation.patience());
    }

    private static Monitor recordedMonitor(PipelineConfig.Validation validation, String metric) {
        return validation == null ? null : new Monitor(validation.every(), step -> Map.of(), stopping(validation, metric));
    }

    private static TrainerConfig config(Path runDir, long seed, int steps, double lr, ProgressMode progress, Monitor monitor) {
        TrainerConfig c = TrainerConfig.defaults(runDir)
                .withSeed(seed)
                .withEpochs(1)
                .withMaxSteps(steps)
                .withSampling(Sampling.ROUND_ROBIN)
                .withOptimizer(OptimizerSettings.defaults().withLearningRate(lr))
                .withCheckpoints(CHECKPOINT_EVERY, 1)
                .withProgress(progress, 50);
        return monitor == null ? c : c.withEvaluation(monitor.every(), monitor.stopping());
    }
}
