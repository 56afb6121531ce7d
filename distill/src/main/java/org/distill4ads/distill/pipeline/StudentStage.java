package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.RetrievalEvaluator;
import org.distill4ads.transformer.TextEmbedder;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * Stage 3, {@code student-<variant>}: one bi-encoder per {@link Variant}, trained multi-task on
 * the variant's signals (clicks, SR scores, the assistant's scores), each under the Matryoshka
 * loss over the model's sizes. Writes {@code students/<variant>/} and {@code training/student-<variant>/}.
 * One instance per variant; the variant decides everything that differs between students.
 */
public final class StudentStage implements Stage {
    private final Variant variant;

    public StudentStage(Variant variant) {
        this.variant = variant;
    }

    /** The stage name of a variant's student, e.g. {@code student-pearson}. */
    public static String name(Variant v) {
        return "student-" + v.id();
    }

    public Variant variant() {
        return variant;
    }

    /**
     * The training signals of a student: clicked pairs (target 1), SR scores and teacher scores of
     * the training items. A variant uses the lists its flags say; the others may be empty.
     */
    public record Signals(List<PairExample> clicks, List<PairExample> relevance, List<PairExample> teacher) {
        public Signals {
            clicks = List.copyOf(clicks);
            relevance = List.copyOf(relevance);
            teacher = List.copyOf(teacher);
        }

        /**
         * The signals of the training items: the clicked pairs and SR scores of the marketplace and
         * the given teacher scores. Fails, naming {@code teacherFile}, on a score of an unknown item.
         */
        public static Signals of(List<ClickRecord> clicks, List<RelevanceScore> relevance, List<RelevanceScore> teacher,
                                 Path teacherFile, Map<String, Item> items, Set<String> training) {
            List<PairExample> t = new ArrayList<>();
            int unknown = 0;
            String firstUnknown = null;
            for (RelevanceScore r : teacher) {
                Item item = items.get(r.itemId());
                if (item == null) {
                    unknown++;
                    firstUnknown = firstUnknown == null ? r.itemId() : firstUnknown;
                } else if (training.contains(r.itemId())) {
                    t.add(new PairExample(item.text(), r.keyphrase(), (float) r.score()));
                }
            }
            if (unknown > 0) {
                throw new IllegalArgumentException(teacherFile + ": " + unknown + " scores name items that the marketplace"
                        + " does not list, the first '" + firstUnknown + "'");
            }
            return new Signals(PairExample.clicked(clicks, items, training::contains),
                    PairExample.scored(relevance, items, training::contains), t);
        }

        /** Fails unless every signal the variant learns from has at least 2 pairs (one batch). */
        public void requireFor(Variant v) {
            need(clicks, "clicked pairs of training items", "the clicks task");
            if (v.usesRelevanceScores()) {
                need(relevance, "SR scores of training items", "variant " + v.id());
            }
            if (v.usesTeacher()) {
                need(teacher, "teacher scores of training items", "variant " + v.id());
            }
        }

        private static void need(List<PairExample> list, String what, String who) {
            if (list.size() < 2) {
                throw new IllegalArgumentException("there are " + list.size() + " " + what + "; " + who + " needs at least 2");
            }
        }

        /** One line: what the variant learns from. */
        public String describe(Variant v) {
            return clicks.size() + " clicked pairs" + (v.usesRelevanceScores() ? ", " + relevance.size() + " SR scores" : "")
                    + (v.usesTeacher() ? ", " + teacher.size() + " teacher scores" : "");
        }
    }

    /**
     * One training run of a student.
     *
     * @param model       the bi-encoder to train; its Matryoshka sizes are the sizes trained
     * @param signals     the training signals
     * @param settings    steps, batch size, learning rate, task weights
     * @param trainingDir where the metrics log and checkpoints go (a rerun resumes from them)
     * @param out         the model folder to write
     */
    public record Input(BiEncoder model, Variant variant, Signals signals, PipelineConfig.StudentTraining settings, Seeds seeds,
                        Path trainingDir, ProgressMode progress, Path out) {
        public Input {
            signals.requireFor(variant);
        }
    }

    /** The trained student (saved, in evaluation mode) and how training went. */
    public record Output(BiEncoder model, TrainingResult result) {
    }

    @Override
    public String name() {
        return name(variant);
    }

    @Override
    public List<String> requires() {
        return List.of(TeacherScoresStage.NAME);
    }

