package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.Models;
import org.distill4ads.distill.pipeline.PairExample;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.Training;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
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

    @Override
    public Integer call() throws Exception {
        outputs.modelFolder(out, data, labels);
        outputs.trainingFolder(training.runDir(out), data, labels, out);
        TrainingData td = TrainingData.read(data);
        CliFiles.requireFile(labels, "a judgments file (.tsv or .jsonl)");
        Map<String, Item> byId = td.itemsById();
        List<PairExample> examples = new ArrayList<>();
        int skipped = 0;
        for (Judgment j : MarketplaceFiles.readJudgmentsChecked(labels, byId)) {
            if (td.isTraining(j.itemId())) {
                examples.add(new PairExample(byId.get(j.itemId()).text(), j.keyphrase(), (float) j.label()));
            } else {
                skipped++;
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(labels + " holds no judgments of training items to learn from");
        }
        PipelineConfig.ModelSize size = model.size();
        PipelineConfig.AssistantTraining settings = new PipelineConfig.AssistantTraining(training.steps, training.batchSize,
                training.learningRate);
        WordPieceTokenizer tokenizer = model.tokenizer(td.marketplace());
        CrossEncoder cross = Models.crossEncoder(tokenizer, size, training.seed);
        Path runDir = training.runDir(out);
        System.out.printf("training the cross-encoder on %d labels%s for %d steps; checkpoints in %s%n", examples.size(),
                skipped > 0 ? " (" + skipped + " of held-out items left out)" : "", settings.steps(), runDir);
        TrainingResult result = Training.assistant(cross, examples, settings, training.seed, runDir, training.progress);
        if (result.interrupted()) {
            throw new IllegalStateException("training was interrupted at step " + result.steps() + "; run the command again to resume");
        }
        cross.eval();
        ModelFiles.save(cross, out);
        System.out.printf("trained for %d steps, final loss %.4f -> %s%n", result.steps(),
                result.recentLosses().getOrDefault("judge-labels", Double.NaN), out);
        return 0;
    }
}
