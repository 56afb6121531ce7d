package org.distill4ads.distill.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.List;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.transformer.model.Pooling;

/**
 * Everything that decides what a pipeline run computes. Written to the run folder as
 * {@code config.json}; a rerun in the same folder must use the same configuration.
 *
 * @param seed        seeds the split, the sampling, the models and their training
 * @param marketplace the simulated marketplace (used when no data folder is given)
 * @param heldOut     share of items held out of all training and used for evaluation
 * @param model       sizes of the tokenizer and the encoders
 * @param sampling    how many (item, keyphrase) pairs per training item are labelled and distilled
 * @param assistant   cross-encoder training
 * @param student     bi-encoder training
 * @param evaluation  the evaluation protocol's settings
 * @param variants    which students to train and compare
 * @param validation  the evaluation during training on a validation share of the training items,
 *                    or {@code null} (the default: no validation split, every training item trains)
 */
public record PipelineConfig(long seed, MarketplaceConfig marketplace, double heldOut, ModelSize model,
                             Sampling sampling, AssistantTraining assistant, StudentTraining student,
                             EvaluationSettings evaluation, List<Variant> variants,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Validation validation) {
    public PipelineConfig {
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("held-out share must be in (0, 1), got " + heldOut);
        }
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("at least one variant to train is needed");
        }
    }

    /** A configuration without an evaluation during training ({@code validation} null). */
    public PipelineConfig(long seed, MarketplaceConfig marketplace, double heldOut, ModelSize model, Sampling sampling,
                          AssistantTraining assistant, StudentTraining student, EvaluationSettings evaluation,
                          List<Variant> variants) {
        this(seed, marketplace, heldOut, model, sampling, assistant, student, evaluation, variants, null);
    }

    /**
     * The evaluation during training. A seeded {@code share} of the training items becomes the
     * validation split: none of its labels, clicks, SR or teacher scores trains any model. Every
     * {@code every} steps (and at the last) the assistant is scored on the validation items' judged
     * pairs ({@code auc} against the judge's labels, {@code auc_truth} against grade 2 of the truth
     * when known) and each student retrieves from the whole keyphrase pool for the validation items
     * ({@code recall@k}, {@code ndcg@k} at each Matryoshka size, against the truth's grades, or the
     * judge's labels when the truth is unknown); the figures go to each training's
     * {@code metrics.jsonl} and the report's plots.
     *
     * @param every    steps between evaluations, at least 1
     * @param share    share of the training items held out for validation, in (0, 0.5]
     * @param patience 0: evaluate only; at least 1: stop a training after this many evaluations
     *                 without improvement of {@code auc} (assistant) or {@code ndcg@k} (students), and
     *                 keep the weights of its best evaluation
     */
    public record Validation(int every, double share, int patience) {
        public Validation {
            if (every < 1 || !(share > 0 && share <= 0.5) || patience < 0) {
                throw new IllegalArgumentException("validation needs every >= 1, a share in (0, 0.5] and patience >= 0, got every "
                        + every + ", share " + share + ", patience " + patience);
            }
        }

        /** Whether a training stops early and keeps its best weights. */
        public boolean earlyStopping() {
            return patience > 0;
        }
    }

    /**
     * Encoder sizes: a WordPiece vocabulary learned from the data, then BERT layers.
     *
     * @param vocabulary  WordPiece vocabulary size to learn
     * @param hidden      hidden width (the student's full embedding size)
     * @param layers      transformer layers
     * @param heads       attention heads
     * @param maxLength   tokens per text for the student, per pair for the cross-encoder
     */
    public record ModelSize(int vocabulary, int hidden, int layers, int heads, int maxLength) {
        public ModelSize {
            if (vocabulary < 50 || hidden < 4 || layers < 1 || heads < 1 || maxLength < 4) {
                throw new IllegalArgumentException("model size too small: vocabulary " + vocabulary + ", hidden " + hidden
                        + ", layers " + layers + ", heads " + heads + ", max length " + maxLength);
            }
        }
    }

    /**
     * Candidate pairs per training item: the best BM25 matches of its title among the keyphrases
     * (the "retrieval candidates") plus random keyphrases (negatives), plus every clicked pair.
     */
    public record Sampling(int labelCandidates, int labelRandom, int distillCandidates, int distillRandom) {
        public Sampling {
            if (labelCandidates < 0 || labelRandom < 0 || distillCandidates < 0 || distillRandom < 0
                    || labelCandidates + labelRandom == 0 || distillCandidates + distillRandom == 0) {
                throw new IllegalArgumentException("sampling counts must be >= 0 with some pairs to label and to distill, got "
                        + labelCandidates + ", " + labelRandom + ", " + distillCandidates + ", " + distillRandom);
            }
        }
    }

    /**
     * Cross-encoder training on the judge's labels with binary cross-entropy.
     *
     * @param model where the cross-encoder starts: pretrained MiniLM (truncated) or from scratch
     */
    public record AssistantTraining(int steps, int batchSize, double learningRate, AssistantModel model) {
        public AssistantTraining {
            check(steps, batchSize, learningRate);
            if (model == null) {
                throw new IllegalArgumentException("the assistant's model must not be null (AssistantModel.SCRATCH for a fresh one)");
            }
        }

        /**
         * The first round's from-scratch assistant: 700 steps, batch 32, learning rate 1e-3 (the
         * defaults of the {@code train-cross-encoder} step command, which trains from scratch).
         */
        public static final AssistantTraining FROM_SCRATCH = new AssistantTraining(700, 32, 1e-3);

        /** A cross-encoder trained from scratch at the {@link ModelSize} (the first round's assistant). */
        public AssistantTraining(int steps, int batchSize, double learningRate) {
            this(steps, batchSize, learningRate, AssistantModel.SCRATCH);
        }

        public AssistantTraining withSteps(int v) {
            return new AssistantTraining(v, batchSize, learningRate, model);
        }

        public AssistantTraining withModel(AssistantModel v) {
            return new AssistantTraining(steps, batchSize, learningRate, v);
        }
    }

    /**
     * The assistant's starting point.
     *
     * @param base                  {@link #MINILM} (the pretrained all-MiniLM-L6-v2 weights and WordPiece
     *                              vocabulary the Maven artifact ships) or {@link #FROM_SCRATCH} (a fresh
     *                              encoder of the run's {@link ModelSize} and learned vocabulary)
     * @param layers                pretrained: how many of MiniLM's 6 layers to keep (the first ones)
     * @param maxLength             pretrained: tokens per pair (the special tokens included)
     * @param freezeWordEmbeddings  pretrained: keep the 30,522 x 384 word embeddings fixed, so a step
     *                              updates only the rows of the other tables and the layers
     * @param pooling               pretrained: what the classification head reads, [CLS] or the mean of the tokens
     */
    public record AssistantModel(String base, int layers, int maxLength, boolean freezeWordEmbeddings, Pooling pooling) {
        public static final String MINILM = "all-MiniLM-L6-v2";
        public static final String FROM_SCRATCH = "scratch";
        /** From scratch: sizes come from the run's {@link ModelSize}. */
        public static final AssistantModel SCRATCH = new AssistantModel(FROM_SCRATCH, 0, 0, false, Pooling.CLS);

        public AssistantModel {
            if (pooling == null) {
                throw new IllegalArgumentException("the assistant's pooling must not be null");
            }
            if (MINILM.equals(base)) {
                if (layers < 1 || layers > 6 || maxLength < 8 || maxLength > 512) {
                    throw new IllegalArgumentException("a MiniLM assistant needs 1..6 layers and a max length in 8..512, got "
                            + layers + " layers, max length " + maxLength);
                }
            } else if (!FROM_SCRATCH.equals(base)) {
                throw new IllegalArgumentException("the assistant's base must be '" + MINILM + "' or '" + FROM_SCRATCH
                        + "', got '" + base + "'");
            }
        }

        /** The first {@code layers} layers of all-MiniLM-L6-v2, word embeddings frozen. */
        public static AssistantModel minilm(int layers, int maxLength, Pooling pooling) {
            return new AssistantModel(MINILM, layers, maxLength, true, pooling);
        }

        public boolean pretrained() {
            return MINILM.equals(base);
        }
    }

    /**
     * Bi-encoder training.
     *
     * @param dims           Matryoshka sizes, strictly decreasing, the first equal to the model's width
     * @param clickWeight    weight of the click task's loss
     * @param srWeight       weight of the SR task's loss
     * @param teacherWeight  weight of the distillation task's loss
     */
    public record StudentTraining(int steps, int batchSize, double learningRate, int[] dims, double clickWeight,
                                  double srWeight, double teacherWeight) {
        public StudentTraining {
            check(steps, batchSize, learningRate);
            dims = dims.clone();
            if (!(clickWeight > 0 && srWeight > 0 && teacherWeight > 0)) {
                throw new IllegalArgumentException("task weights must be positive, got " + clickWeight + ", " + srWeight + ", " + teacherWeight);
            }
        }

        public StudentTraining withSteps(int v) {
            return new StudentTraining(v, batchSize, learningRate, dims, clickWeight, srWeight, teacherWeight);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StudentTraining s && s.steps == steps && s.batchSize == batchSize
                    && s.learningRate == learningRate && Arrays.equals(s.dims, dims) && s.clickWeight == clickWeight
                    && s.srWeight == srWeight && s.teacherWeight == teacherWeight;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(dims) * 31 + steps;
        }

        @Override
        public String toString() {
            return "StudentTraining[steps=" + steps + ", batchSize=" + batchSize + ", lr=" + learningRate + ", dims="
                    + Arrays.toString(dims) + ", weights=" + clickWeight + "/" + srWeight + "/" + teacherWeight + "]";
        }
    }

    /**
     * @param candidates  keyphrases retrieved per item before de-duplication and filtering
     * @param k           recommendations kept per item
     * @param filterShare the relevance filter's threshold keeps this share of clicked training pairs
     * @param maxItems    held-out items evaluated (0: all)
     */
    public record EvaluationSettings(int candidates, int k, double filterShare, int maxItems) {
        public EvaluationSettings {
            if (k < 1 || candidates < k || !(filterShare > 0 && filterShare <= 1) || maxItems < 0) {
                throw new IllegalArgumentException("need 1 <= k <= candidates, filter share in (0, 1] and maxItems >= 0, got k "
                        + k + ", candidates " + candidates + ", share " + filterShare + ", maxItems " + maxItems);
            }
        }
    }

    private static void check(int steps, int batchSize, double lr) {
        if (steps < 1 || batchSize < 2 || !(lr > 0)) {
            throw new IllegalArgumentException("need steps >= 1, batch size >= 2 and a positive learning rate, got "
                    + steps + ", " + batchSize + ", " + lr);
        }
    }

    /**
     * The main job's defaults: the default marketplace, the assistant from the first 4 layers of
     * all-MiniLM-L6-v2 (mean pooling, word embeddings frozen, 250 steps), all four students, about
     * ten minutes on 2 cores (docs/results.md measures each choice).
     */
    public static PipelineConfig defaults() {
        return new PipelineConfig(42, MarketplaceConfig.defaults(), 0.2,
                new ModelSize(1200, 64, 2, 4, 24),
                new Sampling(12, 4, 12, 4),
                new AssistantTraining(250, 32, 2e-4, AssistantModel.minilm(4, 32, Pooling.MEAN)),
                new StudentTraining(400, 32, 1e-3, new int[] {64, 32, 16}, 1, 1, 1),
                new EvaluationSettings(50, 10, 0.95, 0),
                List.of(Variant.values()));
    }

    /** A run of about a minute for CI and a first look: a small marketplace, tiny models, few steps. */
    public static PipelineConfig quick() {
        return new PipelineConfig(42, MarketplaceConfig.small(), 0.2,
                new ModelSize(400, 32, 1, 2, 20),
                new Sampling(8, 4, 12, 4),
                new AssistantTraining(40, 32, 3e-4, AssistantModel.minilm(1, 32, Pooling.MEAN)),
                new StudentTraining(80, 32, 2e-3, new int[] {32, 16}, 1, 1, 1),
                new EvaluationSettings(30, 10, 0.95, 60),
                List.of(Variant.CLICKS, Variant.PEARSON));
    }

    /** The fields of a {@link PipelineConfig}, to change some and build a new one ({@link #with}). */
    public static final class Builder {
        public long seed;
        public MarketplaceConfig marketplace;
        public double heldOut;
        public ModelSize model;
        public Sampling sampling;
        public AssistantTraining assistant;
        public StudentTraining student;
        public EvaluationSettings evaluation;
        public List<Variant> variants;
        public Validation validation;

        private Builder(PipelineConfig c) {
            seed = c.seed;
            marketplace = c.marketplace;
            heldOut = c.heldOut;
            model = c.model;
            sampling = c.sampling;
            assistant = c.assistant;
            student = c.student;
            evaluation = c.evaluation;
            variants = c.variants;
            validation = c.validation;
        }

        public PipelineConfig build() {
            return new PipelineConfig(seed, marketplace, heldOut, model, sampling, assistant, student, evaluation, variants,
                    validation);
        }
    }

    /** A copy with the changes {@code change} makes, e.g. {@code c.with(b -> b.heldOut = 0.3)}. */
    public PipelineConfig with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The run's seed, and the simulated marketplace's with it. */
    public PipelineConfig withSeed(long v) {
        return with(b -> {
            b.seed = v;
            b.marketplace = marketplace.withSeed(v);
        });
    }

    public PipelineConfig withVariants(List<Variant> v) {
        return with(b -> b.variants = v);
    }

    public PipelineConfig withMarketplace(MarketplaceConfig v) {
        return with(b -> b.marketplace = v);
    }

    public PipelineConfig withModel(ModelSize v) {
        return with(b -> b.model = v);
    }

    public PipelineConfig withAssistant(AssistantTraining v) {
        return with(b -> b.assistant = v);
    }

    public PipelineConfig withStudent(StudentTraining v) {
        return with(b -> b.student = v);
    }

    public PipelineConfig withEvaluation(EvaluationSettings v) {
        return with(b -> b.evaluation = v);
    }

    /** The evaluation during training, or {@code null} for none. */
    public PipelineConfig withValidation(Validation v) {
        return with(b -> b.validation = v);
    }

    public PipelineConfig withSampling(Sampling v) {
        return with(b -> b.sampling = v);
    }
}