    /**
     * A fresh student of {@code size} with Matryoshka sizes {@code dims} (the first the width),
     * initialised with {@link Seeds#studentInit()} (every variant starts from the same weights).
     */
    public static BiEncoder fresh(WordPieceTokenizer tokenizer, PipelineConfig.ModelSize size, int[] dims, Seeds seeds) {
        return Models.student(tokenizer, size, dims, seeds.studentInit());
    }

    /**
     * A saved bi-encoder to start from, carrying the Matryoshka sizes {@code dims} from now on
     * (its width must be at least the first).
     */
    public static BiEncoder initial(Path dir, int[] dims) throws IOException {
        BiEncoder model = ModelFiles.loadBiEncoder(dir, WordPieceTokenizer::load);
        if (model.dimension() < dims[0]) {
            throw new IllegalArgumentException("the initial student " + dir + " is " + model.dimension()
                    + " wide, less than the first Matryoshka size " + dims[0]);
        }
        return model.withMatryoshkaDims(dims);
    }

    /** Trains, fails when training was stopped before its last step, saves the model. */
    public static Output train(Input in) throws IOException {
        return train(in, null);
    }

    /**
     * The same, evaluated during training by {@code monitor} (null: not evaluated); with its early
     * stopping the saved model is the one of the best evaluation.
     */
    public static Output train(Input in, Training.Monitor monitor) throws IOException {
        TrainingResult result = Training.student(in.model(), in.variant(), in.signals(), in.settings(), in.seeds().training(),
                in.trainingDir(), in.progress(), monitor);
        Training.requireFinished(result);
        in.model().eval();
        ModelFiles.save(in.model(), in.out());
        return new Output(in.model(), result);
    }

    /**
     * The evaluator of a student during training: each {@code validation} item's text retrieves
     * from the whole keyphrase pool at every Matryoshka size of the model, against the item's
     * grades in {@code truth}, or, when the truth is unknown, the judge's labels of its judged
     * pairs (relevant: grade 2).
     */
    public static RetrievalEvaluator validationEvaluator(BiEncoder model, Marketplace m, Set<String> validation,
                                                         List<Judgment> judgments, int k) {
        Map<String, Map<String, Integer>> judged = new HashMap<>();
        if (m.truth() == null) {
            for (Judgment j : judgments) {
                if (validation.contains(j.itemId()) && j.label() >= 0.5) {
                    judged.computeIfAbsent(j.itemId(), x -> new HashMap<>()).put(j.keyphrase(), Truth.RELEVANT);
                }
            }
        }
        List<RetrievalEvaluator.Query> queries = new ArrayList<>();
        for (Item item : m.items()) {
            if (validation.contains(item.id())) {
                queries.add(new RetrievalEvaluator.Query(item.text(),
                        m.truth() != null ? m.truth().gradesOf(item.id()) : judged.getOrDefault(item.id(), Map.of())));
            }
        }
        List<String> pool = m.keyphrases().stream().map(Keyphrase::text).toList();
        TextEmbedder keyphraseSide = model.twoTowers() ? model.keyphraseEmbedder() : model;
        return new RetrievalEvaluator(model, keyphraseSide, queries, pool, model.matryoshka().dims(), k);
    }

    @Override
    public String run(RunContext context) throws IOException {
        RunLayout layout = context.layout();
        Map<String, Item> byId = context.marketplace().itemsById();
        Signals signals = Signals.of(context.marketplace().clicks(), context.marketplace().relevance(),
                DataFiles.readRelevance(layout.teacherScores()), layout.teacherScores(), byId, context.fitIds());
        PipelineConfig.StudentTraining settings = context.config().student();
        Path init = context.initialStudent();
        BiEncoder model = init != null
                ? initial(init, settings.dims())
                : fresh(context.tokenizer(), context.config().model(), settings.dims(), context.seeds());
        PipelineConfig.Validation v = context.config().validation();
        int k = context.config().evaluation().k();
        Training.Monitor monitor = v == null ? null : new Training.Monitor(v.every(),
                validationEvaluator(model, context.marketplace(), context.validationIds(),
                        MarketplaceFiles.readJudgmentsChecked(layout.judgments(), byId), k),
                Training.stopping(v, Training.studentMetric(k)));
        Output out = train(new Input(model, variant, signals, settings, context.seeds(), layout.training(name()),
                context.progress(), layout.student(variant)), monitor);
        return variant.label() + (init != null ? " (started from " + init + ")" : "") + ": " + out.result().steps()
                + " steps on " + signals.describe(variant);
    }
}
