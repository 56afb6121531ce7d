package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.AssistantStage;
import org.distill4ads.distill.pipeline.PairExample;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.Seeds;
import org.distill4ads.transformer.model.CrossEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill4ads train-cross-encoder}: the assistant, trained on a judge's labels. */
@Command(name = "train-cross-encoder", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"Train the cross-encoder (the assistant) on a judge's labels with binary cross-entropy and save it as a model folder.",
                "Training checkpoints into the training folder; run the same command again to resume an interrupted run."})
final class TrainCrossEncoderCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "marketplace folder (items and keyphrases)")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "judgments file (.tsv or .jsonl), e.g. from `distill4ads label`")
    Path labels;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Mixin
    ModelSizeOptions model;

    @Mixin
    TrainingOptions training;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        outputs.modelFolder(out, data, labels);
        outputs.trainingFolder(training.runDir(out), data, labels, out);
        TrainingData td = TrainingData.read(data);
        CliFiles.requireFile(labels, "a judgments file (.tsv or .jsonl)");
        Map<String, Item> byId = td.itemsById();
        List<Judgment> judgments = MarketplaceFiles.readJudgmentsChecked(labels, byId);
        List<PairExample> examples = AssistantStage.examples(judgments, byId, td::isTraining);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(labels + " holds no judgments of training items to learn from");
        }
        int skipped = judgments.size() - examples.size();
        PipelineConfig.AssistantTraining settings = new PipelineConfig.AssistantTraining(training.steps, training.batchSize,
                training.learningRate);
        Seeds seeds = new Seeds(training.seed);
        CrossEncoder cross = AssistantStage.fresh(model.tokenizer(td.marketplace()), model.size(), seeds);
        Path runDir = training.runDir(out);
        json.text().printf("training the cross-encoder on %d labels%s for %d steps; checkpoints in %s%n", examples.size(),
                skipped > 0 ? " (" + skipped + " of held-out items left out)" : "", settings.steps(), runDir);
        AssistantStage.Output trained = AssistantStage.train(new AssistantStage.Input(cross, examples, settings, seeds, runDir,
                training.progress, out));
        json.text().printf("trained for %d steps, final loss %.4f -> %s%n", trained.result().steps(), trained.finalLoss(), out);
        json.result("train-cross-encoder").put("labels", examples.size()).put("skippedHeldOut", skipped)
                .put("steps", trained.result().steps()).put("finalLoss", trained.finalLoss()).put("trainingDir", runDir)
                .put("out", out).print();
        return 0;
    }
}
