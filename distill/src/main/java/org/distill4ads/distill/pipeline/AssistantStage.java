package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.Truth;
import org.distill4ads.distill.eval.PairAucEvaluator;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.distill.train.TrainingResult;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * Stage 1c, {@code cross-encoder}: the assistant learns the judge's labels with binary
 * cross-entropy. Writes {@code cross-encoder/} (a model folder) and {@code training/cross-encoder/}.
 */
public final class AssistantStage implements Stage {
    public static final String NAME = "cross-encoder";

    /**
     * One training run of the assistant.
     *
     * @param model       the cross-encoder to train (fresh, see {@link #fresh}, or loaded)
     * @param examples    labelled pairs (see {@link #examples})
     * @param settings    steps, batch size, learning rate
     * @param seeds       the run's seeds (training uses {@link Seeds#training()})
     * @param trainingDir where the metrics log and checkpoints go (a rerun resumes from them)
     * @param out         the model folder to write
     */
    public record Input(CrossEncoder model, List<PairExample> examples, PipelineConfig.AssistantTraining settings, Seeds seeds,
                        Path trainingDir, ProgressMode progress, Path out) {
        public Input {
            if (examples.isEmpty()) {
                throw new IllegalArgumentException("no labelled pairs of training items to learn from");
            }
        }
    }

    /** The trained model (saved, in evaluation mode) and how training went. */
    public record Output(CrossEncoder model, TrainingResult result) {
        public double finalLoss() {
            return result.recentLosses().getOrDefault(Training.ASSISTANT_TASK, Double.NaN);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of(LabelStage.NAME, TokenizerStage.NAME);
    }

    /** A fresh cross-encoder of {@code size}, initialised with {@link Seeds#assistantInit()}. */
    public static CrossEncoder fresh(WordPieceTokenizer tokenizer, PipelineConfig.ModelSize size, Seeds seeds) {
        return Models.crossEncoder(tokenizer, size, seeds.assistantInit());
    }

    /**
     * The assistant the configuration asks for: pretrained MiniLM ({@link Models#pretrainedCrossEncoder},
     * its own vocabulary) or fresh at {@code size} with the run's {@code tokenizer}; the head (and a fresh
     * encoder) seeded with {@link Seeds#assistantInit()}.
     */
    public static CrossEncoder initial(PipelineConfig.AssistantModel model, WordPieceTokenizer tokenizer,
                                       PipelineConfig.ModelSize size, Seeds seeds) throws IOException {
        return model.pretrained() ? Models.pretrainedCrossEncoder(model, seeds.assistantInit()) : fresh(tokenizer, size, seeds);
    }

    /** The judgments of the items {@code training} accepts, as examples with target 1 (relevant) or 0. */
    public static List<PairExample> examples(List<Judgment> judgments, Map<String, Item> items, Predicate<String> training) {
        List<PairExample> out = new ArrayList<>();
        for (Judgment j : judgments) {
            if (training.test(j.itemId())) {
                out.add(new PairExample(items.get(j.itemId()).text(), j.keyphrase(), (float) j.label()));
            }
        }
        return out;
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
        TrainingResult result = Training.assistant(in.model(), in.examples(), in.settings(), in.seeds().training(),
                in.trainingDir(), in.progress(), monitor);
        Training.requireFinished(result);
        in.model().eval();
        ModelFiles.save(in.model(), in.out());
        return new Output(in.model(), result);
    }

    /**
     * The evaluator of the assistant during training: the judged pairs of the {@code validation}
     * items, scored in the assistant's pair format; {@code auc} against the judge's labels
     * (relevant = label at least 0.5) and, when {@code truth} is known, {@code auc_truth} against
     * grade {@link Truth#RELEVANT}.
     */
    public static PairAucEvaluator validationEvaluator(CrossEncoder model, List<Judgment> judgments, Map<String, Item> items,
                                                       Set<String> validation, Truth truth) {
        List<String> firsts = new ArrayList<>();
        List<String> seconds = new ArrayList<>();
        List<Boolean> judged = new ArrayList<>();
        List<Boolean> exact = new ArrayList<>();
        for (Judgment j : judgments) {
            if (validation.contains(j.itemId())) {
                firsts.add(items.get(j.itemId()).text());
                seconds.add(j.keyphrase());
                judged.add(j.label() >= 0.5);
                exact.add(truth != null && truth.grade(j.itemId(), j.keyphrase()) >= Truth.RELEVANT);
            }
        }
        if (firsts.isEmpty()) {
            throw new IllegalArgumentException("the " + validation.size() + " validation items have no judged pairs to evaluate the assistant on");
        }
        Map<String, boolean[]> labels = new LinkedHashMap<>();
        labels.put(Training.ASSISTANT_METRIC, toArray(judged));
        if (truth != null) {
            labels.put("auc_truth", toArray(exact));
        }
        return new PairAucEvaluator(PairText.scorer(model), firsts, seconds, labels);
    }

    private static boolean[] toArray(List<Boolean> list) {
        boolean[] out = new boolean[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    @Override
    public String run(RunContext context) throws IOException {
        RunLayout layout = context.layout();
        Map<String, Item> byId = context.marketplace().itemsById();
        List<Judgment> judgments = MarketplaceFiles.readJudgmentsChecked(layout.judgments(), byId);
        List<PairExample> examples = examples(judgments, byId, context.fitIds()::contains);
        Path init = context.initialAssistant();
        CrossEncoder model = init != null
                ? ModelFiles.loadCrossEncoder(init, WordPieceTokenizer::load)
                : initial(context.config().assistant().model(), context.tokenizer(), context.config().model(), context.seeds());
        PipelineConfig.Validation v = context.config().validation();
        Training.Monitor monitor = v == null ? null : new Training.Monitor(v.every(),
                validationEvaluator(model, judgments, byId, context.validationIds(), context.marketplace().truth()),
                Training.stopping(v, Training.ASSISTANT_METRIC));
        Output out = train(new Input(model, examples, context.config().assistant(), context.seeds(), layout.training(NAME),
                context.progress(), layout.assistant()), monitor);
        String start = init != null ? " (started from " + init + ")"
                : context.config().assistant().model().pretrained() ? " (started from " + PipelineConfig.AssistantModel.MINILM + ", "
                        + model.encoder().config().layers() + " layers)" : "";
        return "cross-encoder" + start + " trained on " + examples.size()
                + " labels for " + out.result().steps() + " steps" + (out.result().stoppedEarly() ? " (stopped early, best "
                + Training.ASSISTANT_METRIC + " " + String.format("%.4f", out.result().bestMetric()) + " kept)" : "")
                + ", final loss " + String.format("%.4f", out.finalLoss());
    }
}
