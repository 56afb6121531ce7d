package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.Seeds;
import org.distill4ads.distill.pipeline.StudentStage;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.transformer.model.BiEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code distill4ads train-bi-encoder}: a student on clicks, SR scores and (optionally) a teacher's scores. */
@Command(name = "train-bi-encoder", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = "(set by describeVariants from the Variant enum)")
final class TrainBiEncoderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "marketplace folder (items, keyphrases, clicks, relevance)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "pearson",
            description = "one of the variants above (default: ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--teacher-scores", paramLabel = "FILE",
            description = "the teacher's scores (.tsv or .jsonl with item_id, keyphrase, score), needed by pearson and mse")
    Path teacherScores;

    @Option(names = "--dims", paramLabel = "D", split = ",",
            description = "Matryoshka sizes, strictly decreasing, the first equal to --hidden (default: the width, its half and its quarter)")
    int[] dims;

    @Mixin
    ModelSizeOptions model;

    @Mixin
    TrainingOptions training;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    /** The command's description: one line per {@link Variant}, so that a new variant shows up here by itself. */
    static void describeVariants(CommandSpec spec) {
        List<String> lines = new ArrayList<>();
        lines.add("Train a bi-encoder (the student) on the signals of a variant and save it as a model folder:");
        for (Variant v : Variant.values()) {
            lines.add(String.format(Locale.ROOT, "  %-10s %s", v.id(), v.signals()));
        }
        lines.add("Every task runs under the Matryoshka loss over --dims. Training checkpoints into the training folder;"
                + " run the same command again to resume.");
        spec.usageMessage().description(lines.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        Variant v = variant();
        if (v.usesTeacher() && teacherScores == null) {
            throw new ParameterException(spec.commandLine(), "--variant " + v.id() + " distills the teacher: give --teacher-scores FILE"
                    + " (or use --variant clicks or clicks-sr)");
        }
        outputs.modelFolder(out, data, teacherScores);
        outputs.trainingFolder(training.runDir(out), data, teacherScores, out);
        int[] sizes = dims();
        TrainingData td = TrainingData.read(data);
        Marketplace m = td.marketplace();
        List<RelevanceScore> teacher = List.of();
        if (v.usesTeacher()) {
            CliFiles.requireFile(teacherScores, "a teacher-scores file (.tsv or .jsonl with item_id, keyphrase, score)");
            teacher = DataFiles.readRelevance(teacherScores);
        }
        StudentStage.Signals signals;
        try {
            signals = StudentStage.Signals.of(m.clicks(), v.usesRelevanceScores() ? m.relevance() : List.of(), teacher,
                    teacherScores, td.itemsById(), trainingIds(td));
            signals.requireFor(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(data + (v.usesTeacher() ? " and " + teacherScores : "") + ": " + e.getMessage(), e);
        }
        PipelineConfig.StudentTraining defaults = PipelineConfig.defaults().student();
        PipelineConfig.StudentTraining settings = new PipelineConfig.StudentTraining(training.steps, training.batchSize,
                training.learningRate, sizes, defaults.clickWeight(), defaults.srWeight(), defaults.teacherWeight());
        Seeds seeds = new Seeds(training.seed);
        BiEncoder student = StudentStage.fresh(model.tokenizer(m), model.size(), sizes, seeds);
        Path runDir = training.runDir(out);
        json.text().printf("training the %s student (%s) on %s for %d steps%s; checkpoints in %s%n",
                v.id(), v.label(), signals.describe(v), settings.steps(), td.heldOutNote(), runDir);
        StudentStage.Output trained = StudentStage.train(new StudentStage.Input(student, v, signals, settings, seeds, runDir,
                training.progress, out));
        StringBuilder losses = new StringBuilder();
        trained.result().recentLosses().forEach((task, loss) -> losses.append(String.format(Locale.ROOT, " %s %.4f", task, loss)));
        json.text().printf("trained for %d steps, final losses%s -> %s%n", trained.result().steps(), losses, out);
        json.result("train-bi-encoder").put("variant", v.id()).put("steps", trained.result().steps())
                .put("finalLosses", trained.result().recentLosses()).put("dims", sizes).put("trainingDir", runDir)
                .put("out", out).print();
        return 0;
    }

    private static Set<String> trainingIds(TrainingData td) {
        Set<String> ids = new LinkedHashSet<>();
        td.trainingItems().forEach(i -> ids.add(i.id()));
        return ids;
    }

    private Variant variant() {
        try {
            return Variant.of(variant);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--variant: " + e.getMessage());
        }
    }

    private int[] dims() {
        int h = model.hidden;
        if (dims == null) {
            List<Integer> d = new ArrayList<>(List.of(h));
            for (int x = h / 2; x >= 4 && d.size() < 3; x /= 2) {
                d.add(x);
            }
            return d.stream().mapToInt(Integer::intValue).toArray();
        }
        if (dims.length == 0 || dims[0] != h) {
            throw new ParameterException(spec.commandLine(), "--dims must start with the model width --hidden " + h + ", got "
                    + java.util.Arrays.toString(dims));
        }
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] <= 0 || dims[i] >= dims[i - 1]) {
                throw new ParameterException(spec.commandLine(), "--dims must be positive and strictly decreasing, got "
                        + java.util.Arrays.toString(dims));
            }
        }
        return dims;
    }
}
