package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.pipeline.Models;
import org.distill4ads.distill.pipeline.PairExample;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.Training;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code distill4ads train-bi-encoder}: a student on clicks, SR scores and (optionally) a teacher's scores. */
@Command(name = "train-bi-encoder", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"Train a bi-encoder (the student) on the signals of a variant and save it as a model folder:",
                "  clicks     clicked pairs (clicks > 0), in-batch-negative ranking",
                "  clicks-sr  + the search engine's relevance scores (CoSENT)",
                "  pearson    + the teacher's scores, Pearson distillation (the paper's)",
                "  mse        + the teacher's scores, mean-squared-error distillation",
                "Every task runs under the Matryoshka loss over --dims. Training checkpoints into the training folder; run the same command again to resume."})
final class TrainBiEncoderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "marketplace folder (items, keyphrases, clicks, relevance)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "model folder to write")
    Path out;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "pearson",
            description = "clicks, clicks-sr, pearson or mse (default: ${DEFAULT-VALUE})")
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
        Map<String, Item> byId = td.itemsById();
        List<PairExample> clicks = PairExample.clicked(m.clicks(), byId, td::isTraining);
        if (clicks.size() < 2) {
            throw new IllegalArgumentException(data + " has " + clicks.size() + " clicked pairs of training items;"
                    + " the clicks task needs at least 2");
        }
        List<PairExample> relevance = List.of();
        if (v.usesRelevanceScores()) {
            relevance = PairExample.scored(m.relevance(), byId, td::isTraining);
            if (relevance.size() < 2) {
                throw new IllegalArgumentException(data + " has " + relevance.size() + " SR scores of training items; --variant "
                        + v.id() + " needs at least 2 (or use --variant clicks)");
            }
        }
        List<PairExample> teacher = v.usesTeacher() ? teacher(td) : List.of();
        PipelineConfig.StudentTraining defaults = PipelineConfig.defaults().student();
        PipelineConfig.StudentTraining settings = new PipelineConfig.StudentTraining(training.steps, training.batchSize,
                training.learningRate, sizes, defaults.clickWeight(), defaults.srWeight(), defaults.teacherWeight());
        WordPieceTokenizer tokenizer = model.tokenizer(m);
        BiEncoder student = Models.student(tokenizer, model.size(), sizes, training.seed);
        Path runDir = training.runDir(out);
        System.out.printf("training the %s student (%s) on %d clicked pairs%s%s for %d steps%s; checkpoints in %s%n",
                v.id(), v.label(), clicks.size(), v.usesRelevanceScores() ? ", " + relevance.size() + " SR scores" : "",
                v.usesTeacher() ? ", " + teacher.size() + " teacher scores" : "", settings.steps(), td.heldOutNote(), runDir);
        TrainingResult result = Training.student(student, v, clicks, relevance, teacher, settings, training.seed, runDir,
                training.progress);
        if (result.interrupted()) {
            throw new IllegalStateException("training was interrupted at step " + result.steps() + "; run the command again to resume");
        }
        student.eval();
        ModelFiles.save(student, out);
        StringBuilder losses = new StringBuilder();
        result.recentLosses().forEach((task, loss) -> losses.append(String.format(java.util.Locale.ROOT, " %s %.4f", task, loss)));
        System.out.printf("trained for %d steps, final losses%s -> %s%n", result.steps(), losses, out);
        return 0;
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

    private List<PairExample> teacher(TrainingData td) throws java.io.IOException {
        CliFiles.requireFile(teacherScores, "a teacher-scores file (.tsv or .jsonl with item_id, keyphrase, score)");
        Map<String, Item> byId = td.itemsById();
        List<PairExample> out = new ArrayList<>();
        int unknown = 0;
        String firstUnknown = null;
        for (RelevanceScore r : DataFiles.readRelevance(teacherScores)) {
            Item item = byId.get(r.itemId());
            if (item == null) {
                unknown++;
                firstUnknown = firstUnknown == null ? r.itemId() : firstUnknown;
            } else if (td.isTraining(r.itemId())) {
                out.add(new PairExample(item.text(), r.keyphrase(), (float) r.score()));
            }
        }
        if (unknown > 0) {
            throw new IllegalArgumentException(teacherScores + ": " + unknown + " scores name items that " + data
                    + " does not list, the first '" + firstUnknown + "'");
        }
        if (out.size() < 2) {
            throw new IllegalArgumentException(teacherScores + " holds " + out.size() + " scores of training items; distillation needs at least 2");
        }
        return out;
    }
}
