package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.MarketplaceFiles;
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
        TrainingResult result = Training.assistant(in.model(), in.examples(), in.settings(), in.seeds().training(),
                in.trainingDir(), in.progress());
        Training.requireFinished(result);
        in.model().eval();
        ModelFiles.save(in.model(), in.out());
        return new Output(in.model(), result);
    }

    @Override
    public String run(RunContext context) throws IOException {
        RunLayout layout = context.layout();
        Map<String, Item> byId = context.marketplace().itemsById();
        List<PairExample> examples = examples(MarketplaceFiles.readJudgmentsChecked(layout.judgments(), byId), byId,
                context.trainingIds()::contains);
        Path init = context.initialAssistant();
        CrossEncoder model = init != null
                ? ModelFiles.loadCrossEncoder(init, WordPieceTokenizer::load)
                : initial(context.config().assistant().model(), context.tokenizer(), context.config().model(), context.seeds());
        Output out = train(new Input(model, examples, context.config().assistant(), context.seeds(), layout.training(NAME),
                context.progress(), layout.assistant()));
        String start = init != null ? " (started from " + init + ")"
                : context.config().assistant().model().pretrained() ? " (started from " + PipelineConfig.AssistantModel.MINILM + ", "
                        + model.encoder().config().layers() + " layers)" : "";
        return "cross-encoder" + start + " trained on " + examples.size()
                + " labels for " + out.result().steps() + " steps, final loss " + String.format("%.4f", out.finalLoss());
    }
}
