package org.distill4ads.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.Auc;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.distill.pipeline.AssistantStage;
import org.distill4ads.distill.pipeline.DataStage;
import org.distill4ads.distill.pipeline.LabelStage;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.PairExample;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunContext;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.TokenizerStage;
import org.distill4ads.distill.pipeline.Training;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;

/**
 * The measurement behind the assistant's defaults (docs/results.md): trains the default run's
 * assistant with the given layers, steps, learning rate, batch and maximum length on the default
 * run's judged pairs (seed 42), and prints its training time, its scoring speed and its AUC against
 * the truth on the held-out candidate pairs (those of the evaluation's agreement draw; positive =
 * grade 2, an exact match). Run it under {@code /work/bin/bench}-like exclusive conditions:
 *
 * <pre>java -cp ... org.distill4ads.bench.AssistantSweep RUN_DIR LAYERS STEPS LR BATCH MAXLEN [mean|cls|scratch]</pre>
 *
 * The last argument is MiniLM's pooling ({@code mean}, the default, or {@code cls}), or {@code scratch}
 * for the from-scratch assistant of the run's model size.
 */
public final class AssistantSweep {
    private AssistantSweep() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 6) {
            System.err.println("usage: AssistantSweep RUN_DIR LAYERS STEPS LR BATCH MAXLEN [mean|cls|scratch]");
            System.exit(2);
        }
        Path runDir = Path.of(args[0]);
        int layers = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        double lr = Double.parseDouble(args[3]);
        int batch = Integer.parseInt(args[4]);
        int maxLength = Integer.parseInt(args[5]);
        boolean scratch = args.length > 6 && args[6].equals(PipelineConfig.AssistantModel.FROM_SCRATCH);
        Pooling pooling = args.length > 6 && !scratch ? Pooling.parse(args[6]) : Pooling.MEAN;
        PipelineConfig.AssistantModel model = scratch ? PipelineConfig.AssistantModel.SCRATCH
                : PipelineConfig.AssistantModel.minilm(layers, maxLength, pooling);
        PipelineConfig config = PipelineConfig.defaults();
        config = config.withAssistant(new PipelineConfig.AssistantTraining(steps, batch, lr, model));
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Pipeline pipeline = new Pipeline(config, new RunLayout(runDir), MarketplaceSource.simulated(config.marketplace()), null,
                ProgressMode.NONE, quiet);
        for (String stage : List.of(DataStage.NAME, LabelStage.NAME, TokenizerStage.NAME)) {
            if (!Files.exists(runDir.resolve("stages").resolve(stage + ".done"))) {
                pipeline.runStage(stage);
            }
        }
        RunContext context = pipeline.context();
        Map<String, Item> byId = context.marketplace().itemsById();
        List<PairExample> examples = AssistantStage.examples(
                MarketplaceFiles.readJudgmentsChecked(context.layout().judgments(), byId), byId, context.trainingIds()::contains);
        long t0 = System.nanoTime();
        CrossEncoder cross = AssistantStage.initial(model, context.tokenizer(), config.model(), context.seeds());
        double loadS = (System.nanoTime() - t0) / 1e9;
        Path trainingDir = Files.createTempDirectory(runDir, "sweep-training");
        t0 = System.nanoTime();
        TrainingResult r = Training.assistant(cross, examples, config.assistant(), context.seeds().training(), trainingDir,
                ProgressMode.NONE);
        double trainS = (System.nanoTime() - t0) / 1e9;
        cross.eval();
        PipelineConfig.Sampling s = config.sampling();
        List<JudgePair> pairs = context.candidates().draw(context.split().heldOut(), s.distillCandidates(), s.distillRandom(),
                context.seeds().agreementDraw());
        t0 = System.nanoTime();
        float[] p = cross.predict(JudgePair.texts(pairs), 64);
        double scoreS = (System.nanoTime() - t0) / 1e9;
        Truth truth = context.marketplace().truth();
        boolean[] positive = new boolean[pairs.size()];
        for (int i = 0; i < positive.length; i++) {
            positive[i] = truth.grade(pairs.get(i).item().id(), pairs.get(i).keyphrase()) >= Truth.RELEVANT;
        }
        System.out.printf(Locale.ROOT,
                "base %s pooling %s layers %d steps %d lr %.0e batch %d maxlen %d | load %.1f s, train %.1f s (%.3f s/step), loss %.4f |"
                        + " %d held-out pairs scored in %.1f s (%.0f pairs/s) | AUC %.4f%n",
                model.base(), model.pooling(), scratch ? config.model().layers() : layers, r.steps(), lr, batch, maxLength, loadS, trainS,
                trainS / r.steps(), r.recentLosses().getOrDefault(Training.ASSISTANT_TASK, Double.NaN), pairs.size(), scoreS,
                pairs.size() / scoreS, Auc.of(p, positive));
    }
}
